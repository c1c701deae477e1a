package dev.offlineauth.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.offlineauth.test.ManualTime;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectivityTests {

	private final ManualTime time = ManualTime.at("2030-01-01T00:00:00Z");

	private final TrustedClock clock = new TrustedClock(this.time.timeSource(), Duration.ofMinutes(5));

	private final Connectivity connectivity = new Connectivity(this.time.timeSource(), this.clock, true);

	private final Logger julLogger = Logger.getLogger(Connectivity.class.getName());

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {
		@Override
		public void publish(LogRecord record) {
			ConnectivityTests.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}
	};

	@BeforeEach
	void capture() {
		this.julLogger.addHandler(this.handler);
	}

	@AfterEach
	void release() {
		this.julLogger.removeHandler(this.handler);
	}

	@Test
	void startsUnknownAndRecordsTheLastSuccessfulContact() {
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.UNKNOWN);
		assertThat(this.connectivity.state().lastContact()).isNull();

		this.connectivity.contactSucceeded(null);
		Instant contact = this.time.now();
		this.time.advance(Duration.ofMinutes(10));
		this.connectivity.contactFailed("timeout");

		Connectivity.State state = this.connectivity.state();
		assertThat(state.status()).isEqualTo(ConnectivityStatus.OFFLINE);
		assertThat(state.lastContact()).isEqualTo(contact);
		assertThat(state.lastFailure()).isEqualTo("timeout");
		assertThat(this.connectivity.sinceLastContact(state)).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void eachTransitionIsLoggedOnceNotEachContact() {
		this.connectivity.contactSucceeded(null);
		for (int i = 0; i < 100; i++) {
			this.connectivity.contactFailed("connection");
		}
		for (int i = 0; i < 100; i++) {
			this.connectivity.contactSucceeded(null);
		}

		assertThat(this.records).extracting(LogRecord::getLevel)
			.containsExactly(java.util.logging.Level.INFO, java.util.logging.Level.WARNING,
					java.util.logging.Level.INFO);
		assertThat(this.records.get(1).getMessage()).contains("unreachable");
	}

	@Test
	void aSuccessfulContactFeedsTheTrustedClock() {
		Instant serverTime = this.time.now().plusSeconds(5);

		this.connectivity.contactSucceeded(serverTime);

		assertThat(this.clock.lastServerTime()).isEqualTo(serverTime);
	}

	@Test
	void withoutContactConfiguredItIsOfflineForGood() {
		Connectivity never = new Connectivity(this.time.timeSource(), this.clock, false);

		assertThat(never.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
	}

}
