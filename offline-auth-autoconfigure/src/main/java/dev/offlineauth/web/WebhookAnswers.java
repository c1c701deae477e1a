package dev.offlineauth.web;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import dev.offlineauth.revocation.WebhookOutcome;

/**
 * The answers of FusionAuth's webhook endpoint, rendered once for both stacks: per outcome a small JSON
 * acknowledgement or an RFC 9457 problem that never repeats anything of the request, and the 405 for any
 * method but {@code POST}.
 *
 * <p>Immutable and thread-safe; the bodies are shared, never to be modified.
 */
public final class WebhookAnswers {

	/** The only method the endpoint accepts, as told in {@code Allow}. */
	public static final String ALLOW = "POST";

	private static final byte[] METHOD_NOT_ALLOWED = problem(405, "Method Not Allowed",
			"FusionAuth events are accepted with POST only.");

	private final Map<WebhookOutcome, byte[]> bodies = new EnumMap<>(WebhookOutcome.class);

	private final String retryAfter;

	/**
	 * @param retryAfterSeconds what {@code Retry-After} tells FusionAuth on a 503
	 */
	public WebhookAnswers(long retryAfterSeconds) {
		this.retryAfter = Long.toString(Math.max(1, retryAfterSeconds));
		for (WebhookOutcome outcome : WebhookOutcome.values()) {
			this.bodies.put(outcome, render(outcome));
		}
	}

	/** The body of an outcome's answer. */
	public byte[] body(WebhookOutcome outcome) {
		return this.bodies.get(outcome);
	}

	/** The content type of an outcome's answer. */
	public String contentType(WebhookOutcome outcome) {
		return (outcome.httpStatus() == 200) ? "application/json" : ProblemResponder.PROBLEM_JSON;
	}

	/** The {@code Retry-After} of an outcome's answer, or {@code null} for none. */
	public String retryAfter(WebhookOutcome outcome) {
		return (outcome.httpStatus() == 503) ? this.retryAfter : null;
	}

	/** The body of the answer to a method other than {@code POST} (405). */
	public byte[] methodNotAllowed() {
		return METHOD_NOT_ALLOWED;
	}

	private static byte[] render(WebhookOutcome outcome) {
		return switch (outcome) {
			case APPLIED, DUPLICATE, IGNORED, EXPIRED ->
				("{\"outcome\":\"" + outcome.value() + "\"}").getBytes(StandardCharsets.UTF_8);
			case MALFORMED -> problem(400, "Bad Request", "The body is not a FusionAuth event that can be applied.");
			case INVALID_SIGNATURE -> problem(401, "Unauthorized",
					"The request is not signed by an allowed FusionAuth key (X-FusionAuth-Signature-JWT).");
			case TOO_LARGE -> problem(413, "Content Too Large", "The body is larger than this service accepts.");
			case STORE_UNAVAILABLE -> problem(503, "Service Unavailable",
					"The event is applied on this instance but could not be shared with the others yet.");
			case KEYS_UNAVAILABLE -> problem(503, "Service Unavailable",
					"The key that signed the event is not known to this service yet.");
		};
	}

	private static byte[] problem(int status, String title, String detail) {
		return ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
				+ "\"}").getBytes(StandardCharsets.UTF_8);
	}

}
