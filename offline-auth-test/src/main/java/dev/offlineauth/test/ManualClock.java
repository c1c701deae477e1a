package dev.offlineauth.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import dev.offlineauth.offline.TimeSource;

/**
 * The time of the service under test, moved only by the test: a wall clock and a monotonic counter that
 * advance together ({@link #advance(Duration)}: time passes), and a wall clock that can also be set on its
 * own ({@link #setWall(Instant)}: an operator or NTP changing it). With
 * {@link AutoConfigureFakeFusionAuth} it is the service's {@link TimeSource}, so grace, {@code max-offline}
 * and clock rollback are tested without waiting.
 *
 * <p>Besides the wall clock it keeps the real time of the scenario, which only {@code advance} moves:
 * FusionAuth's clock, which a {@code setWall} on the service's host does not change. {@link FakeFusionAuth}
 * serves it as its {@code Date} and mints tokens by it.
 *
 * <p>Thread-safe: every reading is of one consistent state.
 */
public final class ManualClock {

	private State state;

	/**
	 * A clock whose wall and real time both read {@code start}.
	 * @param start the time to start at
	 */
	public ManualClock(Instant start) {
		// Any non-zero origin: only differences between monotonic readings mean anything.
		this.state = new State(Objects.requireNonNull(start, "start"), Duration.ZERO, 5_000_000_000L);
	}

	/** A clock starting at the current time, to the whole second (as HTTP dates and JWT times are). */
	public static ManualClock startingNow() {
		return new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
	}

	/**
	 * Time passes: the wall clock, the real time and the monotonic counter all move on.
	 * @param duration how much time passes; not negative (time does not run backwards: use
	 * {@link #setWall(Instant)} to wind the wall clock back)
	 */
	public synchronized void advance(Duration duration) {
		if (Objects.requireNonNull(duration, "duration").isNegative()) {
			throw new IllegalArgumentException("Time only moves forward; to wind the wall clock back, use setWall");
		}
		this.state = new State(this.state.realTime.plus(duration), this.state.wallOffset,
				this.state.nanos + duration.toNanos());
	}

	/**
	 * Sets the wall clock alone, as an operator or NTP would; the real time and the monotonic counter do not
	 * move.
	 * @param wall what the wall clock reads from now on
	 */
	public synchronized void setWall(Instant wall) {
		this.state = new State(this.state.realTime, Duration.between(this.state.realTime, wall), this.state.nanos);
	}

	/** What the service's wall clock reads. */
	public synchronized Instant now() {
		return this.state.wall();
	}

	/** The service's clocks: give this to anything that takes a {@link TimeSource}. */
	public TimeSource timeSource() {
		return new TimeSource(new WallClock(this, ZoneOffset.UTC), this::nanoTime);
	}

	/** The real time of the scenario: FusionAuth's clock. Only {@link #advance(Duration)} moves it. */
	synchronized Instant realTime() {
		return this.state.realTime;
	}

	/** Puts the wall clock back in step with the real time, undoing {@link #setWall(Instant)}. */
	synchronized void resyncWall() {
		this.state = new State(this.state.realTime, Duration.ZERO, this.state.nanos);
	}

	synchronized long nanoTime() {
		return this.state.nanos;
	}

	private record State(Instant realTime, Duration wallOffset, long nanos) {

		Instant wall() {
			return this.realTime.plus(this.wallOffset);
		}

	}

	private static final class WallClock extends Clock {

		private final ManualClock time;

		private final ZoneId zone;

		WallClock(ManualClock time, ZoneId zone) {
			this.time = time;
			this.zone = zone;
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return new WallClock(this.time, zone);
		}

		@Override
		public Instant instant() {
			return this.time.now();
		}

	}

}
