package dev.offlineauth.jwt;

import java.util.Objects;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import dev.offlineauth.jwks.KeyRing;

/**
 * The {@link ReactiveJwtDecoder} of offline-auth: the decode path of {@link OfflineJwtDecoder} (the same
 * key ring, verified-token cache, claim checks, offline policy and revocation, the same refusals), with
 * the one wait that path can have made asynchronous.
 * <ul>
 * <li>With the key at hand (a cache hit, or a kid the ring has) the token is decided on the calling thread,
 * at once: nothing on that path waits.</li>
 * <li>An unknown kid, or no key at all, asks the key rings for the shared, rate-limited fetch without
 * waiting for it; the decision is made when that fetch completes or the bounded wait runs out, on a
 * {@link Schedulers#parallel() parallel} thread, so that neither an event loop nor a fetch thread runs
 * the rest of the request.</li>
 * </ul>
 *
 * <p>Thread-safe, as the decoder it shares its path with.
 */
public final class OfflineReactiveJwtDecoder implements ReactiveJwtDecoder {

	private final OfflineJwtDecoder decoder;

	private final Scheduler afterFetch;

	/**
	 * @param decoder the decode path to share, and its key rings
	 */
	public OfflineReactiveJwtDecoder(OfflineJwtDecoder decoder) {
		this(decoder, Schedulers.parallel());
	}

	/**
	 * @param decoder the decode path to share, and its key rings
	 * @param afterFetch where a decode that waited for a fetch goes on
	 */
	public OfflineReactiveJwtDecoder(OfflineJwtDecoder decoder, Scheduler afterFetch) {
		this.decoder = Objects.requireNonNull(decoder, "decoder");
		this.afterFetch = Objects.requireNonNull(afterFetch, "afterFetch");
	}

	@Override
	public Mono<Jwt> decode(String token) {
		try {
			OfflineJwtDecoder.checkLength(token);
			return decide(token, this.decoder.keys().current(), OfflineJwtDecoder.Stage.KEYS_AT_HAND);
		}
		catch (JwtException ex) {
			return Mono.error(ex);
		}
	}

	private Mono<Jwt> decide(String token, KeyRing ring, OfflineJwtDecoder.Stage stage) {
		try {
			return Mono.just(this.decoder.decode(token, ring, stage));
		}
		catch (OfflineJwtDecoder.KeysNeeded needed) {
			return Mono.fromFuture(() -> this.decoder.keys().refetchAsync(needed.kid()))
				.publishOn(this.afterFetch)
				.flatMap((refetched) -> decide(token, refetched, needed.next()));
		}
		catch (JwtException ex) {
			return Mono.error(ex);
		}
	}

}
