package dev.offlineauth.actuate;

import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.revocation.EventType;
import dev.offlineauth.revocation.RevocationObserver;
import dev.offlineauth.revocation.WebhookOutcome;

/**
 * Counts FusionAuth's webhooks, {@code offline.auth.revocation.events} tagged {@code type} (the event types
 * acted on, {@code other}, {@code unknown}) and {@code outcome}, and gauges the cutoffs held,
 * {@code offline.auth.revocation.cutoffs}. Both tags have fixed values only; a counter is registered the
 * first time its pair occurs.
 */
public final class RevocationMetrics implements RevocationObserver {

	static final String EVENTS = "offline.auth.revocation.events";

	static final String CUTOFFS = "offline.auth.revocation.cutoffs";

	private final MeterRegistry registry;

	private final Counter[][] counters = new Counter[EventType.values().length][WebhookOutcome.values().length];

	public RevocationMetrics(MeterRegistry registry, CutoffTable table) {
		this.registry = Objects.requireNonNull(registry, "registry");
		Gauge.builder(CUTOFFS, table, CutoffTable::size)
			.description("Revocation cutoffs held: tokens issued before one are refused")
			.register(registry);
	}

	@Override
	public void received(EventType type, WebhookOutcome outcome) {
		Counter counter = this.counters[type.ordinal()][outcome.ordinal()];
		if (counter == null) {
			// Registering is idempotent, so two threads racing here end up with the same counter.
			counter = Counter.builder(EVENTS)
				.description("FusionAuth webhooks received, by event type and outcome")
				.tag("type", type.value())
				.tag("outcome", outcome.value())
				.register(this.registry);
			this.counters[type.ordinal()][outcome.ordinal()] = counter;
		}
		counter.increment();
	}

}
