package dev.offlineauth.web;

import java.util.function.Supplier;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

/**
 * Asks for a fresh token where reading in grace is not enough: in method security through the bean that
 * the auto-configuration registers as {@code offlineAuth},
 *
 * <pre class="code">
 * &#64;PreAuthorize("&#64;offlineAuth.fresh(authentication)")
 * </pre>
 *
 * or in request rules, {@code .requestMatchers("/api/export").access(TokenFreshness.freshToken())}.
 */
public final class TokenFreshness {

	private static final AuthenticationTrustResolver TRUST_RESOLVER = new AuthenticationTrustResolverImpl();

	/**
	 * Whether the request is authenticated (not anonymously) with a token that is not in grace.
	 * @param authentication the current authentication
	 * @return {@code false} for a token in grace
	 */
	public boolean fresh(Authentication authentication) {
		return isFresh(authentication);
	}

	/** An authorization manager granting access to authenticated requests whose token is not in grace. */
	public static <T> AuthorizationManager<T> freshToken() {
		return new AuthorizationManager<>() {
			@Override
			public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, T object) {
				return new AuthorizationDecision(isFresh(authentication.get()));
			}
		};
	}

	static boolean isFresh(Authentication authentication) {
		if (!TRUST_RESOLVER.isAuthenticated(authentication)) {
			return false;
		}
		return !(authentication instanceof OfflineAuthenticationToken token && token.isGrace());
	}

}
