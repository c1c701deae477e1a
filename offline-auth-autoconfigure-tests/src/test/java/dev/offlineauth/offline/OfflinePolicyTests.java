package dev.offlineauth.offline;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy's boundaries, with time moved by hand. Every bound is inclusive: fresh up to and including
 * {@code exp + skew}, grace up to and including {@code exp + skew + grace}, operating up to and including
 * {@code maxOffline} after the last key refresh.
 */
class OfflinePolicyTests {

	private static final Duration SKEW = Duration.ofSeconds(60);

	private static final Duration GRACE = Duration.ofHours(24);

	private static final Duration MAX_OFFLINE = Duration.ofDays(7);

	private final ManualClock time = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final OfflineState state = new OfflineState(this.time.timeSource());

	private final Instant exp = this.time.now().plus(Duration.ofMinutes(15));

	private OfflinePolicy policy = policy(GRACE, MAX_OFFLINE);

	private OfflinePolicy policy(Duration grace, Duration maxOffline) {
		return this.state.policy(SKEW, grace, maxOffline);
	}

	private Decision decide() {
		return this.policy.evaluate().decide(this.exp, null, this.time.now().minusSeconds(1));
	}

	private void moveTo(Instant instant) {
		this.time.advance(Duration.between(this.time.now(), instant));
	}

	@Nested
	class Online {

		@Test
		void aTokenIsFreshUpToAndIncludingExpPlusSkew() {
			OfflinePolicyTests.this.state.online();
			moveTo(OfflinePolicyTests.this.exp.plus(SKEW));

			assertThat(decide()).isEqualTo(Decision.FRESH);
		}

