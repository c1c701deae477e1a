package dev.offlineauth.web;

import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TokenStatus;

/**
 * Told offline-auth's decision on each request: accepted fresh or in grace, or refused with a reason.
 * The application's own authorization refusals ({@code insufficient_scope}) are not offline-auth's
 * decisions and are not reported.
 */
public interface DecisionObserver {

	/** Observes nothing. */
	DecisionObserver NONE = new DecisionObserver() {
	};

	/**
	 * A request with a bearer token was let through offline-auth.
	 * @param status fresh or grace
	 */
	default void accepted(TokenStatus status) {
	}

	/**
	 * A request was refused.
	 * @param refusal why
	 */
	default void refused(Refusal refusal) {
	}

}
