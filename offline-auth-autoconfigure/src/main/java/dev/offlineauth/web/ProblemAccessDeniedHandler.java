package dev.offlineauth.web;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.offlineauth.offline.Refusal;

/**
 * Answers a refused authorization: {@code grace_read_only} when a token in grace met the read-only rule
 * or a freshness check, else {@code insufficient_scope}.
 */
public final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final ProblemResponder responder;

	public ProblemAccessDeniedHandler(ProblemResponder responder) {
		this.responder = Objects.requireNonNull(responder, "responder");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		this.responder.respond(response, refusalOf(accessDeniedException));
	}

	static Refusal refusalOf(AccessDeniedException exception) {
		return SecurityRefusals.of(exception);
	}

}
