package dev.offlineauth.offline;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.offlineauth.test.ManualTime;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedClockTests {

	private static final Duration TOLERANCE = Duration.ofMinutes(5);

	private final ManualTime time = ManualTime.at("2030-01-01T00:00:00Z");

	private final TrustedClock clock = new TrustedClock(this.time.timeSource(), TOLERANCE);

	private final Connectivity connectivity = new Connectivity(this.time.timeSource(), this.clock, true);

	private final OfflinePolicy policy = new OfflinePolicy(
			new OfflinePolicy.Settings(Duration.ofSeconds(60), Duration.ofHours(24), Duration.ofDays(7), true),
			this.clock, this.connectivity);

	@Test
	void beforeAnyContactOnlyTheWallClockCounts() {
		TrustedClock.Reading reading = this.clock.read();

		assertThat(reading.trusted()).isNull();
		assertThat(reading.rolledBack()).isFalse();
		assertThat(reading.now()).isEqualTo(this.time.now());
	}

	@Test
	void fusionAuthsTimeIsCarriedForwardByTheMonotonicClock() {
		this.clock.observe(this.time.now());
		this.time.advance(Duration.ofHours(3));

		assertThat(this.clock.read().trusted()).isEqualTo(Instant.parse("2030-01-01T03:00:00Z"));
	}

	@Test
	void aWallClockWoundBackBeyondTheToleranceIsDetected() {
		this.connectivity.contactSucceeded(this.time.now());
		this.time.advance(Duration.ofHours(1));

		this.time.setWall(this.time.now().minus(TOLERANCE).minusSeconds(1));

		assertThat(this.clock.read().rolledBack()).isTrue();
		assertThat(this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
	}

	@Test
	void aWallClockBehindByExactlyTheToleranceIsAccepted() {
		this.connectivity.contactSucceeded(this.time.now());

		this.time.setWall(this.time.now().minus(TOLERANCE));

		assertThat(this.clock.read().rolledBack()).isFalse();
		assertThat(this.policy.evaluate().serviceRefusal()).isNull();
	}

	@Test
	void aDateHeaderFarAheadOfTheLocalClockIsDetectedTheSameWay() {
		this.connectivity.contactSucceeded(this.time.now().plus(Duration.ofHours(2)));

		assertThat(this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
	}

	@Test
	void refusalEndsWhenTheClockAgreesAgain() {
		this.connectivity.contactSucceeded(this.time.now());
		Instant right = this.time.now();
		this.time.setWall(right.minus(Duration.ofHours(1)));
		assertThat(this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);

		this.time.setWall(right);

		assertThat(this.policy.evaluate().serviceRefusal()).isNull();
	}

	@Test
	void expiryIsJudgedByTheTrustedTimeWhenTheWallClockIsBehindWithinTheTolerance() {
		this.connectivity.contactSucceeded(this.time.now());
		Instant exp = this.time.now().minusSeconds(61 + 120);
		this.time.setWall(this.time.now().minusSeconds(240));

		Decision decision = this.policy.evaluate().decide(exp, null, null);

		// By the wound-back wall clock the token would still be fresh; by the trusted time it is not.
		assertThat(this.time.now().minusSeconds(60)).isBefore(exp);
		assertThat(decision.refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
	}

	@Test
	void aWallClockAheadOfTheTrustedTimeIsUsedAsIs() {
		this.connectivity.contactSucceeded(this.time.now().minusSeconds(30));

		TrustedClock.Reading reading = this.clock.read();

		assertThat(reading.rolledBack()).isFalse();
		assertThat(reading.now()).isEqualTo(this.time.now());
	}

}
