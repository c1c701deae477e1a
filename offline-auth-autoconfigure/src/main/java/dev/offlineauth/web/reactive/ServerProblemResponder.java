package dev.offlineauth.web.reactive;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import dev.offlineauth.offline.Refusal;
import dev.offlineauth.web.ProblemRenderer;
import dev.offlineauth.web.ProblemResponder;
import dev.offlineauth.web.RenderedProblem;

/**
 * The one place every refusal of a reactive application leaves through: writes the answer
 * {@link ProblemRenderer} prepared for the refusal, the same status, headers and bytes as the servlet
 * {@link ProblemResponder}. The body is wrapped, not copied. Headers already set (such as
 * {@code Offline-Auth-Status}) are kept.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerProblemResponder {

	private final ProblemRenderer renderer;

	private final Map<Refusal, HttpStatusCode> statuses = new EnumMap<>(Refusal.class);

	/**
	 * @param renderer the answers, prepared once, shared with the servlet stack
	 */
	public ServerProblemResponder(ProblemRenderer renderer) {
		this.renderer = Objects.requireNonNull(renderer, "renderer");
		for (Refusal refusal : Refusal.values()) {
			this.statuses.put(refusal, HttpStatusCode.valueOf(refusal.httpStatus()));
		}
	}

	/**
	 * Writes the refusal, unless the response is already committed.
	 * @param exchange the exchange
	 * @param refusal the refusal
	 * @return completes when the answer is written
	 */
	public Mono<Void> respond(ServerWebExchange exchange, Refusal refusal) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		RenderedProblem problem = this.renderer.refuse(refusal);
		response.setStatusCode(this.statuses.get(refusal));
		HttpHeaders headers = response.getHeaders();
		headers.set(HttpHeaders.CONTENT_TYPE, ProblemResponder.PROBLEM_JSON);
		headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
		if (problem.wwwAuthenticate() != null) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, problem.wwwAuthenticate());
		}
		if (problem.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, problem.retryAfter());
		}
		if (problem.allow() != null && !headers.containsHeader(HttpHeaders.ALLOW)) {
			// Whoever refused the method first may know better which ones this resource allows.
			headers.set(HttpHeaders.ALLOW, problem.allow());
		}
		byte[] body = problem.body();
		headers.setContentLength(body.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

}
