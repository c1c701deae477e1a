package dev.offlineauth.actuate;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TokenStatus;
import dev.offlineauth.web.DecisionObserver;

/**
 * Counts offline-auth's decisions: {@code offline.auth.decisions}, tagged {@code outcome} (fresh, grace,
 * rejected) and {@code code} (the refusal's code, or none). Every counter is registered up front, so a
 * request only increments one.
 */
public final class DecisionMetrics implements DecisionObserver {

	static final String NAME = "offline.auth.decisions";

	private final Map<TokenStatus, Counter> accepted = new EnumMap<>(TokenStatus.class);

	private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);

	public DecisionMetrics(MeterRegistry registry) {
		for (TokenStatus status : TokenStatus.values()) {
			this.accepted.put(status, counter(registry, status.value(), "none"));
		}
		for (Refusal refusal : Refusal.values()) {
			if (refusal != Refusal.INSUFFICIENT_SCOPE) {
				this.refused.put(refusal, counter(registry, "rejected", refusal.code()));
			}
		}
	}

	private static Counter counter(MeterRegistry registry, String outcome, String code) {
		return Counter.builder(NAME)
			.description("Decisions of offline-auth on requests")
			.tag("outcome", outcome)
			.tag("code", code)
			.register(registry);
	}

	@Override
	public void accepted(TokenStatus status) {
		this.accepted.get(status).increment();
	}

	@Override
	public void refused(Refusal refusal) {
		Counter counter = this.refused.get(refusal);
		if (counter != null) {
			counter.increment();
		}
	}

}
