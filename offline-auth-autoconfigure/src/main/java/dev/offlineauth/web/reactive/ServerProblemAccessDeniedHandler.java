package dev.offlineauth.web.reactive;

import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import dev.offlineauth.web.SecurityRefusals;

/**
 * Answers a refused authorization of a reactive application: {@code grace_read_only} when a token in
 * grace met the read-only rule or a freshness check, else {@code insufficient_scope}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final ServerProblemResponder responder;

	public ServerProblemAccessDeniedHandler(ServerProblemResponder responder) {
		this.responder = Objects.requireNonNull(responder, "responder");
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return this.responder.respond(exchange, SecurityRefusals.of(denied));
	}

}
