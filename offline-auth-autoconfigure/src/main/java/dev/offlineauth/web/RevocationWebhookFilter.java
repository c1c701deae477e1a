package dev.offlineauth.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.offlineauth.revocation.WebhookOutcome;
import dev.offlineauth.revocation.WebhookSignature;

/**
 * FusionAuth's webhook endpoint, answered inside the security filter chain before CSRF and bearer
 * authentication: FusionAuth authenticates with its signature, not a token. Only {@code POST}; the body is
 * read up to the size limit and no further, then handed to the stack-free {@code RevocationWebhook}. Every
 * answer is fixed per outcome: a small JSON acknowledgement, or an RFC 9457 problem that never repeats
 * anything of the request.
 */
public final class RevocationWebhookFilter extends OncePerRequestFilter {

	private static final byte[] METHOD_NOT_ALLOWED = problem(405, "Method Not Allowed",
			"FusionAuth events are accepted with POST only.");

	private final RevocationWebhookEndpoint endpoint;

	private final RequestMatcher path;

	private final Map<WebhookOutcome, byte[]> bodies = new EnumMap<>(WebhookOutcome.class);

	private final String retryAfter;

	/**
	 * @param endpoint the webhook and its settings
	 */
	public RevocationWebhookFilter(RevocationWebhookEndpoint endpoint) {
		this.endpoint = endpoint;
		this.path = PathPatternRequestMatcher.withDefaults().matcher(endpoint.path());
		this.retryAfter = Long.toString(Math.max(1, endpoint.retryAfterSeconds()));
		for (WebhookOutcome outcome : WebhookOutcome.values()) {
			this.bodies.put(outcome, body(outcome));
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.path.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			write(response, 405, "application/problem+json", METHOD_NOT_ALLOWED);
			return;
		}
		byte[] body = (request.getContentLengthLong() > this.endpoint.maxBodyBytes()) ? null
				: readAtMost(request.getInputStream(), this.endpoint.maxBodyBytes());
		WebhookOutcome outcome = (body != null)
				? this.endpoint.webhook().receive(request.getHeader(WebhookSignature.HEADER), body)
				: this.endpoint.webhook().tooLarge();
		if (outcome.httpStatus() == 503) {
			response.setHeader("Retry-After", this.retryAfter);
		}
		write(response, outcome.httpStatus(), (outcome.httpStatus() == 200) ? "application/json"
				: "application/problem+json", this.bodies.get(outcome));
	}

	/** The body, or {@code null} if it is longer than {@code max}: never more than {@code max + 1} bytes read. */
	private static byte[] readAtMost(InputStream in, long max) throws IOException {
		byte[] body = in.readNBytes((int) max + 1);
		return (body.length > max) ? null : body;
	}

	private static void write(HttpServletResponse response, int status, String contentType, byte[] body)
			throws IOException {
		response.setStatus(status);
		response.setContentType(contentType);
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private static byte[] body(WebhookOutcome outcome) {
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
