package dev.offlineauth.actuate;

import java.util.Objects;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.offlineauth.jwt.VerifiedTokenCache;

/**
 * The verified-token cache: {@code offline.auth.token.cache} (requests, {@code result} {@code hit} or
 * {@code miss}), {@code offline.auth.token.cache.size} (tokens held) and
 * {@code offline.auth.token.cache.weight} (bytes held, as the cache estimates them). The cache counts for
 * itself; these only read its counters, so a request never touches Micrometer.
 */
public final class VerifiedTokenCacheMetrics implements MeterBinder {

	private final VerifiedTokenCache cache;

	public VerifiedTokenCacheMetrics(VerifiedTokenCache cache) {
		this.cache = Objects.requireNonNull(cache, "cache");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("offline.auth.token.cache", this.cache, VerifiedTokenCache::hits)
			.description("Requests whose token was already verified by a key still in the ring")
			.tag("result", "hit")
			.register(registry);
		FunctionCounter.builder("offline.auth.token.cache", this.cache, VerifiedTokenCache::misses)
			.description("Requests whose token had to be verified")
			.tag("result", "miss")
			.register(registry);
		Gauge.builder("offline.auth.token.cache.size", this.cache, VerifiedTokenCache::size)
			.description("Tokens held by the verified-token cache")
			.register(registry);
		Gauge.builder("offline.auth.token.cache.weight", this.cache, VerifiedTokenCache::weightedSize)
			.description("Bytes held by the verified-token cache, as it estimates them")
			.baseUnit("bytes")
			.register(registry);
	}

}
