package dev.offlineauth.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import dev.offlineauth.offline.Refusal;

/**
 * The one place every refusal of a servlet application leaves through: writes the answer
 * {@link ProblemRenderer} prepared for the refusal (the status, the RFC 9457
 * {@code application/problem+json} body, {@code WWW-Authenticate}, {@code Retry-After}, {@code Allow}),
 * copying it out per response. Headers already set (such as {@code Offline-Auth-Status}) are kept.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProblemResponder {

	/** The response header that marks a request served with a token in grace. */
	public static final String STATUS_HEADER = "Offline-Auth-Status";

	/** The media type of every refusal body. */
	public static final String PROBLEM_JSON = "application/problem+json";

	/** The methods Spring Security's {@code StrictHttpFirewall} lets through by default. */
	public static final Set<String> FIREWALL_METHODS = Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST",
			"PUT");

	/** The same, as told in {@code Allow} on a 405. */
	public static final String ALLOWED_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

	private final ProblemRenderer renderer;

	/**
	 * @param retryAfter what {@code Retry-After} tells clients of a 503
	 */
	public ProblemResponder(Duration retryAfter) {
		this(new ProblemRenderer(retryAfter, DecisionObserver.NONE));
	}

	/**
	 * @param retryAfter what {@code Retry-After} tells clients of a 503
	 * @param observer told of every refusal of offline-auth's own
	 */
	public ProblemResponder(Duration retryAfter, DecisionObserver observer) {
		this(new ProblemRenderer(retryAfter, observer));
	}

	/**
	 * @param renderer the answers, prepared once, shared with the reactive stack
	 */
	public ProblemResponder(ProblemRenderer renderer) {
		this.renderer = Objects.requireNonNull(renderer, "renderer");
	}

	/** The answers this responder writes. */
	public ProblemRenderer renderer() {
		return this.renderer;
	}

	/**
	 * Writes the refusal, unless the response is already committed.
	 * @param response the response
	 * @param refusal the refusal
	 * @throws IOException if the body cannot be written
	 */
	public void respond(HttpServletResponse response, Refusal refusal) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		RenderedProblem problem = this.renderer.refuse(refusal);
		response.resetBuffer();
		response.setStatus(problem.status());
		response.setContentType(PROBLEM_JSON);
		response.setHeader("Cache-Control", "no-store");
		if (problem.wwwAuthenticate() != null) {
			response.setHeader("WWW-Authenticate", problem.wwwAuthenticate());
		}
		if (problem.retryAfter() != null) {
			response.setHeader("Retry-After", problem.retryAfter());
		}
		if (problem.allow() != null && !response.containsHeader("Allow")) {
			// Whoever refused the method first may know better which ones this resource allows.
			response.setHeader("Allow", problem.allow());
		}
		byte[] body = problem.body();
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
