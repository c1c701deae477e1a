package dev.offlineauth.web;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.offlineauth.logging.LogSafe;
import dev.offlineauth.offline.Refusal;

/**
 * Answers every failed or missing authentication with the matching {@link Refusal}. Also serves as the
 * bearer filter's failure handler, so that even an application-provided decoder's failures end here
 * rather than as a 500.
 */
public final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint, AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(ProblemAuthenticationEntryPoint.class);

	private final ProblemResponder responder;

	public ProblemAuthenticationEntryPoint(ProblemResponder responder) {
		this.responder = Objects.requireNonNull(responder, "responder");
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		Refusal refusal = refusalOf(authException);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + LogSafe.of(request.getMethod()) + " with " + refusal.code() + ": "
					+ LogSafe.of(authException.getMessage()));
		}
		this.responder.respond(response, refusal);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		commence(request, response, exception);
	}

	static Refusal refusalOf(AuthenticationException exception) {
		return SecurityRefusals.of(exception);
	}

}
