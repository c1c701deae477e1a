package dev.offlineauth.web.reactive;

import java.util.Collection;
import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.offlineauth.offline.TokenStatus;
import dev.offlineauth.web.DecisionObserver;
import dev.offlineauth.web.GraceReadOnlyException;
import dev.offlineauth.web.GraceReadOnlyRule;
import dev.offlineauth.web.OfflineAuthenticationToken;
import dev.offlineauth.web.ProblemResponder;

/**
 * The read-only rule of a reactive application, placed right after authentication so that it holds
 * whatever authorization rules the application writes: a request authenticated with a token in grace is
 * marked with {@code Offline-Auth-Status: grace}, and refused ({@code grace_read_only}) unless its method
 * is one of the allowed ones ({@link GraceReadOnlyRule}). Every token it lets through is reported as
 * accepted, fresh or in grace.
 *
 * <p>Immutable and thread-safe.
 */
public final class GraceReadOnlyWebFilter implements WebFilter {

	/** Stands for "no security context", so that one pipeline serves both cases. Never modified. */
	private static final SecurityContext NO_CONTEXT = new SecurityContextImpl();

	private final GraceReadOnlyRule rule;

	private final ServerAccessDeniedHandler accessDeniedHandler;

	private final DecisionObserver observer;

	/**
	 * @param allowedMethods the methods a token in grace may use
	 * @param accessDeniedHandler answers the refusal
	 * @param observer told of every token let through
	 */
	public GraceReadOnlyWebFilter(Collection<String> allowedMethods, ServerAccessDeniedHandler accessDeniedHandler,
			DecisionObserver observer) {
		this.rule = new GraceReadOnlyRule(allowedMethods);
		this.accessDeniedHandler = Objects.requireNonNull(accessDeniedHandler, "accessDeniedHandler");
		this.observer = Objects.requireNonNull(observer, "observer");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.defaultIfEmpty(NO_CONTEXT)
			.flatMap((context) -> (context.getAuthentication() instanceof OfflineAuthenticationToken token)
					? decide(exchange, chain, token) : chain.filter(exchange));
	}

	private Mono<Void> decide(ServerWebExchange exchange, WebFilterChain chain, OfflineAuthenticationToken token) {
		if (token.isGrace()) {
			exchange.getResponse().getHeaders().set(ProblemResponder.STATUS_HEADER, TokenStatus.GRACE.value());
			String method = exchange.getRequest().getMethod().name();
			if (!this.rule.allows(method)) {
				return this.accessDeniedHandler.handle(exchange, new GraceReadOnlyException(method));
			}
		}
		this.observer.accepted(token.getTokenStatus());
		return chain.filter(exchange);
	}

}
