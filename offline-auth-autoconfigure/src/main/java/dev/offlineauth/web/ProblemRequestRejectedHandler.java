package dev.offlineauth.web;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.offlineauth.logging.LogSafe;
import dev.offlineauth.offline.Refusal;

/**
 * Answers a request Spring Security's firewall refuses ({@code ;} or {@code ..} in the path, a method it
 * does not know) with a problem: 405 {@code invalid_request} for the method, 400 {@code invalid_request}
 * otherwise. Without it the default handler sends an error, whose error dispatch meets no authentication
 * and is answered with a misleading {@code missing_token}, even for a request with a valid token.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

	private static final Log logger = LogFactory.getLog(ProblemRequestRejectedHandler.class);

	private final ProblemResponder responder;

	public ProblemRequestRejectedHandler(ProblemResponder responder) {
		this.responder = Objects.requireNonNull(responder, "responder");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		Refusal refusal = ProblemResponder.FIREWALL_METHODS.contains(request.getMethod()) ? Refusal.INVALID_REQUEST
				: Refusal.METHOD_NOT_ALLOWED;
		if (logger.isDebugEnabled()) {
			logger.debug("Refused a request the firewall rejected with " + refusal.httpStatus() + ": "
					+ LogSafe.of(requestRejectedException.getMessage()));
		}
		this.responder.respond(response, refusal);
	}

}
