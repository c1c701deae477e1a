package dev.offlineauth.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

import dev.offlineauth.offline.TimeSource;

/**
 * Time that moves only when a test says so: a wall clock and a monotonic counter that advance together,
 * and a wall clock that can also be set on its own (as an operator or NTP would).
 */
public final class ManualTime {

	private volatile Instant wall;

	private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

	public ManualTime(Instant start) {
		this.wall = start;
	}

	public static ManualTime at(String isoInstant) {
		return new ManualTime(Instant.parse(isoInstant));
	}

	public TimeSource timeSource() {
		return new TimeSource(clock(), this.nanos::get);
	}

	public Clock clock() {
		return new Clock() {
			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return ManualTime.this.wall;
			}
		};
	}

	public Ticker ticker() {
		return this.nanos::get;
	}

	/** Real time passes: both clocks move. */
	public void advance(Duration duration) {
		this.wall = this.wall.plus(duration);
		this.nanos.addAndGet(duration.toNanos());
	}

	/** Only the wall clock changes, as when it is set by hand. */
	public void setWall(Instant instant) {
		this.wall = instant;
	}

	public Instant now() {
		return this.wall;
	}

}
