package dev.offlineauth.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * FusionAuth's clock, carried forward by the monotonic clock between contacts.
 *
 * <p>Every successful response from FusionAuth carries a {@code Date} header. That instant, advanced by
 * the monotonic time elapsed since it was received, is a lower bound for the real time that nobody on
 * this host can wind back. A wall clock reading more than the tolerance behind it has been wound back
 * (or FusionAuth's clock is far ahead): offline-auth then refuses tokens rather than judge expiry by a
 * clock it cannot trust.
 */
public final class TrustedClock {

	private final TimeSource time;

	private final Duration rollbackTolerance;

	private volatile Anchor anchor;

	public TrustedClock(TimeSource time, Duration rollbackTolerance) {
		this.time = Objects.requireNonNull(time, "time");
		this.rollbackTolerance = Objects.requireNonNull(rollbackTolerance, "rollbackTolerance");
	}

	/**
	 * Records FusionAuth's time, as read from the {@code Date} header of a response received just now.
	 * @param serverTime FusionAuth's time
	 */
	public void observe(Instant serverTime) {
		this.anchor = new Anchor(Objects.requireNonNull(serverTime, "serverTime"), this.time.nanoTime());
	}

	/** Reads both clocks at once; every decision about one request uses one reading. */
	public Reading read() {
		Instant local = this.time.wallTime();
		Anchor anchor = this.anchor;
		if (anchor == null) {
			return new Reading(local, null, false);
		}
		Instant trusted = anchor.serverTime.plusNanos(this.time.nanoTime() - anchor.nanos);
		boolean rolledBack = local.isBefore(trusted.minus(this.rollbackTolerance));
		return new Reading(local, trusted, rolledBack);
	}

	/** The last time FusionAuth told, or {@code null} before any contact. */
	public Instant lastServerTime() {
		Anchor anchor = this.anchor;
		return (anchor != null) ? anchor.serverTime : null;
	}

	public Duration rollbackTolerance() {
		return this.rollbackTolerance;
	}

	/**
	 * One reading of the local and the trusted clock.
	 *
	 * @param local the wall clock
	 * @param trusted FusionAuth's time carried forward, or {@code null} before any contact
	 * @param rolledBack whether the wall clock is more than the tolerance behind the trusted time
	 */
	public record Reading(Instant local, Instant trusted, boolean rolledBack) {

		/**
		 * The time used for every check: the later of the two clocks, so that winding the wall clock back
		 * (within the tolerance) can never make an expired token valid again.
		 */
		public Instant now() {
			return (this.trusted == null || this.local.isAfter(this.trusted)) ? this.local : this.trusted;
		}

	}

	private record Anchor(Instant serverTime, long nanos) {
	}

}
