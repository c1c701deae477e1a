package dev.offlineauth.web;

import java.io.IOException;
import java.io.InputStream;

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
 * answer is fixed per outcome ({@link WebhookAnswers}).
 */
public final class RevocationWebhookFilter extends OncePerRequestFilter {

	private final RevocationWebhookEndpoint endpoint;

	private final RequestMatcher path;

	private final WebhookAnswers answers;

	/**
	 * @param endpoint the webhook and its settings
	 */
	public RevocationWebhookFilter(RevocationWebhookEndpoint endpoint) {
		this.endpoint = endpoint;
		this.path = PathPatternRequestMatcher.withDefaults().matcher(endpoint.path());
		this.answers = new WebhookAnswers(endpoint.retryAfterSeconds());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.path.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", WebhookAnswers.ALLOW);
			write(response, 405, ProblemResponder.PROBLEM_JSON, this.answers.methodNotAllowed());
			return;
		}
		byte[] body = (request.getContentLengthLong() > this.endpoint.maxBodyBytes()) ? null
				: readAtMost(request.getInputStream(), this.endpoint.maxBodyBytes());
		WebhookOutcome outcome = (body != null)
				? this.endpoint.webhook().receive(request.getHeader(WebhookSignature.HEADER), body)
				: this.endpoint.webhook().tooLarge();
		String retryAfter = this.answers.retryAfter(outcome);
		if (retryAfter != null) {
			response.setHeader("Retry-After", retryAfter);
		}
		write(response, outcome.httpStatus(), this.answers.contentType(outcome), this.answers.body(outcome));
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

}
