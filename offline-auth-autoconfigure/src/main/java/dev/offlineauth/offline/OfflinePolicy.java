package dev.offlineauth.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides, for a token whose signature and claims are already verified, whether it is accepted fresh,
 * accepted in grace, or refused, from one consistent reading of the clocks, of reachability (which decides
 * grace) and of key freshness (which decides {@code max-offline}).
 *
 * <p>All bounds are inclusive: a token is fresh up to and including {@code exp + clockSkew}, in grace up
 * to and including {@code exp + clockSkew + gracePeriod}, and the service operates up to and including
 * {@code maxOffline} after the last refresh of its keys from FusionAuth.
 *
 * <p>Thread-safe and stateless; the state it reads is each source's own.
 */
public final class OfflinePolicy {

	private final Settings settings;

	private final TrustedClock trustedClock;

	private final Connectivity connectivity;

	private final KeyFreshness keyFreshness;

	public OfflinePolicy(Settings settings, TrustedClock trustedClock, Connectivity connectivity,
			KeyFreshness keyFreshness) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.trustedClock = Objects.requireNonNull(trustedClock, "trustedClock");
		this.connectivity = Objects.requireNonNull(connectivity, "connectivity");
		this.keyFreshness = Objects.requireNonNull(keyFreshness, "keyFreshness");
	}

	/** Reads the clocks, reachability and key freshness once; decide every question about one request with it. */
	public Evaluation evaluate() {
		Connectivity.State state = this.connectivity.state();
		KeyFreshness.State keys = this.keyFreshness.state();
		TrustedClock.Reading clock = this.trustedClock.read();
		return new Evaluation(this.settings, clock, state, keys, this.keyFreshness.sinceLastRefresh(keys));
	}

	/**
	 * Decides on a verified token's time claims, and lets the token tell the trusted clock what it knows:
	 * an accepted token's {@code iat} raises the clock's floor; one issued later than the local clock allows
	 * may confirm a pending claim that the local clock is behind, and then the answer is
	 * {@link Refusal#CLOCK_ROLLBACK} for it and every token after it.
	 * @param expiresAt {@code exp}
	 * @param notBefore {@code nbf}, or {@code null}
	 * @param issuedAt {@code iat}, or {@code null}
	 * @return fresh, grace, or the refusal
	 */
	public Decision decide(Instant expiresAt, Instant notBefore, Instant issuedAt) {
		return decide(evaluate(), expiresAt, notBefore, issuedAt);
	}

	/**
	 * As {@link #decide(Instant, Instant, Instant)}, with a reading already taken.
	 * @param evaluation the reading of this request
	 * @param expiresAt {@code exp}
	 * @param notBefore {@code nbf}, or {@code null}
	 * @param issuedAt {@code iat}, or {@code null}
	 * @return fresh, grace, or the refusal
	 */
	public Decision decide(Evaluation evaluation, Instant expiresAt, Instant notBefore, Instant issuedAt) {
		Decision decision = evaluation.decide(expiresAt, notBefore, issuedAt);
		if (decision.accepted() && issuedAt != null) {
			// Never past the time this decision used: a token within the skew ahead raises nothing further.
			Instant now = evaluation.now();
			this.trustedClock.observeIssuedAt(issuedAt.isAfter(now) ? now : issuedAt);
		}
		else if (decision.refusal() == Refusal.INVALID_TOKEN && evaluation.issuedTooLate(issuedAt)
				&& this.trustedClock.confirmAhead(issuedAt)) {
			return evaluate().decide(expiresAt, notBefore, issuedAt);
		}
		return decision;
	}

	public Settings settings() {
		return this.settings;
	}

	public TrustedClock trustedClock() {
		return this.trustedClock;
	}

	/**
	 * The policy's bounds.
	 *
	 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}
	 * @param gracePeriod how long past expiry (and skew) a token is accepted while offline; zero disables
	 * @param maxOffline how long without contact the service keeps operating; zero disables the limit
	 * @param contactConfigured whether FusionAuth is contacted at all; without contact neither grace nor
	 * the offline limit applies
	 */
	public record Settings(Duration clockSkew, Duration gracePeriod, Duration maxOffline, boolean contactConfigured) {

		public Settings {
			requireNotNegative(clockSkew, "clockSkew");
			requireNotNegative(gracePeriod, "gracePeriod");
			requireNotNegative(maxOffline, "maxOffline");
		}

		private static void requireNotNegative(Duration duration, String name) {
			Objects.requireNonNull(duration, name);
			if (duration.isNegative()) {
				throw new IllegalArgumentException(name + " must not be negative");
			}
		}

	}

	/**
	 * One reading of everything the policy depends on.
	 *
	 * @param settings the bounds
	 * @param clock the clocks
	 * @param connectivity reachability
	 * @param keys key freshness
	 * @param sinceLastKeyRefresh time since the keys were last refreshed (or since startup)
	 */
	public record Evaluation(Settings settings, TrustedClock.Reading clock, Connectivity.State connectivity,
			KeyFreshness.State keys, Duration sinceLastKeyRefresh) {

		/** The time every check uses. */
		public Instant now() {
			return this.clock.now();
		}

		/**
		 * A refusal that applies to every token right now, whatever it holds, or {@code null}.
		 */
		public Refusal serviceRefusal() {
			if (this.clock.rolledBack()) {
				return Refusal.CLOCK_ROLLBACK;
			}
			if (offlineTooLong()) {
				return Refusal.OFFLINE_TOO_LONG;
			}
			return null;
		}

		/** Whether the time since the keys were last refreshed exceeds {@code maxOffline}. */
		public boolean offlineTooLong() {
			Duration max = this.settings.maxOffline();
			return this.settings.contactConfigured() && !max.isZero() && this.sinceLastKeyRefresh.compareTo(max) > 0;
		}

		/** The time left before {@code maxOffline} is exceeded, or {@code null} when there is no limit. */
		public Duration timeLeftBeforeMaxOffline() {
			Duration max = this.settings.maxOffline();
			if (!this.settings.contactConfigured() || max.isZero()) {
				return null;
			}
			Duration left = max.minus(this.sinceLastKeyRefresh);
			return left.isNegative() ? Duration.ZERO : left;
		}

		boolean issuedTooLate(Instant issuedAt) {
			return issuedAt != null && issuedAt.isAfter(now().plus(this.settings.clockSkew()));
		}

		/** Whether an expired token may be accepted in grace right now. */
		public boolean graceAvailable() {
			return this.settings.contactConfigured() && !this.settings.gracePeriod().isZero()
					&& this.connectivity.status() == ConnectivityStatus.OFFLINE && !offlineTooLong();
		}

		/**
		 * Decides on a token's time claims.
		 * @param expiresAt {@code exp}; a token without it is refused
		 * @param notBefore {@code nbf}, or {@code null}
		 * @param issuedAt {@code iat}, or {@code null}
		 * @return fresh, grace, or the refusal; a service-wide refusal comes first
		 */
		public Decision decide(Instant expiresAt, Instant notBefore, Instant issuedAt) {
			Refusal serviceRefusal = serviceRefusal();
			if (serviceRefusal != null) {
				return Decision.refused(serviceRefusal);
			}
			if (expiresAt == null) {
				return Decision.refused(Refusal.INVALID_TOKEN);
			}
			Instant now = now();
			Duration skew = this.settings.clockSkew();
			// Arithmetic is done on "now" (a sane instant), never on token values that may sit near Instant.MAX.
			Instant latestAcceptableStart = now.plus(skew);
			if ((notBefore != null && notBefore.isAfter(latestAcceptableStart))
					|| (issuedAt != null && issuedAt.isAfter(latestAcceptableStart))) {
				return Decision.refused(Refusal.INVALID_TOKEN);
			}
			Instant nowLessSkew = now.minus(skew);
			if (!nowLessSkew.isAfter(expiresAt)) {
				return Decision.FRESH;
			}
			if (graceAvailable() && !nowLessSkew.minus(this.settings.gracePeriod()).isAfter(expiresAt)) {
				return Decision.GRACE;
			}
			return Decision.refused(Refusal.TOKEN_EXPIRED);
		}

	}

}
