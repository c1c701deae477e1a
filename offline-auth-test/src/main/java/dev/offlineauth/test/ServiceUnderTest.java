package dev.offlineauth.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

import dev.offlineauth.autoconfigure.OfflineAuthProperties;
import dev.offlineauth.jwks.BackgroundContact;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.revocation.RevocationWebhook;
import dev.offlineauth.revocation.WebhookOutcome;
import dev.offlineauth.revocation.WebhookSignature;

/**
 * The service under test, as the fake reaches it through its beans: what it is configured with, and a way
 * to make it contact FusionAuth now and wait until it has. A round is the service's own work (a key fetch
 * through its key cache and a probe through its background contact), started after the fake changed, so
 * what the service concludes is what it would conclude at its next scheduled contact.
 *
 * <p>Thread-safe; rounds may run alongside the service's scheduled ones.
 */
final class ServiceUnderTest {

	private static final int MAX_ROUNDS = 3;

	private static final HttpClient WEBHOOK_CLIENT = HttpClient.newHttpClient();

	private static final Duration MARGIN = Duration.ofSeconds(10);

	private final ObjectProvider<OfflineAuthProperties> properties;

	private final ObjectProvider<RefreshingKeyRingProvider> keys;

	private final ObjectProvider<BackgroundContact> contact;

	private final ObjectProvider<Connectivity> connectivity;

	private final ObjectProvider<RevocationWebhook> webhook;

	private final Environment environment;

	ServiceUnderTest(ObjectProvider<OfflineAuthProperties> properties, ObjectProvider<RefreshingKeyRingProvider> keys,
			ObjectProvider<BackgroundContact> contact, ObjectProvider<Connectivity> connectivity,
			ObjectProvider<RevocationWebhook> webhook, Environment environment) {
		this.properties = properties;
		this.keys = keys;
		this.contact = contact;
		this.connectivity = connectivity;
		this.webhook = webhook;
		this.environment = environment;
	}

	/**
	 * Delivers a signed FusionAuth event to the service: over HTTP to its webhook path when it listens on a
	 * port (a {@code RANDOM_PORT} or {@code DEFINED_PORT} test), else straight to its webhook handler (a
	 * mock web environment, where nothing listens).
	 * @throws IllegalStateException if revocation is off, or the service did not apply the event
	 */
	void deliverWebhook(String signature, byte[] body) {
		OfflineAuthProperties properties = this.properties.getIfUnique();
		RevocationWebhook webhook = this.webhook.getIfUnique();
		if (properties == null || !properties.getRevocation().isEnabled() || webhook == null) {
			throw new IllegalStateException(
					"The service does not receive FusionAuth's webhooks: set offline-auth.revocation.enabled=true");
		}
		String port = this.environment.getProperty("local.server.port");
		if (port == null) {
			WebhookOutcome outcome = webhook.receive(signature, body);
			if (outcome != WebhookOutcome.APPLIED) {
				throw new IllegalStateException("The service answered the event with " + outcome.value());
			}
			return;
		}
		String basePath = this.environment.getProperty("server.servlet.context-path",
				this.environment.getProperty("spring.webflux.base-path", ""));
		URI uri = URI.create("http://127.0.0.1:" + port + basePath + properties.getRevocation().getWebhook().getPath());
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header(WebhookSignature.HEADER, signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<String> response = WEBHOOK_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200 || !response.body().contains("\"applied\"")) {
				throw new IllegalStateException("The service answered the event at " + uri + " with "
						+ response.statusCode() + " " + response.body());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not deliver the event to " + uri, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while delivering the event to " + uri, ex);
		}
	}

	/**
	 * Runs rounds of contact until the service sees FusionAuth as expected; returns at once when the service
	 * does not contact FusionAuth at all (offline-auth disabled, or keys of the application's own).
	 * @param online whether FusionAuth should be seen as reachable
	 * @param kidsByAlgorithm the kids that must then be in the service's keys, by their algorithm (only those
	 * of algorithms the service accepts are expected)
	 */
	void contactNow(boolean online, Map<String, String> kidsByAlgorithm) {
		RefreshingKeyRingProvider keys = this.keys.getIfUnique();
		BackgroundContact contact = this.contact.getIfUnique();
		Connectivity connectivity = this.connectivity.getIfUnique();
		OfflineAuthProperties properties = this.properties.getIfUnique();
		if (keys == null || contact == null || connectivity == null || properties == null) {
			return;
		}
		List<String> expectedKids = kidsByAlgorithm.entrySet()
			.stream()
			.filter((entry) -> accepts(properties, entry.getKey()))
			.map(Map.Entry::getValue)
			.toList();
		Duration deadline = properties.getFusionauth()
			.getConnectTimeout()
			.plus(properties.getFusionauth().getReadTimeout())
			.plus(MARGIN);
		for (int round = 0; round < MAX_ROUNDS; round++) {
			CompletableFuture<KeyRing> fetch;
			if (online) {
				// Probe first: a probe that finds FusionAuth back starts a fetch, which this one then joins.
				contact.tick();
				fetch = keys.refresh();
			}
			else {
				// Side by side: against a hung FusionAuth each takes the whole read timeout.
				fetch = keys.refresh();
				contact.tick();
			}
			awaitInCache(keys, await(fetch, deadline));
			ConnectivityStatus status = connectivity.state().status();
			KeyRing ring = keys.current();
			if (online ? (status == ConnectivityStatus.ONLINE && expectedKids.stream().allMatch(ring::contains))
					: status == ConnectivityStatus.OFFLINE) {
				return;
			}
			// A fetch that started before the change (and that this round joined) may have told otherwise.
		}
		throw new IllegalStateException("The service under test did not see FakeFusionAuth "
				+ (online ? "online with its current keys " + expectedKids : "offline") + " after " + MAX_ROUNDS
				+ " rounds of contact: connectivity " + connectivity.state().status().value() + ", keys "
				+ keys.current().kids());
	}

	/** The service's {@code offline-auth.issuer}, or {@code null}. */
	String issuer() {
		OfflineAuthProperties properties = this.properties.getIfUnique();
		return (properties != null) ? properties.getIssuer() : null;
	}

	/** The first of the service's {@code offline-auth.audiences}, or {@code null}. */
	String audience() {
		OfflineAuthProperties properties = this.properties.getIfUnique();
		return (properties != null && !properties.getAudiences().isEmpty()) ? properties.getAudiences().get(0) : null;
	}

	/** The path the service probes, when it configures one of its own. */
	String probePath() {
		return this.environment.getProperty("offline-auth.connectivity.probe-path");
	}

	private static boolean accepts(OfflineAuthProperties properties, String algorithm) {
		List<String> accepted = properties.getAlgorithms().stream().map(String::trim).toList();
		return accepted.contains(algorithm) || ("Ed25519".equals(algorithm) && accepted.contains("EdDSA"));
	}

	private static KeyRing await(CompletableFuture<KeyRing> fetch, Duration deadline) {
		try {
			return fetch.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the service fetched its keys", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The service's key fetch did not finish within " + deadline, ex);
		}
	}

	/**
	 * Caffeine completes a refresh's future just before it stores the value, so a read right after may still
	 * see the old ring for a moment: wait for the new one (briefly; another refresh may have replaced it).
	 */
	private static void awaitInCache(RefreshingKeyRingProvider keys, KeyRing ring) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (keys.current() != ring && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

}
