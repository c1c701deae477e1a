package dev.offlineauth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import dev.offlineauth.offline.Refusal;

/**
 * The one place every refusal leaves through: the status, an RFC 9457 {@code application/problem+json}
 * body with {@code type}, {@code title}, {@code status}, {@code detail} and the refusal's {@code code},
 * an RFC 6750 {@code WWW-Authenticate} header on 400, 401 and 403, {@code Retry-After} on 503 and
 * {@code Allow} on 405.
 *
 * <p>Bodies and headers depend on the refusal only (never on the request or the token), so they are
 * written once, here, and merely copied out per response.
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

	private final Map<Refusal, Prepared> prepared = new EnumMap<>(Refusal.class);

	private final DecisionObserver observer;

	/**
	 * @param retryAfter what {@code Retry-After} tells clients of a 503
	 */
	public ProblemResponder(Duration retryAfter) {
		this(retryAfter, DecisionObserver.NONE);
	}

	/**
	 * @param retryAfter what {@code Retry-After} tells clients of a 503
	 * @param observer told of every refusal of offline-auth's own
	 */
	public ProblemResponder(Duration retryAfter, DecisionObserver observer) {
		this.observer = observer;
		String retryAfterSeconds = Long.toString(Math.max(1, retryAfter.toSeconds()));
		for (Refusal refusal : Refusal.values()) {
			this.prepared.put(refusal, new Prepared(body(refusal), wwwAuthenticate(refusal),
					(refusal.httpStatus() == 503) ? retryAfterSeconds : null,
					(refusal.httpStatus() == 405) ? ALLOWED_METHODS : null));
		}
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
		if (refusal != Refusal.INSUFFICIENT_SCOPE) {
			this.observer.refused(refusal);
		}
		Prepared prepared = this.prepared.get(refusal);
		response.resetBuffer();
		response.setStatus(refusal.httpStatus());
		response.setContentType(PROBLEM_JSON);
		response.setHeader("Cache-Control", "no-store");
		if (prepared.wwwAuthenticate != null) {
			response.setHeader("WWW-Authenticate", prepared.wwwAuthenticate);
		}
		if (prepared.retryAfter != null) {
			response.setHeader("Retry-After", prepared.retryAfter);
		}
		if (prepared.allow != null && !response.containsHeader("Allow")) {
			// Whoever refused the method first may know better which ones this resource allows.
			response.setHeader("Allow", prepared.allow);
		}
		response.setContentLength(prepared.body.length);
		response.getOutputStream().write(prepared.body);
		response.flushBuffer();
	}

	private static String wwwAuthenticate(Refusal refusal) {
		return switch (refusal.httpStatus()) {
			case 400 -> "Bearer error=\"invalid_request\", error_description=\"" + quotable(refusal.detail()) + "\"";
			// RFC 6750 section 3.1: a request without credentials gets no error attribute.
			case 401 -> (refusal == Refusal.MISSING_TOKEN) ? "Bearer"
					: "Bearer error=\"invalid_token\", error_description=\"" + quotable(refusal.detail()) + "\"";
			case 403 -> "Bearer error=\"insufficient_scope\", error_description=\"" + quotable(refusal.detail()) + "\"";
			default -> null;
		};
	}

	private static byte[] body(Refusal refusal) {
		String json = "{\"type\":\"about:blank\",\"title\":\"" + title(refusal.httpStatus()) + "\",\"status\":"
				+ refusal.httpStatus() + ",\"detail\":\"" + jsonEscaped(refusal.detail()) + "\",\"code\":\""
				+ refusal.code() + "\"}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static String title(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 405 -> "Method Not Allowed";
			case 503 -> "Service Unavailable";
			default -> throw new IllegalArgumentException("No title for status " + status);
		};
	}

	/** RFC 6750 allows printable ASCII except the double quote and backslash in error_description. */
	private static String quotable(String text) {
		for (char c : text.toCharArray()) {
			if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
				throw new IllegalArgumentException("Not allowed in error_description: " + text);
			}
		}
		return text;
	}

	private static String jsonEscaped(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> escaped.append("\\\"");
				case '\\' -> escaped.append("\\\\");
				default -> {
					if (c < 0x20) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	private record Prepared(byte[] body, String wwwAuthenticate, String retryAfter, String allow) {
	}

}
