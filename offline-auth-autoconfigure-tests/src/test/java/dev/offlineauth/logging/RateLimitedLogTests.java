package dev.offlineauth.logging;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTests {

	private static final String NAME = RateLimitedLogTests.class.getName();

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final RateLimitedLog log = new RateLimitedLog(System.getLogger(NAME), Duration.ofMinutes(1), this.nanos::get);

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {
		@Override
		public void publish(LogRecord record) {
			RateLimitedLogTests.this.lines.add(record.getMessage());
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
		Logger.getLogger(NAME).addHandler(this.handler);
	}

	@AfterEach
	void release() {
		Logger.getLogger(NAME).removeHandler(this.handler);
	}

	@Test
	void aKeyIsLoggedOncePerIntervalAndTheNextLineCountsWhatWasHeldBack() {
		for (int i = 0; i < 100; i++) {
			this.log.log(Level.WARNING, "iss", () -> "wrong issuer", null);
		}
		this.nanos.addAndGet(Duration.ofMinutes(1).toNanos());
		this.log.log(Level.WARNING, "iss", () -> "wrong issuer", null);

		assertThat(this.lines).containsExactly("wrong issuer",
				"wrong issuer (and 99 more times since the last such line)");
	}

	@Test
	void keysAreLimitedEachOnTheirOwn() {
		this.log.log(Level.WARNING, "iss", () -> "wrong issuer", null);
		this.log.log(Level.WARNING, "aud", () -> "wrong audience", null);
		this.log.log(Level.WARNING, "iss", () -> "wrong issuer", null);

		assertThat(this.lines).containsExactly("wrong issuer", "wrong audience");
	}

	@Test
	void theMessageIsNotBuiltWhenNothingIsLogged() {
		this.log.log(Level.WARNING, "iss", () -> "first", null);

		boolean logged = this.log.log(Level.WARNING, "iss", () -> {
			throw new AssertionError("built although held back");
		}, null);

		assertThat(logged).isFalse();
	}

}
