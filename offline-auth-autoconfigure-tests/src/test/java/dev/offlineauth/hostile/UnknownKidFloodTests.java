package dev.offlineauth.hostile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.fusionauth.jwt.rsa.RSASigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.app.NotesTestApplication;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 250 concurrent requests with made-up kids while FusionAuth hangs, through a real Tomcat, beside
 * requests with a known kid. Only statuses and counts are asserted: the known-kid requests are all served,
 * the made-up ones all refused, and FusionAuth is asked at most twice. The latencies are printed for the
 * record (speed is measured in the benchmarks, never asserted here).
 */
@SpringBootTest(classes = NotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class UnknownKidFloodTests {

	private static final TestKey KEY = TestKey.rsa("flood-key");

	private static final ScriptedFusionAuth FUSION_AUTH = new ScriptedFusionAuth();

	private static final int FLOOD = 250;

	@LocalServerPort
	private int port;

	@Autowired
	private RefreshingKeyRingProvider keys;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		FUSION_AUTH.serveKeys(KEY);
		FUSION_AUTH.register(registry);
		registry.add("offline-auth.fusionauth.read-timeout", () -> "5s");
		registry.add("offline-auth.connectivity.probe-interval", () -> "1h");
	}

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@Test
	void aFloodOfUnknownKidsAgainstAHangingFusionAuthHoldsBackNeitherKnownKidsNorThreads() throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.keys.current().contains(KEY.kid()));
		FUSION_AUTH.serveJwks(aResponse().withStatus(200).withFixedDelay(20_000).withBody(TestKey.jwks(KEY)));
		FUSION_AUTH.resetRequests();
		HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(32)).build();
		URI notes = URI.create("http://localhost:" + this.port + "/api/notes");
		String known = "Bearer " + Tokens.token(KEY, Instant.now()).sign();
		ExecutorService knownClients = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<HttpResponse<Void>>> flood = new ArrayList<>();
			for (int i = 0; i < FLOOD; i++) {
				String unknown = "Bearer " + Tokens
					.token(RSASigner.newSHA256Signer(KEY.privateKey(), "made-up-" + UUID.randomUUID()), Instant.now())
					.sign();
				flood.add(client.sendAsync(request(notes, unknown), HttpResponse.BodyHandlers.discarding()));
			}
			List<Future<List<Long>>> knownRuns = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				knownRuns.add(knownClients.submit(() -> {
					List<Long> latencies = new ArrayList<>();
					for (int i = 0; i < 50; i++) {
						long start = System.nanoTime();
						HttpResponse<Void> response = client.send(request(notes, known), HttpResponse.BodyHandlers.discarding());
						latencies.add(System.nanoTime() - start);
						assertThat(response.statusCode()).isEqualTo(200);
					}
					return latencies;
				}));
			}
			List<Long> knownLatencies = new ArrayList<>();
			for (Future<List<Long>> run : knownRuns) {
				knownLatencies.addAll(run.get());
			}
			List<Long> floodLatencies = new ArrayList<>();
			long floodStart = System.nanoTime();
			for (CompletableFuture<HttpResponse<Void>> answer : flood) {
				assertThat(answer.get().statusCode()).isEqualTo(401);
				floodLatencies.add(System.nanoTime() - floodStart);
			}

			assertThat(knownLatencies).hasSize(200);
			assertThat(FUSION_AUTH.jwksRequests()).as("JWKS requests during the flood").isLessThanOrEqualTo(2);
			System.out.printf("Unknown-kid flood of %d against a hanging FusionAuth: known-kid p50 %d ms, p99 %d ms, "
					+ "max %d ms over %d requests%n", FLOOD, percentile(knownLatencies, 50), percentile(knownLatencies, 99),
					percentile(knownLatencies, 100), knownLatencies.size());
		}
		finally {
			knownClients.shutdownNow();
		}
	}

	private static HttpRequest request(URI uri, String authorization) {
		return HttpRequest.newBuilder(uri).header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build();
	}

	private static long percentile(List<Long> nanos, int percentile) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
		return Duration.ofNanos(sorted.get(Math.max(0, index))).toMillis();
	}

}
