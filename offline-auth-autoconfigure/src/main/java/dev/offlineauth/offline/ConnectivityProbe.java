package dev.offlineauth.offline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks FusionAuth whether it is there, off the request path: a {@code GET} of its probe endpoint
 * ({@code /api/health} by default, FusionAuth's endpoint meant for probes: 200 or 500, no body), whose
 * status and headers are all that is read. The body, if any, is never read: the connection is closed as
 * soon as the headers are in, so that an endless body costs nothing.
 *
 * <p>Thread-safe; one probe at a time is expected.
 */
public final class ConnectivityProbe {

	private final HttpClient client;

	private final HttpRequest request;

	private final Duration deadline;

	private final boolean tellsTime;

	private final FusionAuthContacts contacts;

	/**
	 * @param target what to ask: FusionAuth's probe path, or the JWKS URI when only that is known
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the time allowed for the answer once connected
	 * @param contacts where the outcome is recorded
	 */
	public ConnectivityProbe(URI target, Duration connectTimeout, Duration readTimeout, FusionAuthContacts contacts) {
		this.contacts = Objects.requireNonNull(contacts, "contacts");
		this.client = FusionAuthHttpClient.create(connectTimeout);
		this.request = HttpRequest.newBuilder(target).timeout(readTimeout).GET().build();
		this.deadline = connectTimeout.plus(readTimeout);
		this.tellsTime = FusionAuthHttpClient.tellsTime(target);
	}

	/**
	 * Probes once and records the outcome.
	 * @return whether FusionAuth answered with a 2xx status
	 */
	public boolean probe() {
		long started = this.contacts.begin();
		CompletableFuture<HttpResponse<Void>> exchange = this.client.sendAsync(this.request,
				(info) -> new HeadersOnly());
		try {
			HttpResponse<Void> response = exchange.get(this.deadline.toMillis(), TimeUnit.MILLISECONDS);
			this.contacts.probeAnswered(started, response.statusCode(),
					this.tellsTime ? HttpDates.serverTime(response.headers()) : null);
			return response.statusCode() / 100 == 2;
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			this.contacts.probeFailed(started, "probe timed out");
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			boolean timeout = ex.getCause() instanceof HttpTimeoutException;
			this.contacts.probeFailed(started, timeout ? "probe timed out"
					: (ex.getCause() instanceof IOException) ? "probe could not connect" : "probe failed");
		}
		return false;
	}

	/** Completes as soon as the headers are in, and cancels the body: not one byte of it is asked for. */
	private static final class HeadersOnly implements BodySubscriber<Void> {

		private final CompletableFuture<Void> done = CompletableFuture.completedFuture(null);

		@Override
		public CompletionStage<Void> getBody() {
			return this.done;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.cancel();
		}

		@Override
		public void onNext(List<ByteBuffer> item) {
		}

		@Override
		public void onError(Throwable throwable) {
		}

		@Override
		public void onComplete() {
		}

	}

}