		@Test
		void aTokenPastExpPlusSkewIsExpiredWhateverTheGraceSetting() {
			OfflinePolicyTests.this.state.online();
			moveTo(OfflinePolicyTests.this.exp.plus(SKEW).plusNanos(1));

			assertThat(decide().refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
		}

		@Test
		void beforeAnyContactThereIsNoGrace() {
			moveTo(OfflinePolicyTests.this.exp.plus(SKEW).plusSeconds(1));

			assertThat(OfflinePolicyTests.this.state.connectivity().state().status()).isEqualTo(ConnectivityStatus.UNKNOWN);
			assertThat(decide().refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
		}

	}

	@Nested
	class Offline {

		@Test
		void aTokenJustPastExpPlusSkewIsInGrace() {
			OfflinePolicyTests.this.state.offline();
			moveTo(OfflinePolicyTests.this.exp.plus(SKEW).plusNanos(1));

			assertThat(decide()).isEqualTo(Decision.GRACE);
		}

		@Test
		void atExpPlusTheGracePeriodTheTokenIsStillInGrace() {
			OfflinePolicyTests.this.state.offline();
			moveTo(OfflinePolicyTests.this.exp.plus(GRACE));

			assertThat(decide()).isEqualTo(Decision.GRACE);
		}

		@Test
		void graceEndsAfterExpPlusSkewPlusTheGracePeriod() {
			OfflinePolicyTests.this.state.offline();
			moveTo(OfflinePolicyTests.this.exp.plus(SKEW).plus(GRACE));
			assertThat(decide()).isEqualTo(Decision.GRACE);

			OfflinePolicyTests.this.time.advance(Duration.ofNanos(1));
			assertThat(decide().refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
		}

		@Test
		void aTokenNotExpiredIsFreshWhateverTheGraceRules() {
			OfflinePolicyTests.this.state.offline();

			assertThat(decide()).isEqualTo(Decision.FRESH);
		}

		@Test
		void fusionAuthComingBackEndsGraceAtTheNextContact() {
			OfflinePolicyTests.this.state.offline();
			moveTo(OfflinePolicyTests.this.exp.plus(Duration.ofHours(1)));
			assertThat(decide()).isEqualTo(Decision.GRACE);

			OfflinePolicyTests.this.state.online();

			assertThat(decide().refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
		}

		@Test
		void aZeroGracePeriodDisablesGrace() {
			OfflinePolicyTests.this.policy = policy(Duration.ZERO, MAX_OFFLINE);
			OfflinePolicyTests.this.state.offline();
			moveTo(OfflinePolicyTests.this.exp.plus(SKEW).plusSeconds(1));

			assertThat(decide().refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
		}

	}

	@Nested
	class MaxOffline {

		@Test
		void theServiceOperatesUpToAndIncludingMaxOfflineAfterTheLastKeyRefresh() {
			OfflinePolicyTests.this.state.online();
			OfflinePolicyTests.this.state.offline();
			OfflinePolicyTests.this.time.advance(MAX_OFFLINE);

			assertThat(OfflinePolicyTests.this.policy.evaluate().serviceRefusal()).isNull();

			OfflinePolicyTests.this.time.advance(Duration.ofNanos(1));

			assertThat(OfflinePolicyTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.OFFLINE_TOO_LONG);
		}

		@Test
		void pastMaxOfflineEvenAFreshTokenIsRefused() {
			OfflinePolicyTests.this.state.offline();
			OfflinePolicyTests.this.time.advance(MAX_OFFLINE.plusSeconds(1));

			Decision decision = OfflinePolicyTests.this.policy.evaluate()
				.decide(OfflinePolicyTests.this.time.now().plusSeconds(600), null, null);

			assertThat(decision.refusal()).isEqualTo(Refusal.OFFLINE_TOO_LONG);
		}

		@Test
		void withoutAnyContactMaxOfflineCountsFromStartup() {
			OfflinePolicyTests.this.time.advance(MAX_OFFLINE.plusSeconds(1));

			assertThat(OfflinePolicyTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.OFFLINE_TOO_LONG);
		}

		@Test
		void contactAgainLiftsTheLimit() {
			OfflinePolicyTests.this.state.offline();
			OfflinePolicyTests.this.time.advance(MAX_OFFLINE.plusSeconds(1));
			OfflinePolicyTests.this.state.online();

			assertThat(OfflinePolicyTests.this.policy.evaluate().serviceRefusal()).isNull();
		}

		@Test
		void aZeroMaxOfflineDisablesTheLimit() {
			OfflinePolicyTests.this.policy = policy(GRACE, Duration.ZERO);
			OfflinePolicyTests.this.state.offline();
			OfflinePolicyTests.this.time.advance(Duration.ofDays(365));

			assertThat(OfflinePolicyTests.this.policy.evaluate().serviceRefusal()).isNull();
		}

		@Test
		void windingTheWallClockBackDoesNotShortenTheTimeOffline() {
			OfflinePolicyTests.this.state.online();
			OfflinePolicyTests.this.state.offline();
			OfflinePolicyTests.this.time.advance(MAX_OFFLINE.plusSeconds(1));
			OfflinePolicyTests.this.time.setWall(OfflinePolicyTests.this.time.now().minus(Duration.ofDays(3)));

			assertThat(OfflinePolicyTests.this.policy.evaluate().offlineTooLong()).isTrue();
		}

	}

	/** FusionAuth (or what answers in its place) answers its probe, but its JWKS cannot be used. */
	@Nested
	class ReachableWithUnusableKeys {

		private void keysFail() {
			FusionAuthContacts contacts = OfflinePolicyTests.this.state.contacts();
			contacts.keysFailed(contacts.begin(), "http_status", false);
		}

		@Test
		void aProbeAloneNeverResetsTheMaxOfflineCount() {
			OfflinePolicyTests.this.state.online();
			for (int i = 0; i < 8; i++) {
				OfflinePolicyTests.this.time.advance(Duration.ofDays(1));
				OfflinePolicyTests.this.state.probeOk();
				keysFail();
			}

			assertThat(OfflinePolicyTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.OFFLINE_TOO_LONG);
			assertThat(OfflinePolicyTests.this.policy.evaluate().timeLeftBeforeMaxOffline()).isZero();
		}

		@Test
		void itIsOnlineSoAnExpiredTokenGetsNoGrace() {
			OfflinePolicyTests.this.state.online();
			OfflinePolicyTests.this.state.probeOk();
			keysFail();
			moveTo(OfflinePolicyTests.this.exp.plus(Duration.ofHours(1)));

			assertThat(OfflinePolicyTests.this.state.connectivity().state().status()).isEqualTo(ConnectivityStatus.ONLINE);
			assertThat(decide().refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
		}

		@Test
		void usableKeysAgainStartTheCountAfresh() {
			OfflinePolicyTests.this.time.advance(MAX_OFFLINE.plusSeconds(1));
			OfflinePolicyTests.this.state.probeOk();
			assertThat(OfflinePolicyTests.this.policy.evaluate().serviceRefusal()).isEqualTo(Refusal.OFFLINE_TOO_LONG);

			OfflinePolicyTests.this.state.keysFetched(null);

			assertThat(OfflinePolicyTests.this.policy.evaluate().serviceRefusal()).isNull();
			assertThat(OfflinePolicyTests.this.policy.evaluate().timeLeftBeforeMaxOffline()).isEqualTo(MAX_OFFLINE);
		}

	}

	@Nested
	class BundledKeysOnly {

		private final OfflineState never = new OfflineState(OfflinePolicyTests.this.time.timeSource(), false, false);

		private final OfflinePolicy airGapped = new OfflinePolicy(
				new OfflinePolicy.Settings(SKEW, GRACE, MAX_OFFLINE, false), this.never.clock(),
				this.never.connectivity(), this.never.keyFreshness());

		@Test
		void neitherGraceNorTheOfflineLimitApply() {
			OfflinePolicyTests.this.time.advance(Duration.ofDays(30));

			OfflinePolicy.Evaluation evaluation = this.airGapped.evaluate();

			assertThat(evaluation.serviceRefusal()).isNull();
			assertThat(evaluation.decide(OfflinePolicyTests.this.time.now().minusSeconds(3600), null, null).refusal())
				.isEqualTo(Refusal.TOKEN_EXPIRED);
		}

	}

	@Nested
	class TimeClaims {

		@Test
		void nbfAndIatMayLieUpToTheSkewInTheFuture() {
			Instant now = OfflinePolicyTests.this.time.now();
			OfflinePolicy.Evaluation evaluation = OfflinePolicyTests.this.policy.evaluate();

			assertThat(evaluation.decide(OfflinePolicyTests.this.exp, now.plus(SKEW), now.plus(SKEW)))
				.isEqualTo(Decision.FRESH);
			assertThat(evaluation.decide(OfflinePolicyTests.this.exp, now.plus(SKEW).plusNanos(1), null).refusal())
				.isEqualTo(Refusal.INVALID_TOKEN);
			assertThat(evaluation.decide(OfflinePolicyTests.this.exp, null, now.plus(SKEW).plusNanos(1)).refusal())
				.isEqualTo(Refusal.INVALID_TOKEN);
		}

		@Test
		void aTokenWithoutExpIsInvalid() {
			assertThat(OfflinePolicyTests.this.policy.evaluate().decide(null, null, null).refusal())
				.isEqualTo(Refusal.INVALID_TOKEN);
		}

		@Test
		void extremeInstantsNeverOverflow() {
			OfflinePolicyTests.this.state.offline();
			OfflinePolicy.Evaluation evaluation = OfflinePolicyTests.this.policy.evaluate();

			assertThat(evaluation.decide(Instant.MAX, Instant.MIN, Instant.MIN)).isEqualTo(Decision.FRESH);
			assertThat(evaluation.decide(Instant.MIN, null, null).refusal()).isEqualTo(Refusal.TOKEN_EXPIRED);
		}

	}

}
