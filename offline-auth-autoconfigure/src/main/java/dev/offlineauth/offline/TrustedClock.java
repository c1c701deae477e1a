package dev.offlineauth.offline;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lower bound for the real time that nobody on this host can wind back, from two sources, each carried
 * forward by the monotonic clock:
 * <ul>
 * <li>the <b>signed {@code iat}</b> of every verified token: FusionAuth signed it, and a token claiming to
 * be issued later than now plus the clock skew is refused, so no token pushes this far. The latest one seen
 * is a floor that never moves backward, and it works when FusionAuth sends no {@code Date} header at all;</li>
 * <li>FusionAuth's <b>{@code Date} header</b>, from a response over HTTPS or from a loopback address only
 * (the caller decides). It follows FusionAuth when it corrects its clock, but never below the floor, so a
 * forged backward {@code Date} changes nothing. A single response claiming a time more than the tolerance
 * ahead of the local clock is only <em>pending</em>: it is adopted when a second contact claims the same
 * time, or a verified token's {@code iat} agrees with it.</li>
 * </ul>
 * A wall clock reading more than the tolerance behind this bound has been wound back: offline-auth then
 * refuses tokens rather than judge expiry by a clock it cannot trust.
 *
 * <p>Thread-safe. Instants are kept as an offset from the monotonic counter (epoch nanoseconds minus
 * {@link TimeSource#nanoTime()} when observed), so that carrying one forward is one addition, and the
 * request path reads and raises the floor without locking or allocating.
 */
public final class TrustedClock {

	private static final System.Logger logger = System.getLogger(TrustedClock.class.getName());

	private static final long NONE = Long.MIN_VALUE;

	/** The latest instant this clock accepts from any source: far beyond any real time, far below overflow. */
	static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

	/** The earliest instant this clock accepts from any source. */
	static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private final TimeSource time;

	private final Duration rollbackTolerance;

	private final long toleranceNanos;

	/** The floor from verified tokens, as an offset; {@link #NONE} before any. */
	private final AtomicLong floorOffset = new AtomicLong(NONE);

	/** FusionAuth's latest adopted {@code Date}, as an offset; {@link #NONE} before any. */
	private volatile long serverOffset = NONE;

	/** A {@code Date} far ahead of the local clock awaiting confirmation, as an offset; {@link #NONE} if none. */
	private volatile long pendingOffset = NONE;

	public TrustedClock(TimeSource time, Duration rollbackTolerance) {
		this.time = Objects.requireNonNull(time, "time");
		this.rollbackTolerance = Objects.requireNonNull(rollbackTolerance, "rollbackTolerance");
		this.toleranceNanos = rollbackTolerance.toNanos();
	}

	/**
	 * Raises the floor to a verified token's {@code iat}, if it is later. Cheap enough for every request.
	 * @param issuedAt the token's {@code iat}, already accepted (so not beyond now plus the clock skew)
	 */
	public void observeIssuedAt(Instant issuedAt) {
		if (issuedAt == null || !sane(issuedAt)) {
			return;
		}
		long offset = epochNanos(issuedAt) - this.time.nanoTime();
		long current = this.floorOffset.get();
		while (offset > current && !this.floorOffset.compareAndSet(current, offset)) {
			current = this.floorOffset.get();
		}
	}

	/**
	 * Records FusionAuth's time from the {@code Date} header of a response received just now. Call it only
	 * for a response that could not have been forged on the network (HTTPS, or a loopback address).
	 * @param serverTime FusionAuth's time
	 */
	public synchronized void observeServerDate(Instant serverTime) {
		if (serverTime == null || !sane(serverTime)) {
			return;
		}
		long now = this.time.nanoTime();
		long offset = epochNanos(serverTime) - now;
		long aheadNanos = offset - (epochNanos(this.time.wallTime()) - now);
		if (aheadNanos <= this.toleranceNanos) {
			if (this.pendingOffset != NONE) {
				logger.log(Level.INFO, "FusionAuth''s clock agrees with the local clock again");
			}
			this.pendingOffset = NONE;
			this.serverOffset = offset;
			return;
		}
		long pending = this.pendingOffset;
		if (pending != NONE && Math.abs(offset - pending) <= confirmationSlackNanos()) {
			adoptPending(offset);
			return;
		}
		if (pending == NONE) {
			logger.log(Level.WARNING, "FusionAuth''s Date header reads {0} ahead of the local clock; "
					+ "not trusted until confirmed by another contact or a verified token", Duration.ofNanos(aheadNanos));
		}
		this.pendingOffset = offset;
	}

	/**
	 * A verified token claims to be issued later than the local clock allows. If that agrees with a pending
	 * {@code Date} far ahead, both tell the same: the local clock is behind, and the claim is adopted.
	 * @param issuedAt the token's {@code iat}
	 * @return whether a pending claim was confirmed (the reading has changed)
	 */
	public synchronized boolean confirmAhead(Instant issuedAt) {
		long pending = this.pendingOffset;
		if (pending == NONE || issuedAt == null || !sane(issuedAt)) {
			return false;
		}
		long now = this.time.nanoTime();
		long offset = epochNanos(issuedAt) - now;
		long localOffset = epochNanos(this.time.wallTime()) - now;
		// Agreement: the token, too, shows the local clock more than the tolerance behind, and was issued no
		// later than the pending claim says it is now.
		if (offset <= localOffset + this.toleranceNanos || offset > pending + confirmationSlackNanos()) {
			return false;
		}
		adoptPending(pending);
		return true;
	}

	private void adoptPending(long offset) {
		this.pendingOffset = NONE;
		this.serverOffset = offset;
		logger.log(Level.WARNING, "FusionAuth''s time, confirmed, is {0} ahead of the local clock: tokens are "
				+ "refused until the local clock is right", Duration.ofNanos(offset - (epochNanos(this.time.wallTime())
						- this.time.nanoTime())));
	}

	private long confirmationSlackNanos() {
		// Date headers have a resolution of one second and arrive after transit; the tolerance covers both.
		return Math.max(this.toleranceNanos, Duration.ofSeconds(5).toNanos());
	}

	/**
	 * Continues from an earlier run. Both instants are lower bounds of the real time then, so still of the
	 * real time now; neither is taken later than the local clock plus the tolerance, so that a forged or
	 * future time in a file never stops the service by itself. A clamped time is kept pending instead, for
	 * a contact or a verified token to confirm.
	 * @param issuedAtFloor the floor of the earlier run, or {@code null}
	 * @param serverTime FusionAuth's last adopted time in the earlier run, or {@code null}
	 */
	public synchronized void restore(Instant issuedAtFloor, Instant serverTime) {
		long now = this.time.nanoTime();
		long latest = epochNanos(this.time.wallTime()) - now + this.toleranceNanos;
		long floor = clampedOffset(issuedAtFloor, now, latest);
		if (floor != NONE) {
			this.floorOffset.accumulateAndGet(floor, Math::max);
		}
		long server = clampedOffset(serverTime, now, latest);
		if (server != NONE && this.serverOffset == NONE) {
			this.serverOffset = server;
		}
	}

	private long clampedOffset(Instant restored, long now, long latest) {
		if (restored == null || !sane(restored)) {
			return NONE;
		}
		long offset = epochNanos(restored) - now;
		if (offset > latest) {
			this.pendingOffset = Math.max(this.pendingOffset, offset);
			return latest;
		}
		return offset;
	}

	/** Reads both clocks at once; every decision about one request uses one reading. */
	public Reading read() {
		Instant local = this.time.wallTime();
		long trustedOffset = Math.max(this.floorOffset.get(), this.serverOffset);
		if (trustedOffset == NONE) {
			return new Reading(local, null, false);
		}
		Instant trusted = instant(trustedOffset + this.time.nanoTime());
		boolean rolledBack = local.isBefore(trusted.minus(this.rollbackTolerance));
		return new Reading(local, trusted, rolledBack);
	}

	/** The floor from verified tokens, carried forward to now, or {@code null} before any. */
	public Instant issuedAtFloor() {
		return carried(this.floorOffset.get());
	}

	/** FusionAuth's adopted time, carried forward to now, or {@code null} before any. */
	public Instant serverTime() {
		return carried(this.serverOffset);
	}

	/** A time claimed far ahead of the local clock and not yet confirmed, carried forward, or {@code null}. */
	public Instant pendingServerTime() {
		return carried(this.pendingOffset);
	}

	public Duration rollbackTolerance() {
		return this.rollbackTolerance;
	}

	private Instant carried(long offset) {
		return (offset != NONE) ? instant(offset + this.time.nanoTime()) : null;
	}

	private static boolean sane(Instant instant) {
		return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	private static Instant instant(long epochNanos) {
		return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
	}

	/**
	 * One reading of the local and the trusted clock.
	 *
	 * @param local the wall clock
	 * @param trusted the lower bound of the real time, or {@code null} before any source told one
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

}
