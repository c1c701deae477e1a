package dev.offlineauth.web.reactive;

import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;

import dev.offlineauth.web.TokenFreshness;
import dev.offlineauth.web.TokenFreshness.FreshTokenDecision;

/**
 * Asks for a fresh token in a reactive application's request rules, where reading with a token in grace is
 * not enough:
 *
 * <pre class="code">
 * .pathMatchers("/api/export").access(ReactiveTokenFreshness.freshToken())
 * </pre>
 *
 * A token in grace is refused with {@code 403 grace_read_only}, so the client knows that refreshing its
 * token (once FusionAuth is back) is the remedy; an anonymous request meets the entry point
 * ({@code 401 missing_token}). In method security ({@code @EnableReactiveMethodSecurity}) the servlet
 * expression works unchanged: {@code @PreAuthorize("@offlineAuth.fresh(authentication)")}.
 *
 * <p>Stateless.
 */
public final class ReactiveTokenFreshness {

	private ReactiveTokenFreshness() {
	}

	/**
	 * An authorization manager granting authenticated requests whose token is not in grace. The refusal
	 * for grace is raised as an error carrying the decision: Spring Security's reactive filter otherwise
	 * turns every denied decision into a plain {@code AccessDeniedException}, which could not tell grace
	 * from any other refusal.
	 * @param <T> what is authorized
	 * @return the manager
	 */
	public static <T> ReactiveAuthorizationManager<T> freshToken() {
		return (authentication, object) -> authentication.map(TokenFreshness::decide)
			.defaultIfEmpty(TokenFreshness.decide(null))
			.flatMap(ReactiveTokenFreshness::granted);
	}

	private static Mono<AuthorizationResult> granted(FreshTokenDecision decision) {
		return decision.isGraceToken()
				? Mono.error(new AuthorizationDeniedException("A token in grace may not use this resource", decision))
				: Mono.just(decision);
	}

}
