package dev.offlineauth.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.offlineauth.test.CapturedLog;
import dev.offlineauth.test.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectivityTests {

	private final ManualClock time = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final Connectivity connectivity = new Connectivity(this.time.timeSource(), true);

	@RegisterExtension
	final CapturedLog log = CapturedLog.of(Connectivity.class, java.util.logging.Level.ALL);

	private final List<LogRecord> records = this.log.records();

	private long now() {
		return this.time.timeSource().nanoTime();
	}

	@Test
	void startsUnknownAndRecordsWhenFusionAuthLastAnswered() {
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.UNKNOWN);
		assertThat(this.connectivity.state().lastReached()).isNull();

		this.connectivity.reached(now());
		Instant contact = this.time.now();
		this.time.advance(Duration.ofMinutes(10));
		this.connectivity.unreachable(now(), "timeout");

		Connectivity.State state = this.connectivity.state();
		assertThat(state.status()).isEqualTo(ConnectivityStatus.OFFLINE);
		assertThat(state.lastReached()).isEqualTo(contact);
		assertThat(state.lastFailure()).isEqualTo("timeout");
		assertThat(this.connectivity.sinceLastReached(state)).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void eachTransitionIsLoggedOnceNotEachContact() {
		this.connectivity.reached(now());
		for (int i = 0; i < 100; i++) {
			this.connectivity.unreachable(now(), "connection");
		}
		for (int i = 0; i < 100; i++) {
			this.connectivity.reached(now());
		}

		assertThat(this.records).extracting(LogRecord::getLevel)
			.containsExactly(java.util.logging.Level.INFO, java.util.logging.Level.WARNING,
					java.util.logging.Level.INFO);
		assertThat(this.records.get(1).getMessage()).contains("unreachable");
	}

	@Test
	void aContactThatEndsLateNeverOverridesOneThatStartedAfterIt() {
		// A probe starts, then hangs; meanwhile a fetch starts and succeeds.
		long probeStarted = now();
		this.time.advance(Duration.ofSeconds(3));
		this.connectivity.reached(now());
		this.time.advance(Duration.ofSeconds(4));

		this.connectivity.unreachable(probeStarted, "probe timed out");

		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
		assertThat(this.connectivity.state().lastFailure()).isNull();
	}

	@Test
	void aSuccessThatEndsLateNeverOverridesANewerFailure() {
		long slowFetchStarted = now();
		this.time.advance(Duration.ofSeconds(2));
		this.connectivity.unreachable(now(), "probe could not connect");
		this.time.advance(Duration.ofSeconds(5));

		this.connectivity.reached(slowFetchStarted);

		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
		assertThat(this.records).extracting(LogRecord::getLevel).containsExactly(java.util.logging.Level.WARNING);
	}

	@Test
	void withoutContactConfiguredItIsOfflineForGood() {
		Connectivity never = new Connectivity(this.time.timeSource(), false);

		assertThat(never.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
	}

}
