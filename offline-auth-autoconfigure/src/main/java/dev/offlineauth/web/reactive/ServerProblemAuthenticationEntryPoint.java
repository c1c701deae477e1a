package dev.offlineauth.web.reactive;

import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.web.server.ServerWebExchange;

import dev.offlineauth.logging.LogSafe;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.web.SecurityRefusals;

/**
 * Answers every failed or missing authentication of a reactive application with the matching
 * {@link Refusal}, as the servlet {@code ProblemAuthenticationEntryPoint} does. Also serves as the bearer
 * filter's failure handler, so that even an application-provided decoder's failures end here rather than
 * as a 500.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerProblemAuthenticationEntryPoint
		implements ServerAuthenticationEntryPoint, ServerAuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(ServerProblemAuthenticationEntryPoint.class);

	private final ServerProblemResponder responder;

	public ServerProblemAuthenticationEntryPoint(ServerProblemResponder responder) {
		this.responder = Objects.requireNonNull(responder, "responder");
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException authException) {
		Refusal refusal = refusalOf(authException);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + LogSafe.of(exchange.getRequest().getMethod().name()) + " with " + refusal.code()
					+ ": " + LogSafe.of(authException.getMessage()));
		}
		return this.responder.respond(exchange, refusal);
	}

	@Override
	public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException exception) {
		return commence(webFilterExchange.getExchange(), exception);
	}

	private static Refusal refusalOf(AuthenticationException exception) {
		// How the reactive exception translation tells that a request without credentials met a rule.
		if (exception instanceof AuthenticationCredentialsNotFoundException) {
			return Refusal.MISSING_TOKEN;
		}
		return SecurityRefusals.of(exception);
	}

}
