package dev.offlineauth.test;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.offlineauth.offline.TimeSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ManualClockTests {

	private final ManualClock clock = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	private final TimeSource time = this.clock.timeSource();

	@Test
	void advancingMovesTheWallClockTheRealTimeAndTheMonotonicCounterTogether() {
		long before = this.time.nanoTime();

		this.clock.advance(Duration.ofHours(2));

		assertThat(this.clock.now()).isEqualTo("2030-06-01T14:00:00Z");
		assertThat(this.time.wallTime()).isEqualTo("2030-06-01T14:00:00Z");
		assertThat(this.clock.realTime()).isEqualTo("2030-06-01T14:00:00Z");
		assertThat(this.time.nanoTime() - before).isEqualTo(Duration.ofHours(2).toNanos());
	}

	@Test
	void settingTheWallClockMovesNothingElseAndAdvancingKeepsTheDifference() {
		long before = this.time.nanoTime();

		this.clock.setWall(Instant.parse("2030-06-01T11:00:00Z"));
		this.clock.advance(Duration.ofMinutes(30));

		assertThat(this.time.wallTime()).isEqualTo("2030-06-01T11:30:00Z");
		assertThat(this.clock.realTime()).isEqualTo("2030-06-01T12:30:00Z");
		assertThat(this.time.nanoTime() - before).isEqualTo(Duration.ofMinutes(30).toNanos());
	}

	@Test
	void timeDoesNotRunBackwards() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.clock.advance(Duration.ofSeconds(-1)))
			.withMessageContaining("setWall");
	}

	@Test
	void startingNowIsTheCurrentTimeToTheSecond() {
		Instant before = Instant.now().minusSeconds(1);

		Instant start = ManualClock.startingNow().now();

		assertThat(start.getNano()).isZero();
		assertThat(start).isAfter(before).isBeforeOrEqualTo(Instant.now());
	}

}
