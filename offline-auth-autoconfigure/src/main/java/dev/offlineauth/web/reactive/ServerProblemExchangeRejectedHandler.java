package dev.offlineauth.web.reactive;

import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;

import dev.offlineauth.logging.LogSafe;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.web.ProblemResponder;

/**
 * Answers a request Spring Security's reactive firewall refuses ({@code ;} or {@code ..} in the path, a
 * method it does not know) with a problem, as the servlet {@code ProblemRequestRejectedHandler} does: 405
 * {@code invalid_request} for the method, 400 {@code invalid_request} otherwise.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerProblemExchangeRejectedHandler implements ServerExchangeRejectedHandler {

	private static final Log logger = LogFactory.getLog(ServerProblemExchangeRejectedHandler.class);

	private final ServerProblemResponder responder;

	public ServerProblemExchangeRejectedHandler(ServerProblemResponder responder) {
		this.responder = Objects.requireNonNull(responder, "responder");
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
		Refusal refusal = ProblemResponder.FIREWALL_METHODS.contains(exchange.getRequest().getMethod().name())
				? Refusal.INVALID_REQUEST : Refusal.METHOD_NOT_ALLOWED;
		if (logger.isDebugEnabled()) {
			logger.debug("Refused a request the firewall rejected with " + refusal.httpStatus() + ": "
					+ LogSafe.of(rejected.getMessage()));
		}
		return this.responder.respond(exchange, refusal);
	}

}
