package dev.offlineauth.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.offlineauth.offline.TokenStatus;

/**
 * The read-only rule, placed right after bearer authentication so that it holds whatever authorization
 * rules the application writes: a request authenticated with a token in grace is marked with
 * {@code Offline-Auth-Status: grace}, and refused ({@code grace_read_only}) unless its method is one of
 * the allowed ones ({@link GraceReadOnlyRule}). Every token it lets through is reported as accepted,
 * fresh or in grace.
 */
public final class GraceReadOnlyFilter extends OncePerRequestFilter {

	private final GraceReadOnlyRule rule;

	private final AccessDeniedHandler accessDeniedHandler;

	private final DecisionObserver observer;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	/**
	 * @param allowedMethods the methods a token in grace may use
	 * @param accessDeniedHandler answers the refusal
	 * @param observer told of every token let through
	 */
	public GraceReadOnlyFilter(Set<String> allowedMethods, AccessDeniedHandler accessDeniedHandler,
			DecisionObserver observer) {
		this.observer = observer;
		this.rule = new GraceReadOnlyRule(allowedMethods);
		this.accessDeniedHandler = accessDeniedHandler;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (authentication instanceof OfflineAuthenticationToken token) {
			if (token.isGrace()) {
				response.setHeader(ProblemResponder.STATUS_HEADER, TokenStatus.GRACE.value());
				if (!this.rule.allows(request.getMethod())) {
					this.accessDeniedHandler.handle(request, response, new GraceReadOnlyException(request.getMethod()));
					return;
				}
			}
			this.observer.accepted(token.getTokenStatus());
		}
		chain.doFilter(request, response);
	}

}
