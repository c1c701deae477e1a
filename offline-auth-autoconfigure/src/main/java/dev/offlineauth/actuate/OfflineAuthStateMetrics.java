package dev.offlineauth.actuate;

import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.KeyFreshness;

/**
 * Gauges of the state offline-auth is in: {@code offline.auth.connectivity} (1 for the current
 * {@code state}, 0 for the others), {@code offline.auth.contact.age} (seconds since FusionAuth last
 * answered, or since startup), {@code offline.auth.keys.age} (seconds since the keys were last refreshed,
 * which is what {@code max-offline} counts) and {@code offline.auth.keys} (keys known, by {@code source}).
 */
public final class OfflineAuthStateMetrics implements MeterBinder {

	private final Connectivity connectivity;

	private final KeyFreshness keyFreshness;

	private final KeyRingProvider keys;

	public OfflineAuthStateMetrics(Connectivity connectivity, KeyFreshness keyFreshness, KeyRingProvider keys) {
		this.connectivity = Objects.requireNonNull(connectivity, "connectivity");
		this.keyFreshness = Objects.requireNonNull(keyFreshness, "keyFreshness");
		this.keys = Objects.requireNonNull(keys, "keys");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ConnectivityStatus status : ConnectivityStatus.values()) {
			Gauge.builder("offline.auth.connectivity", this, (self) -> (self.connectivity.state().status() == status) ? 1 : 0)
				.description("Whether FusionAuth answered its latest contact: 1 for the current state")
				.tag("state", status.value())
				.register(registry);
		}
		Gauge.builder("offline.auth.contact.age", this,
				(self) -> self.connectivity.sinceLastReached(self.connectivity.state()).toMillis() / 1000.0)
			.description("Time since FusionAuth last answered (since startup if it has not)")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("offline.auth.keys.age", this,
				(self) -> self.keyFreshness.sinceLastRefresh(self.keyFreshness.state()).toMillis() / 1000.0)
			.description("Time since the keys were last refreshed from FusionAuth; max-offline counts this")
			.baseUnit("seconds")
			.register(registry);
		for (KeySource source : new KeySource[] { KeySource.REMOTE, KeySource.LAST_KNOWN_GOOD, KeySource.BUNDLED }) {
			Gauge.builder("offline.auth.keys", this, (self) -> {
				KeyRing ring = self.keys.current();
				return (ring.source() == source) ? ring.kids().size() : 0;
			}).description("Verification keys known, by where they came from").tag("source", source.value()).register(registry);
		}
	}

}
