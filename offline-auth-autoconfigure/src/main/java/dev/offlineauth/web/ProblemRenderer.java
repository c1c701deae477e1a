package dev.offlineauth.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dev.offlineauth.offline.Refusal;

/**
 * Every refusal's answer, rendered once for both stacks: the status, an RFC 9457
 * {@code application/problem+json} body with {@code type}, {@code title}, {@code status}, {@code detail}
 * and the refusal's {@code code}, an RFC 6750 {@code WWW-Authenticate} header on 400, 401 and 403,
 * {@code Retry-After} on 503 and {@code Allow} on 405. The servlet {@link ProblemResponder} and the
 * reactive responder only write what is rendered here.
 *
 * <p>Bodies and headers depend on the refusal only (never on the request or the token), so they are
 * rendered at construction and merely handed out per response.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProblemRenderer {

	private final Map<Refusal, RenderedProblem> rendered = new EnumMap<>(Refusal.class);

	private final DecisionObserver observer;

	/**
	 * @param retryAfter what {@code Retry-After} tells clients of a 503
	 * @param observer told of every refusal of offline-auth's own
	 */
	public ProblemRenderer(Duration retryAfter, DecisionObserver observer) {
		this.observer = Objects.requireNonNull(observer, "observer");
		String retryAfterSeconds = Long.toString(Math.max(1, retryAfter.toSeconds()));
		for (Refusal refusal : Refusal.values()) {
			this.rendered.put(refusal, new RenderedProblem(refusal.httpStatus(), body(refusal), wwwAuthenticate(refusal),
					(refusal.httpStatus() == 503) ? retryAfterSeconds : null,
					(refusal.httpStatus() == 405) ? ProblemResponder.ALLOWED_METHODS : null));
		}
	}

	/**
	 * The answer to a refusal about to be written; the observer is told of it, unless it is the
	 * application's own ({@code insufficient_scope}).
	 * @param refusal the refusal
	 * @return its answer
	 */
	public RenderedProblem refuse(Refusal refusal) {
		if (refusal != Refusal.INSUFFICIENT_SCOPE) {
			this.observer.refused(refusal);
		}
		return this.rendered.get(refusal);
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

}
