package dev.offlineauth.web;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;

import dev.offlineauth.jwt.OfflineAuthRefusalException;
import dev.offlineauth.offline.Refusal;

/**
 * Which {@link Refusal} answers a Spring Security exception, the same on both stacks.
 *
 * <p>Stateless.
 */
public final class SecurityRefusals {

	private SecurityRefusals() {
	}

	/**
	 * The refusal for a failed or missing authentication: the decoder's own when it refused, else
	 * {@code missing_token}, {@code keys_unavailable} or {@code invalid_token}.
	 * @param exception what Spring Security raised
	 * @return the refusal to answer with
	 */
	public static Refusal of(AuthenticationException exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof OfflineAuthRefusalException refused) {
				return refused.refusal();
			}
		}
		if (exception instanceof InsufficientAuthenticationException) {
			return Refusal.MISSING_TOKEN;
		}
		if (exception instanceof AuthenticationServiceException) {
			// A decoder could not reach its keys: the service's trouble, not the client's.
			return Refusal.KEYS_UNAVAILABLE;
		}
		return Refusal.INVALID_TOKEN;
	}

	/**
	 * The refusal for a refused authorization: {@code grace_read_only} when a token in grace met the
	 * read-only rule or a freshness check, else {@code insufficient_scope}.
	 * @param exception what Spring Security raised
	 * @return the refusal to answer with
	 */
	public static Refusal of(AccessDeniedException exception) {
		if (exception instanceof GraceReadOnlyException) {
			return Refusal.GRACE_READ_ONLY;
		}
		if (exception instanceof AuthorizationDeniedException denied
				&& denied.getAuthorizationResult() instanceof TokenFreshness.FreshTokenDecision decision
				&& decision.isGraceToken()) {
			return Refusal.GRACE_READ_ONLY;
		}
		return Refusal.INSUFFICIENT_SCOPE;
	}

}
