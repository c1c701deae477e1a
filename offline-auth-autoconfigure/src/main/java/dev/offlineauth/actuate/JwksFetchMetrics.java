package dev.offlineauth.actuate;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.offlineauth.jwks.FetchedJwks;
import dev.offlineauth.jwks.JwksException;
import dev.offlineauth.jwks.JwksFetchListener;
import dev.offlineauth.jwks.KeyRing;

/** Counts JWKS fetches by outcome and reason: {@code offline.auth.jwks.fetches}. */
public final class JwksFetchMetrics implements JwksFetchListener {

	static final String NAME = "offline.auth.jwks.fetches";

	private final Counter success;

	private final Map<JwksException.Reason, Counter> failures = new EnumMap<>(JwksException.Reason.class);

	public JwksFetchMetrics(MeterRegistry registry) {
		this.success = counter(registry, "success", "none");
		for (JwksException.Reason reason : JwksException.Reason.values()) {
			this.failures.put(reason, counter(registry, "failure", reason.value()));
		}
	}

	private static Counter counter(MeterRegistry registry, String outcome, String reason) {
		return Counter.builder(NAME)
			.description("JWKS fetches from FusionAuth")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.register(registry);
	}

	@Override
	public void fetched(KeyRing ring, FetchedJwks fetched) {
		this.success.increment();
	}

	@Override
	public void failed(JwksException failure) {
		this.failures.get(failure.reason()).increment();
	}

}
