package dev.offlineauth.jwks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.offlineauth.jwks.JwksException.Reason;
import dev.offlineauth.offline.FusionAuthHttpClient;
import dev.offlineauth.offline.HttpDates;

/**
 * Fetches the JWKS with the JDK's HTTP client: bounded in time (connect and read timeouts, the read
 * timeout covering the whole body) and in size, and never following a redirect, so that nothing on the
 * network can make the service wait long, read much, or fetch from another host. The response's
 * {@code Date} is passed on only when the URL can be believed about the time (HTTPS or loopback).
 */
public final class HttpJwksClient implements JwksClient {

	private final HttpClient client;

	private final HttpRequest request;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final long maxResponseBytes;

	private final boolean tellsTime;

	/**
	 * @param jwksUri where the JWKS is served
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the time allowed for the whole response once connected
	 * @param maxResponseBytes the largest body accepted
	 */
	public HttpJwksClient(URI jwksUri, Duration connectTimeout, Duration readTimeout, long maxResponseBytes) {
		Objects.requireNonNull(jwksUri, "jwksUri");
		this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
		this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
		this.maxResponseBytes = maxResponseBytes;
		this.client = FusionAuthHttpClient.create(connectTimeout);
		this.tellsTime = FusionAuthHttpClient.tellsTime(jwksUri);
		this.request = HttpRequest.newBuilder(jwksUri)
			.timeout(readTimeout)
			.header("Accept", "application/jwk-set+json, application/json")
			.GET()
			.build();
	}

	@Override
	public FetchedJwks fetch() throws JwksException {
		CompletableFuture<HttpResponse<byte[]>> exchange = this.client.sendAsync(this.request,
				(info) -> (info.statusCode() == 200) ? new SizeLimitedBodySubscriber(this.maxResponseBytes)
						: BodySubscribers.replacing(null));
		HttpResponse<byte[]> response;
		try {
			// The request timeout stops waiting for headers; this deadline also bounds a body sent slowly.
			response = exchange.get(this.connectTimeout.plus(this.readTimeout).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw new JwksException(Reason.TIMEOUT, "No complete JWKS response within the timeouts");
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			throw new JwksException(Reason.CONNECTION, "Interrupted while fetching the JWKS", ex);
		}
		catch (ExecutionException ex) {
			throw failure(ex.getCause());
		}
		if (response.statusCode() != 200) {
			throw new JwksException(Reason.HTTP_STATUS, "The JWKS request answered HTTP " + response.statusCode());
		}
		String body = new String(response.body(), StandardCharsets.UTF_8);
		return new FetchedJwks(body, this.tellsTime ? HttpDates.serverTime(response.headers()) : null);
	}

	private static JwksException failure(Throwable cause) {
		if (cause instanceof SizeLimitedBodySubscriber.TooLargeException) {
			return new JwksException(Reason.TOO_LARGE, cause.getMessage());
		}
		if (cause instanceof HttpTimeoutException) {
			return new JwksException(Reason.TIMEOUT, "No JWKS response within the timeouts", cause);
		}
		// Refused, reset, closed early, unresolvable host: the connection did not deliver a response.
		return new JwksException(Reason.CONNECTION, "Could not fetch the JWKS: " + cause, cause);
	}

}
