package dev.offlineauth.web;

/**
 * One refusal's answer, as {@link ProblemRenderer} prepared it: what any stack writes.
 *
 * <p>Immutable: the body is shared by every response with this answer, so it is never handed out for
 * writing into, only for copying out.
 */
public final class RenderedProblem {

	private final int status;

	private final byte[] body;

	private final String wwwAuthenticate;

	private final String retryAfter;

	private final String allow;

	RenderedProblem(int status, byte[] body, String wwwAuthenticate, String retryAfter, String allow) {
		this.status = status;
		this.body = body;
		this.wwwAuthenticate = wwwAuthenticate;
		this.retryAfter = retryAfter;
		this.allow = allow;
	}

	/** The HTTP status. */
	public int status() {
		return this.status;
	}

	/** The {@code application/problem+json} body, UTF-8; shared, so never to be modified. */
	public byte[] body() {
		return this.body;
	}

	/** The {@code WWW-Authenticate} value, or {@code null} for none. */
	public String wwwAuthenticate() {
		return this.wwwAuthenticate;
	}

	/** The {@code Retry-After} value in seconds, or {@code null} for none. */
	public String retryAfter() {
		return this.retryAfter;
	}

	/** The {@code Allow} value, or {@code null} for none. */
	public String allow() {
		return this.allow;
	}

}
