package dev.offlineauth.offline;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedClockTests {

	private static final Duration TOLERANCE = OfflineState.TOLERANCE;

	private final ManualClock time = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final OfflineState state = new OfflineState(this.time.timeSource());

	private final TrustedClock clock = this.state.clock();

	private final OfflinePolicy policy = this.state.policy();

	/** A token FusionAuth issued just now, valid 15 minutes, as the decoder hands it to the policy. */
	private Decision tokenIssuedNow() {
		Instant now = this.time.now();
		return this.policy.decide(now.plus(Duration.ofMinutes(15)), null, now);
	}

	@Test
	void beforeAnySourceOnlyTheWallClockCounts() {
		TrustedClock.Reading reading = this.clock.read();

		assertThat(reading.trusted()).isNull();
		assertThat(reading.rolledBack()).isFalse();
		assertThat(reading.now()).isEqualTo(this.time.now());
	}

	@Nested
	class DateHeaders {

		@Test
		void fusionAuthsTimeIsCarriedForwardByTheMonotonicClock() {
			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now());
			TrustedClockTests.this.time.advance(Duration.ofHours(3));

			assertThat(TrustedClockTests.this.clock.read().trusted()).isEqualTo(Instant.parse("2030-01-01T03:00:00Z"));
		}

		@Test
		void aWallClockWoundBackBeyondTheToleranceIsDetected() {
			TrustedClockTests.this.state.keysFetched(TrustedClockTests.this.time.now());
			TrustedClockTests.this.time.advance(Duration.ofHours(1));

			TrustedClockTests.this.time.setWall(TrustedClockTests.this.time.now().minus(TOLERANCE).minusSeconds(1));

			assertThat(TrustedClockTests.this.clock.read().rolledBack()).isTrue();
			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
		}

		@Test
		void aWallClockBehindByExactlyTheToleranceIsAccepted() {
			TrustedClockTests.this.state.keysFetched(TrustedClockTests.this.time.now());

			TrustedClockTests.this.time.setWall(TrustedClockTests.this.time.now().minus(TOLERANCE));

			assertThat(TrustedClockTests.this.clock.read().rolledBack()).isFalse();
			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isNull();
		}

		@Test
		void aSingleDateFarAheadIsNotAdoptedButShownAsPending() {
			Instant ahead = TrustedClockTests.this.time.now().plus(Duration.ofDays(1));

			TrustedClockTests.this.clock.observeServerDate(ahead);

			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isNull();
			assertThat(TrustedClockTests.this.clock.read().trusted()).isNull();
			assertThat(TrustedClockTests.this.clock.pendingServerTime()).isEqualTo(ahead);
			assertThat(tokenIssuedNow().accepted()).isTrue();
		}

		@Test
		void theSameClaimFromTheNextContactConfirmsIt() {
			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now().plus(Duration.ofDays(1)));
			TrustedClockTests.this.time.advance(Duration.ofSeconds(30));

			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now().plus(Duration.ofDays(1)));

			assertThat(TrustedClockTests.this.clock.pendingServerTime()).isNull();
			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
		}

		@Test
		void aDifferentClaimFromTheNextContactDoesNotConfirmIt() {
			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now().plus(Duration.ofDays(1)));
			TrustedClockTests.this.time.advance(Duration.ofSeconds(30));

			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now().plus(Duration.ofDays(3)));

			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isNull();
			assertThat(TrustedClockTests.this.clock.pendingServerTime())
				.isEqualTo(TrustedClockTests.this.time.now().plus(Duration.ofDays(3)));
		}

		@Test
		void aDateThatAgreesWithTheLocalClockClearsAPendingClaim() {
			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now().plus(Duration.ofDays(1)));

			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now());
			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now().plus(Duration.ofDays(1)));

			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isNull();
		}

		@Test
		void aVerifiedTokenIssuedAsFarAheadConfirmsAPendingClaim() {
			Instant fusionAuthNow = TrustedClockTests.this.time.now().plus(Duration.ofDays(1));
			TrustedClockTests.this.clock.observeServerDate(fusionAuthNow);

			// FusionAuth issues a token by its own clock; by the local clock it is issued a day from now.
			Decision decision = TrustedClockTests.this.policy.decide(fusionAuthNow.plus(Duration.ofMinutes(15)), null,
					fusionAuthNow.minusSeconds(2));

			assertThat(decision.refusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
		}

		@Test
		void aTokenIssuedInTheFutureWithoutAPendingClaimIsInvalidAndChangesNothing() {
			Instant later = TrustedClockTests.this.time.now().plus(Duration.ofDays(1));

			Decision decision = TrustedClockTests.this.policy.decide(later.plus(Duration.ofMinutes(15)), null, later);

			assertThat(decision.refusal()).isEqualTo(Refusal.INVALID_TOKEN);
			assertThat(TrustedClockTests.this.clock.read().trusted()).isNull();
		}

		@Test
		void aBackwardDateIsFollowedWhenNoTokenSaysOtherwise() {
			TrustedClockTests.this.clock.observeServerDate(TrustedClockTests.this.time.now());
			Instant corrected = TrustedClockTests.this.time.now().minus(Duration.ofMinutes(20));

			TrustedClockTests.this.clock.observeServerDate(corrected);

			assertThat(TrustedClockTests.this.clock.read().trusted()).isEqualTo(corrected);
			assertThat(TrustedClockTests.this.clock.read().now()).isEqualTo(TrustedClockTests.this.time.now());
		}

		@Test
		void refusalEndsWhenTheClockAgreesAgain() {
			TrustedClockTests.this.state.keysFetched(TrustedClockTests.this.time.now());
			Instant right = TrustedClockTests.this.time.now();
			TrustedClockTests.this.time.setWall(right.minus(Duration.ofHours(1)));
			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);

			TrustedClockTests.this.time.setWall(right);

			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isNull();
		}

		@Test
		void expiryIsJudgedByTheTrustedTimeWhenTheWallClockIsBehindWithinTheTolerance() {
			TrustedClockTests.this.state.keysFetched(TrustedClockTests.this.time.now());
			Instant exp = TrustedClockTests.this.time.now().minusSeconds(61 + 120);
			TrustedClockTests.this.time.setWall(TrustedClockTests.this.time.now().minusSeconds(240));

			Decision decision = TrustedClockTests.this.policy.evaluate().decide(exp, null, null);

			// By the wound-back wall clock the token would still be fresh; by the trusted time it is not.
			assertThat(TrustedClockTests.this.time.now().minusSeconds(60)).isBefore(exp);
			assertThat(decision.refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
		}

		@Test
		void aWallClockAheadOfTheTrustedTimeIsUsedAsIs() {
			TrustedClockTests.this.state.keysFetched(TrustedClockTests.this.time.now().minusSeconds(30));

			TrustedClock.Reading reading = TrustedClockTests.this.clock.read();

			assertThat(reading.rolledBack()).isFalse();
			assertThat(reading.now()).isEqualTo(TrustedClockTests.this.time.now());
		}

		@Test
		void datesOutsideAnySaneRangeAreIgnored() {
			TrustedClockTests.this.clock.observeServerDate(Instant.parse("1970-01-01T00:00:00Z"));
			TrustedClockTests.this.clock.observeServerDate(Instant.parse("9999-12-31T23:59:59Z"));

			assertThat(TrustedClockTests.this.clock.read().trusted()).isNull();
			assertThat(TrustedClockTests.this.clock.pendingServerTime()).isNull();
		}

	}

	/** Without any {@code Date} header at all: the signed {@code iat} of verified tokens is the floor. */
	@Nested
	class IssuedAtFloor {

		@Test
		void aWallClockWoundBackBeyondTheToleranceAfterTokensWereVerifiedIsDetected() {
			assertThat(tokenIssuedNow().accepted()).isTrue();
			TrustedClockTests.this.time.advance(Duration.ofMinutes(10));

			TrustedClockTests.this.time.setWall(TrustedClockTests.this.time.now().minus(TOLERANCE).minusSeconds(1));

			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
		}

		@Test
		void aWallClockWoundBackWithinTheToleranceStillServes() {
			assertThat(tokenIssuedNow().accepted()).isTrue();

			TrustedClockTests.this.time.setWall(TrustedClockTests.this.time.now().minus(TOLERANCE));

			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isNull();
			assertThat(tokenIssuedNow().accepted()).isTrue();
		}

		@Test
		void theFloorNeverMovesBackward() {
			Instant now = TrustedClockTests.this.time.now();
			TrustedClockTests.this.clock.observeIssuedAt(now);

			TrustedClockTests.this.clock.observeIssuedAt(now.minus(Duration.ofHours(5)));

			assertThat(TrustedClockTests.this.clock.issuedAtFloor()).isEqualTo(now);
		}

		@Test
		void aBackwardDateAfterTokensWereVerifiedDoesNotLowerTheFloor() {
			assertThat(tokenIssuedNow().accepted()).isTrue();
			TrustedClockTests.this.clock.observeServerDate(Instant.parse("2000-01-01T00:00:00Z"));
			TrustedClockTests.this.time.advance(Duration.ofHours(1));

			TrustedClockTests.this.time.setWall(TrustedClockTests.this.time.now().minus(Duration.ofMinutes(30).multipliedBy(61)));

			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
		}

		@Test
		void aTokenWithinTheSkewAheadRaisesTheFloorOnlyToTheTimeOfTheDecision() {
			Instant now = TrustedClockTests.this.time.now();

			assertThat(TrustedClockTests.this.policy.decide(now.plus(Duration.ofMinutes(15)), null, now.plusSeconds(59))
				.accepted()).isTrue();

			assertThat(TrustedClockTests.this.clock.issuedAtFloor()).isEqualTo(now);
		}

		@Test
		void aRefusedTokenDoesNotMoveTheFloor() {
			Instant now = TrustedClockTests.this.time.now();

			assertThat(TrustedClockTests.this.policy.decide(now.minusSeconds(3600 * 30), null, now).accepted()).isFalse();

			assertThat(TrustedClockTests.this.clock.issuedAtFloor()).isNull();
		}

	}

	/** Times from a snapshot of an earlier run. */
	@Nested
	class Restored {

		@Test
		void aRestoredTimeInThePastIsALowerBound() {
			Instant earlier = TrustedClockTests.this.time.now().minus(Duration.ofHours(2));

			TrustedClockTests.this.clock.restore(earlier, earlier);

			assertThat(TrustedClockTests.this.clock.read().trusted()).isEqualTo(earlier);
			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isNull();
		}

		@Test
		void aRestoredTimeFarAheadIsClampedToTheLocalClockPlusTheToleranceAndKeptPending() {
			Instant future = TrustedClockTests.this.time.now().plus(Duration.ofDays(1));

			TrustedClockTests.this.clock.restore(future, future);

			assertThat(TrustedClockTests.this.clock.read().trusted())
				.isEqualTo(TrustedClockTests.this.time.now().plus(TOLERANCE));
			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isNull();
			assertThat(TrustedClockTests.this.clock.pendingServerTime()).isEqualTo(future);
		}

		@Test
		void aRestoredFutureTimeIsAdoptedOnceFusionAuthConfirmsIt() {
			Instant future = TrustedClockTests.this.time.now().plus(Duration.ofDays(1));
			TrustedClockTests.this.clock.restore(null, future);

			TrustedClockTests.this.clock.observeServerDate(future.plusSeconds(1));

			assertThat(TrustedClockTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.CLOCK_ROLLBACK);
		}

		@Test
		void absurdRestoredTimesAreIgnored() {
			TrustedClockTests.this.clock.restore(Instant.parse("1700-01-01T00:00:00Z"), Instant.MAX);

			assertThat(TrustedClockTests.this.clock.read().trusted()).isNull();
			assertThat(TrustedClockTests.this.clock.pendingServerTime()).isNull();
		}

	}

}
