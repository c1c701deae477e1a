package dev.offlineauth.hostile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.jwks.FetchedJwks;
import dev.offlineauth.jwks.JwksException;
import dev.offlineauth.jwks.JwksFetchListener;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Several threads validating all the time, while FusionAuth rotates its signing key the way FusionAuth
 * does (publish the new key, sign with it once published, drop the old one later) and goes down and comes
 * back, and a burst of thousands of made-up key ids arrives. No token is accepted that should not be, no
 * valid token is refused, no status but 200 and 401 appears, and JWKS fetches stay within the bounds of
 * the refresh and refetch intervals.
 */
@SpringBootTest(classes = NotesTestApplication.class)
@AutoConfigureMockMvc
@Import(LoadUnderChangeTests.FetchCounting.class)
class LoadUnderChangeTests {

	private static final Duration REFRESH = Duration.ofMillis(700);

	private static final Duration MIN_REFETCH = Duration.ofMillis(200);

	private static final Duration RUN = Duration.ofSeconds(6);

	private static final ScriptedFusionAuth FUSION_AUTH = new ScriptedFusionAuth();

	private static final AtomicInteger FETCH_ATTEMPTS = new AtomicInteger();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RefreshingKeyRingProvider keys;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		FUSION_AUTH.register(registry);
		registry.add("offline-auth.jwks.refresh-interval", REFRESH::toString);
		registry.add("offline-auth.jwks.min-refetch-interval", MIN_REFETCH::toString);
		registry.add("offline-auth.fusionauth.connect-timeout", () -> "300ms");
		registry.add("offline-auth.fusionauth.read-timeout", () -> "500ms");
		registry.add("offline-auth.connectivity.probe-interval", () -> "1h");
	}

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@Test
	void noWrongDecisionWhileKeysRotateAndFusionAuthFlaps() throws Exception {
		TestKey first = TestKey.rsa("rotation-0");
		FUSION_AUTH.serveKeys(first);
		this.keys.refresh().get();
		// What FusionAuth signs with now, and a token from it (minted once per key: signing is not under test).
		AtomicReference<TestKey> signing = new AtomicReference<>(first);
		Map<String, String> tokenByKid = new ConcurrentHashMap<>();
		AtomicLong requests = new AtomicLong();
		Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
		List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean running = new AtomicBoolean(true);
		String forgedToken = Tokens.token(TestKey.rsa("rotation-0"), Instant.now()).sign();
		ExecutorService threads = Executors.newFixedThreadPool(6);
		int attemptsBefore = FETCH_ATTEMPTS.get();
		long start = System.nanoTime();
		try {
			List<Future<?>> validators = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				validators.add(threads.submit(() -> {
					int i = 0;
					while (running.get()) {
						boolean forged = (i++ % 3) == (thread % 3);
						TestKey key = signing.get();
						String token = forged ? forgedToken
								: tokenByKid.computeIfAbsent(key.kid(), (kid) -> Tokens.token(key, Instant.now()).sign());
						int status = status(token);
						requests.incrementAndGet();
						statuses.computeIfAbsent(String.valueOf(status), (s) -> new AtomicInteger()).incrementAndGet();
						if (status != (forged ? 401 : 200)) {
							wrong.add((forged ? "forged" : "valid " + key.kid()) + " got " + status);
						}
					}
					return null;
				}));
			}
			Future<?> burst = threads.submit(() -> {
				String payload = "{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"sub\":\"x\",\"exp\":"
						+ (Instant.now().getEpochSecond() + 600) + "}";
				for (int i = 0; i < 3000; i++) {
					String token = Tokens.raw("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + UUID.randomUUID() + "\"}",
							payload, new byte[256]);
					int status = status(token);
					statuses.computeIfAbsent(String.valueOf(status), (s) -> new AtomicInteger()).incrementAndGet();
					if (status != 401) {
						wrong.add("random kid got " + status);
					}
				}
				return null;
			});
			int rotations = 0;
			// At least two rotations however slow the machine, so that a key is retired under load too.
			while (rotations < 2 || System.nanoTime() - start < RUN.toNanos()) {
				TestKey previous = signing.get();
				TestKey next = TestKey.rsa("rotation-" + (++rotations));
				FUSION_AUTH.serveKeys(previous, next);
				// FusionAuth signs with a new key only once it is published; the service has it by then.
				await().atMost(Duration.ofSeconds(10)).until(() -> this.keys.current().contains(next.kid()));
				signing.set(next);
				FUSION_AUTH.stop();
				// Down while the validators make another few hundred requests.
				long downFrom = requests.get();
				await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() - downFrom >= 300);
				FUSION_AUTH.start();
				FUSION_AUTH.serveKeys(next);
			}
			burst.get();
			running.set(false);
			for (Future<?> validator : validators) {
				validator.get();
			}
			long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
			int attempts = FETCH_ATTEMPTS.get() - attemptsBefore;
			// Background refreshes at most once per refresh interval, fetches for unknown kids at most once
			// per minimum refetch interval, plus the one running at the start.
			long bound = elapsedMillis / REFRESH.toMillis() + elapsedMillis / MIN_REFETCH.toMillis() + 3;

			System.out.printf("Load under change: %d validations and 3000 random kids in %d ms, %d rotations, "
					+ "statuses %s, %d JWKS fetches (bound %d)%n", requests.get(), elapsedMillis, rotations, statuses,
					attempts, bound);
			assertThat(wrong).isEmpty();
			assertThat(statuses.keySet()).containsOnly("200", "401");
			assertThat(attempts).as("JWKS fetches in %d ms", elapsedMillis).isLessThanOrEqualTo((int) bound);
		}
		finally {
			running.set(false);
			threads.shutdownNow();
			FUSION_AUTH.start();
		}
	}

	private int status(String token) throws Exception {
		return this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andReturn()
			.getResponse()
			.getStatus();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FetchCounting {

		@Bean
		JwksFetchListener fetchCounter() {
			return new JwksFetchListener() {
				@Override
				public void fetched(KeyRing ring, FetchedJwks fetched) {
					FETCH_ATTEMPTS.incrementAndGet();
				}

				@Override
				public void failed(JwksException failure) {
					FETCH_ATTEMPTS.incrementAndGet();
				}
			};
		}

	}

}
