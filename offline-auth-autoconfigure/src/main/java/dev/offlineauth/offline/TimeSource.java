package dev.offlineauth.offline;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The two clocks offline-auth reads: the wall clock, which says what time it is and can be wrong or wound
 * back, and a monotonic clock, which only measures how much time has passed. Both are injected so that
 * expiry, grace and offline limits are tested by moving time rather than by waiting.
 *
 * @param wallClock the wall clock
 * @param monotonicNanos a monotonic nanosecond counter, as {@link System#nanoTime()}
 */
public record TimeSource(Clock wallClock, LongSupplier monotonicNanos) {

	private static final TimeSource SYSTEM = new TimeSource(Clock.systemUTC(), System::nanoTime);

	public TimeSource {
		Objects.requireNonNull(wallClock, "wallClock");
		Objects.requireNonNull(monotonicNanos, "monotonicNanos");
	}

	/** The system's UTC wall clock and {@link System#nanoTime()}. */
	public static TimeSource system() {
		return SYSTEM;
	}

	/** What the wall clock reads now. */
	public Instant wallTime() {
		return this.wallClock.instant();
	}

	/** The monotonic counter now; only differences between two readings mean anything. */
	public long nanoTime() {
		return this.monotonicNanos.getAsLong();
	}

}
