package dev.offlineauth.web;

import java.util.function.Supplier;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

/**
 * Asks for a fresh token where reading with a token in grace is not enough. In method security, through
 * the bean the auto-configuration registers as {@code offlineAuth}:
 *
 * <pre class="code">
 * &#64;PreAuthorize("&#64;offlineAuth.fresh(authentication)")
 * </pre>
 *
 * and in request rules, {@code .requestMatchers("/api/export").access(TokenFreshness.freshToken())}. Both
 * refuse a token in grace with {@code 403 grace_read_only}, so the client knows that refreshing its token
 * (once FusionAuth is back) is the remedy. To combine with other conditions in one expression, use the
 * boolean {@link #isFresh(Authentication)}; its refusal is then an ordinary {@code insufficient_scope}.
 */
public final class TokenFreshness {

	private static final AuthenticationTrustResolver TRUST_RESOLVER = new AuthenticationTrustResolverImpl();

	/**
	 * Grants a request authenticated (not anonymously) with a token that is not in grace.
	 * @param authentication the current authentication
	 * @return the decision, telling a refusal for grace apart
	 */
	public AuthorizationResult fresh(Authentication authentication) {
		return decide(authentication);
	}

	/**
	 * Whether the request is authenticated (not anonymously) with a token that is not in grace.
	 * @param authentication the current authentication
	 * @return {@code false} for a token in grace
	 */
	public boolean isFresh(Authentication authentication) {
		return decide(authentication).isGranted();
	}

	/** An authorization manager granting authenticated requests whose token is not in grace. */
	public static <T> AuthorizationManager<T> freshToken() {
		return new AuthorizationManager<>() {
			@Override
			public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, T object) {
				return decide(authentication.get());
			}
		};
	}

	/**
	 * The freshness check itself, for both stacks' forms of it.
	 * @param authentication the current authentication, possibly {@code null}
	 * @return the decision, telling a refusal for grace apart
	 */
	public static FreshTokenDecision decide(Authentication authentication) {
		if (!TRUST_RESOLVER.isAuthenticated(authentication)) {
			return FreshTokenDecision.NOT_AUTHENTICATED;
		}
		if (authentication instanceof OfflineAuthenticationToken token && token.isGrace()) {
			return FreshTokenDecision.GRACE;
		}
		return FreshTokenDecision.FRESH;
	}

	/** The decision of a freshness check; a refusal says whether it was for a token in grace. */
	public static final class FreshTokenDecision extends AuthorizationDecision {

		static final FreshTokenDecision FRESH = new FreshTokenDecision(true, false);

		static final FreshTokenDecision GRACE = new FreshTokenDecision(false, true);

		static final FreshTokenDecision NOT_AUTHENTICATED = new FreshTokenDecision(false, false);

		private final boolean graceToken;

		private FreshTokenDecision(boolean granted, boolean graceToken) {
			super(granted);
			this.graceToken = graceToken;
		}

		/** Whether access was refused because the token is in grace. */
		public boolean isGraceToken() {
			return this.graceToken;
		}

		@Override
		public String toString() {
			return "FreshTokenDecision[granted=" + isGranted() + ", graceToken=" + this.graceToken + "]";
		}

	}

}
