package dev.offlineauth.logging;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.offlineauth.test.CapturedLog;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTests {

	private static final String NAME = RateLimitedLogTests.class.getName();

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final RateLimitedLog log = new RateLimitedLog(System.getLogger(NAME), Duration.ofMinutes(1), this.nanos::get);

	@RegisterExtension
	final CapturedLog captured = CapturedLog.of(NAME, java.util.logging.Level.ALL);

	@Test
	void aKeyIsLoggedOncePerIntervalAndTheNextLineCountsWhatWasHeldBack() {
		for (int i = 0; i < 100; i++) {
			this.log.log(Level.WARNING, "iss", () -> "wrong issuer", null);
		}
		this.nanos.addAndGet(Duration.ofMinutes(1).toNanos());
		this.log.log(Level.WARNING, "iss", () -> "wrong issuer", null);

		assertThat(this.captured.messages()).containsExactly("wrong issuer",
				"wrong issuer (and 99 more times since the last such line)");
	}

	@Test
	void keysAreLimitedEachOnTheirOwn() {
		this.log.log(Level.WARNING, "iss", () -> "wrong issuer", null);
		this.log.log(Level.WARNING, "aud", () -> "wrong audience", null);
		this.log.log(Level.WARNING, "iss", () -> "wrong issuer", null);

		assertThat(this.captured.messages()).containsExactly("wrong issuer", "wrong audience");
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
