package dev.offlineauth.web.reactive;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.offlineauth.revocation.WebhookOutcome;
import dev.offlineauth.revocation.WebhookSignature;
import dev.offlineauth.web.ProblemResponder;
import dev.offlineauth.web.RevocationWebhookEndpoint;
import dev.offlineauth.web.WebhookAnswers;

/**
 * FusionAuth's webhook endpoint in a reactive application, answered inside the security filter chain
 * before CSRF and bearer authentication: FusionAuth authenticates with its signature, not a token. Only
 * {@code POST}; the body is collected up to the size limit and no further (a declared or actual excess is
 * 413), then handed to the stack-free {@code RevocationWebhook}, which checks the signature before it
 * parses anything. That runs on a {@link Schedulers#boundedElastic() bounded elastic} thread, never an
 * event loop: with the Redis store it writes to Redis. Every answer is fixed per outcome
 * ({@link WebhookAnswers}).
 *
 * <p>Immutable and thread-safe.
 */
public final class RevocationWebhookWebFilter implements WebFilter {

	private static final HttpStatusCode METHOD_NOT_ALLOWED = HttpStatusCode.valueOf(405);

	private final RevocationWebhookEndpoint endpoint;

	private final ServerWebExchangeMatcher path;

	private final WebhookAnswers answers;

	private final Map<WebhookOutcome, HttpStatusCode> statuses = new EnumMap<>(WebhookOutcome.class);

	private final int maxBodyBytes;

	private final Scheduler receiving;

	/**
	 * @param endpoint the webhook and its settings
	 */
	public RevocationWebhookWebFilter(RevocationWebhookEndpoint endpoint) {
		this(endpoint, Schedulers.boundedElastic());
	}

	/**
	 * @param endpoint the webhook and its settings
	 * @param receiving where events are received (signature, cutoffs, store)
	 */
	public RevocationWebhookWebFilter(RevocationWebhookEndpoint endpoint, Scheduler receiving) {
		this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
		this.receiving = Objects.requireNonNull(receiving, "receiving");
		this.path = new PathPatternParserServerWebExchangeMatcher(endpoint.path());
		this.answers = new WebhookAnswers(endpoint.retryAfterSeconds());
		this.maxBodyBytes = (int) endpoint.maxBodyBytes();
		for (WebhookOutcome outcome : WebhookOutcome.values()) {
			this.statuses.put(outcome, HttpStatusCode.valueOf(outcome.httpStatus()));
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return this.path.matches(exchange)
			.flatMap((match) -> match.isMatch() ? receive(exchange) : chain.filter(exchange));
	}

	private Mono<Void> receive(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		if (request.getMethod() != HttpMethod.POST) {
			response.getHeaders().set(HttpHeaders.ALLOW, WebhookAnswers.ALLOW);
			return write(response, METHOD_NOT_ALLOWED, ProblemResponder.PROBLEM_JSON, this.answers.methodNotAllowed());
		}
		if (request.getHeaders().getContentLength() > this.maxBodyBytes) {
			return answer(response, this.endpoint.webhook().tooLarge());
		}
		String signature = request.getHeaders().getFirst(WebhookSignature.HEADER);
		return DataBufferUtils.join(request.getBody(), this.maxBodyBytes)
			.map(RevocationWebhookWebFilter::bytes)
			.defaultIfEmpty(new byte[0])
			.publishOn(this.receiving)
			.map((body) -> this.endpoint.webhook().receive(signature, body))
			.onErrorResume(DataBufferLimitException.class, (tooLarge) -> Mono.just(this.endpoint.webhook().tooLarge()))
			.flatMap((outcome) -> answer(response, outcome));
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Mono<Void> answer(ServerHttpResponse response, WebhookOutcome outcome) {
		String retryAfter = this.answers.retryAfter(outcome);
		if (retryAfter != null) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		return write(response, this.statuses.get(outcome), this.answers.contentType(outcome),
				this.answers.body(outcome));
	}

	private static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, String contentType,
			byte[] body) {
		response.setStatusCode(status);
		HttpHeaders headers = response.getHeaders();
		headers.set(HttpHeaders.CONTENT_TYPE, contentType);
		headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
		headers.setContentLength(body.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

}
