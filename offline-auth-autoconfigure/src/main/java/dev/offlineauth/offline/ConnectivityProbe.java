package dev.offlineauth.offline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks FusionAuth whether it is there, off the request path: a {@code GET} whose 2xx answer counts as a
 * successful contact (and whose {@code Date} header feeds the trusted clock), anything else as a failed
 * one. The body is never read.
 */
public final class ConnectivityProbe {

	private final HttpClient client;

	private final HttpRequest request;

	private final Duration deadline;

	private final Connectivity connectivity;

	/**
	 * @param target what to ask: FusionAuth's {@code /api/status}, or the JWKS URI when only that is known
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the time allowed for the answer once connected
	 * @param connectivity where the outcome is recorded
	 */
	public ConnectivityProbe(URI target, Duration connectTimeout, Duration readTimeout, Connectivity connectivity) {
		this.connectivity = Objects.requireNonNull(connectivity, "connectivity");
		this.client = FusionAuthHttpClient.create(connectTimeout);
		this.request = HttpRequest.newBuilder(target).timeout(readTimeout).GET().build();
		this.deadline = connectTimeout.plus(readTimeout);
	}

	/**
	 * Probes once and records the outcome.
	 * @return whether FusionAuth answered with a 2xx status
	 */
	public boolean probe() {
		CompletableFuture<HttpResponse<Void>> exchange = this.client.sendAsync(this.request,
				HttpResponse.BodyHandlers.discarding());
		try {
			HttpResponse<Void> response = exchange.get(this.deadline.toMillis(), TimeUnit.MILLISECONDS);
			if (response.statusCode() / 100 == 2) {
				this.connectivity.contactSucceeded(HttpDates.serverTime(response.headers()));
				return true;
			}
			this.connectivity.contactFailed("probe answered HTTP " + response.statusCode());
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			this.connectivity.contactFailed("probe timed out");
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			boolean timeout = ex.getCause() instanceof HttpTimeoutException;
			this.connectivity.contactFailed(timeout ? "probe timed out"
					: (ex.getCause() instanceof IOException) ? "probe could not connect" : "probe failed");
		}
		return false;
	}

}
