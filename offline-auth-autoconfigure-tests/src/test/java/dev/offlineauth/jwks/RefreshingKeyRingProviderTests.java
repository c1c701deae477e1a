package dev.offlineauth.jwks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.TestKey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The key cache against a real local server playing FusionAuth, with time moved by hand. Fetches run on
 * the calling thread, so every refresh has completed when the call that started it returns.
 */
class RefreshingKeyRingProviderTests {

	private static final Duration REFRESH = Duration.ofMinutes(15);

	private static final Duration MIN_REFETCH = Duration.ofSeconds(30);

	private static final TestKey KEY_1 = TestKey.rsa("key-1");

	private static final TestKey KEY_2 = TestKey.ec256("key-2");

	private final ManualClock time = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	private final JwksReader reader = new JwksReader(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256));

	/** As with jwks.uri alone: the JWKS URL is also the probe target, so a failed fetch counts as a probe. */
	private final OfflineState state = new OfflineState(this.time.timeSource(), true, true);

	private final Connectivity connectivity = this.state.connectivity();

	private final List<String> fetchOutcomes = new ArrayList<>();

	@AfterEach
	void stop() {
		this.fusionAuth.close();
	}

	@Test
	void theFirstFetchReplacesTheInitialKeys() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		assertThat(keys.current().isEmpty()).isTrue();

		keys.refresh().get();

		assertThat(keys.current().kids()).containsExactly("key-1");
		assertThat(keys.current().source()).isEqualTo(KeySource.REMOTE);
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
	}

	@Test
	void readsWithinTheRefreshIntervalDoNotFetch() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		keys.refresh().get();

		this.time.advance(REFRESH.minusSeconds(1));
		for (int i = 0; i < 100; i++) {
			keys.current();
		}

		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(1);
	}

	@Test
	void aNewKidIsFetchedAndKeptAndADroppedKeyGoesAtTheNextRefresh() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		keys.refresh().get();

		this.fusionAuth.serveKeys(KEY_1, KEY_2);
		assertThat(keys.refetch("key-2").kids()).containsExactly("key-1", "key-2");

		this.fusionAuth.serveKeys(KEY_2);
		assertThat(keys.current().kids()).contains("key-1");
		this.time.advance(REFRESH.plusSeconds(1));
		keys.current(); // stale: answered at once, refreshed in the background
		assertThat(keys.current().kids()).containsExactly("key-2");
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(3);
	}

	@Test
	void aBurstOfUnknownKidsCausesAtMostOneFetchPerInterval() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		keys.refresh().get();

		for (int i = 0; i < 2000; i++) {
			assertThat(keys.refetch(UUID.randomUUID().toString()).kids()).containsExactly("key-1");
		}
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(2);

		this.time.advance(MIN_REFETCH.minusSeconds(1));
		keys.refetch(UUID.randomUUID().toString());
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(2);

		this.time.advance(Duration.ofSeconds(1));
		for (int i = 0; i < 2000; i++) {
			keys.refetch(UUID.randomUUID().toString());
		}
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(3);
	}

	@Test
	void aKidStillUnknownAfterAFetchIsNotFetchedForAgainWithinTheInterval() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		keys.refresh().get();

		keys.refetch("nope");
		this.time.advance(MIN_REFETCH.minusSeconds(1));
		keys.refetch("nope");

		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(2);
	}

	@Test
	void aKidHoldingLineBreaksCannotForgeALogLine() throws Exception {
		java.util.logging.Logger jul = java.util.logging.Logger.getLogger(JwksLoader.class.getName());
		List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
		java.util.logging.Handler handler = new java.util.logging.Handler() {
			@Override
			public void publish(java.util.logging.LogRecord record) {
				lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		jul.addHandler(handler);
		try {
			String forged = "key-x\n2030-01-01T00:00:00.000Z ERROR 1 --- [main] dev.offlineauth : forged";
			this.fusionAuth.serveKeys(TestKey.rsa(forged));
			RefreshingKeyRingProvider keys = provider(KeyRing.empty());

			keys.refresh().get();

			assertThat(keys.current().contains(forged)).isTrue();
			assertThat(lines).filteredOn((line) -> line.startsWith("Keys from FusionAuth")).singleElement()
				.satisfies((line) -> assertThat(line).doesNotContain("\n").contains("key-x\\n2030"));
		}
		finally {
			jul.removeHandler(handler);
		}
	}

	@Test
	void aKidPublishedAfterAFetchBeganGetsOneMoreFetchAndIsFound() throws Exception {
		this.fusionAuth.serveJwks(aResponse().withStatus(200).withFixedDelay(300).withBody(TestKey.jwks(KEY_1)));
		ExecutorService fetcher = Executors.newSingleThreadExecutor();
		try {
			RefreshingKeyRingProvider keys = new RefreshingKeyRingProvider(
					new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofSeconds(2), Duration.ofSeconds(4), 65536),
					this.reader, this.state.contacts(), KeyRing.empty(), settings(), this.time.timeSource()::nanoTime, fetcher, List.of());
			CompletableFuture<KeyRing> background = keys.refresh();
			await().until(() -> this.fusionAuth.jwksRequests() == 1);
			// FusionAuth publishes key-2 while that fetch is under way, and a token naming it arrives.
			this.fusionAuth.serveKeys(KEY_1, KEY_2);
			this.time.advance(Duration.ofSeconds(1));

			KeyRing ring = keys.refetch("key-2");

			assertThat(background).isDone();
			assertThat(ring.contains("key-2")).isTrue();
			assertThat(this.fusionAuth.jwksRequests()).isEqualTo(2);
		}
		finally {
			fetcher.shutdownNow();
		}
	}

	@Test
	void joiningABackgroundRefreshDoesNotSpendTheRefetchAllowance() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		keys.refresh().get();
		this.time.advance(Duration.ofSeconds(1));

		// Unknown now, and the fetch it causes starts after it was seen: refused for an interval.
		assertThat(keys.refetch("later").contains("later")).isFalse();
		this.fusionAuth.serveKeys(KEY_1, KEY_2);
		this.time.advance(MIN_REFETCH);
		assertThat(keys.refetch("key-2").contains("key-2")).isTrue();
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(3);
	}

	@Test
	void whileAFetchHangsOnlyAFewRequestsWaitAndTheRestAreAnsweredAtOnce() throws Exception {
		try (FakeFusionAuth hung = new FakeFusionAuth()) {
			hung.blackhole();
			ExecutorService fetcher = Executors.newSingleThreadExecutor();
			ExecutorService requests = Executors.newFixedThreadPool(40);
			try {
				RefreshingKeyRingProvider keys = new RefreshingKeyRingProvider(
						new HttpJwksClient(hung.baseUrl().resolve("/.well-known/jwks.json"), Duration.ofMillis(500), Duration.ofSeconds(2),
								65536),
						this.reader, this.state.contacts(), this.reader.read(TestKey.jwks(KEY_1), KeySource.REMOTE),
						new RefreshingKeyRingProvider.Settings(REFRESH, MIN_REFETCH, Duration.ofSeconds(2)),
						this.time.timeSource()::nanoTime, fetcher, List.of());
				List<Future<Long>> durations = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					durations.add(requests.submit(() -> {
						long start = System.nanoTime();
						assertThat(keys.refetch("unknown").contains("unknown")).isFalse();
						return System.nanoTime() - start;
					}));
				}
				int atOnce = 0;
				for (Future<Long> duration : durations) {
					atOnce += (duration.get() < Duration.ofMillis(1000).toNanos()) ? 1 : 0;
				}
				assertThat(atOnce).isGreaterThanOrEqualTo(40 - UnknownKidRefetch.MAX_WAITING);
				assertThat(hung.heldConnections()).isEqualTo(1);
			}
			finally {
				requests.shutdownNow();
				fetcher.shutdownNow();
			}
		}
	}

	@Test
	void onceClosedNoFetchStartsAndTheKeysHeldStillServe() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		keys.refresh().get();

		keys.close();
		this.time.advance(REFRESH.plusSeconds(1));

		assertThat(keys.current().kids()).containsExactly("key-1");
		assertThat(keys.refetch("unknown").kids()).containsExactly("key-1");
		assertThat(keys.refresh().get().kids()).containsExactly("key-1");
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(1);
	}

	@Test
	void anExecutorThatRejectsWorkNeverFailsARequest() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(this.reader.read(TestKey.jwks(KEY_1), KeySource.BUNDLED), (task) -> {
			throw new java.util.concurrent.RejectedExecutionException("shutting down");
		});

		this.time.advance(REFRESH.plusSeconds(1));

		assertThat(keys.current().kids()).containsExactly("key-1");
		assertThat(keys.refetch("unknown").kids()).containsExactly("key-1");
		assertThat(keys.refresh().get().kids()).containsExactly("key-1");
	}

	@Test
	void concurrentRequestsForAnUnknownKidShareOneFetchAndOnlyAFewWaitForIt() throws Exception {
		this.fusionAuth.serveJwks(aResponse().withStatus(200).withFixedDelay(300).withBody(TestKey.jwks(KEY_1, KEY_2)));
		ExecutorService fetcher = Executors.newSingleThreadExecutor();
		ExecutorService requests = Executors.newFixedThreadPool(32);
		try {
			// Timeouts far beyond the delay: this is about waiting, not about a slow machine.
			RefreshingKeyRingProvider keys = new RefreshingKeyRingProvider(
					new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofSeconds(2), Duration.ofSeconds(4), 65536),
					this.reader, this.state.contacts(), KeyRing.empty(), settings(), this.time.timeSource()::nanoTime, fetcher, List.of());
			List<Future<KeyRing>> answers = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				answers.add(requests.submit(() -> keys.refetch("key-2")));
			}
			int found = 0;
			for (Future<KeyRing> answer : answers) {
				found += answer.get().contains("key-2") ? 1 : 0;
			}
			// The waiters got the key; the others were answered at once, before the fetch could end.
			assertThat(found).isGreaterThanOrEqualTo(UnknownKidRefetch.MAX_WAITING).isLessThan(32);
			assertThat(this.fusionAuth.jwksRequests()).isEqualTo(1);
			assertThat(keys.refetch("key-2").contains("key-2")).isTrue();
		}
		finally {
			requests.shutdownNow();
			fetcher.shutdownNow();
		}
	}

	@Test
	void aColdStartWithFusionAuthDownServesTheBundledKeys() throws Exception {
		this.fusionAuth.stop();
		KeyRing bundled = this.reader.read(TestKey.jwks(KEY_1), KeySource.BUNDLED);
		RefreshingKeyRingProvider keys = provider(bundled);

		keys.refresh().get();

		assertThat(keys.current().kids()).containsExactly("key-1");
		assertThat(keys.current().source()).isEqualTo(KeySource.BUNDLED);
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
	}

	@Test
	void onceFusionAuthAnswersItsKeysAloneAreTrusted() throws Exception {
		KeyRing bundled = this.reader.read(TestKey.jwks(KEY_1), KeySource.BUNDLED);
		this.fusionAuth.serveKeys(KEY_2);
		RefreshingKeyRingProvider keys = provider(bundled);

		keys.refresh().get();
		this.fusionAuth.stop();
		this.time.advance(REFRESH.plusSeconds(1));
		keys.current();

		assertThat(keys.current().kids()).containsExactly("key-2");
		assertThat(keys.current().source()).isEqualTo(KeySource.LAST_KNOWN_GOOD);
	}

	@Test
	void aFailedRefreshIsNotRetriedOnEveryRead() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		keys.refresh().get();
		this.fusionAuth.serveJwks(aResponse().withStatus(500));

		this.time.advance(REFRESH.plusSeconds(1));
		for (int i = 0; i < 50; i++) {
			keys.current();
		}
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(2);

		this.time.advance(REFRESH.plusSeconds(1));
		keys.current();
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(3);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badResponses")
	void aBadResponseKeepsThePreviousKeys(String name, Consumer<ScriptedFusionAuth> fault) throws Exception {
		this.fusionAuth.serveKeys(KEY_1, KEY_2);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		keys.refresh().get();
		KeyRing good = keys.current();

		fault.accept(this.fusionAuth);
		this.time.advance(REFRESH.plusSeconds(1));
		keys.current();
		keys.refresh().get();
		keys.refetch("key-3");

		assertThat(keys.current().kids()).containsExactly("key-1", "key-2");
		assertThat(keys.current().find("key-1")).isSameAs(good.find("key-1"));
		assertThat(keys.current().source()).isEqualTo(KeySource.LAST_KNOWN_GOOD);
		// A 200 with an unusable body is an answer: no grace, but the keys are stale and max-offline counts.
		boolean answered = List.of("HTML", "truncated JSON", "empty key set", "oversized").contains(name);
		assertThat(this.connectivity.state().status())
			.isEqualTo(answered ? ConnectivityStatus.ONLINE : ConnectivityStatus.OFFLINE);
		assertThat(this.state.keyFreshness().state().stale()).isTrue();
		assertThat(this.fetchOutcomes).last().isNotEqualTo("fetched");
	}

	static Stream<Arguments> badResponses() {
		return Stream.of(fault("refused connection", ScriptedFusionAuth::stop),
				fault("timeout", (fa) -> fa.serveJwks(aResponse().withStatus(200).withFixedDelay(2000)
					.withBody(TestKey.jwks(KEY_1)))),
				fault("connection reset", (fa) -> fa.serveJwks(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))),
				fault("HTTP 500", (fa) -> fa.serveJwks(aResponse().withStatus(500))),
				fault("HTML", (fa) -> fa.serveJwks(aResponse().withStatus(200)
					.withHeader("Content-Type", "text/html")
					.withBody("<html><body>Service unavailable</body></html>"))),
				fault("truncated JSON", (fa) -> fa.serveJwks(TestKey.jwks(KEY_1).substring(0, 200))),
				fault("empty key set", (fa) -> fa.serveJwks("{\"keys\":[]}")),
				fault("oversized", (fa) -> fa.serveJwks("{\"keys\":[],\"x\":\"" + "a".repeat(70_000) + "\"}")));
	}

	private static Arguments fault(String name, Consumer<ScriptedFusionAuth> fault) {
		return Arguments.of(name, fault);
	}

	@Test
	void aFailureAfterBundledKeysKeepsThemBundled() throws Exception {
		KeyRing bundled = this.reader.read(TestKey.jwks(KEY_1), KeySource.BUNDLED);
		this.fusionAuth.serveJwks("{\"keys\":[]}");
		RefreshingKeyRingProvider keys = provider(bundled);

		keys.refresh().get();

		assertThat(keys.current()).isSameAs(bundled);
	}

	@Test
	void fusionAuthsDateHeaderOverLoopbackFeedsTheTrustedClock() throws Exception {
		Instant serverTime = Instant.parse("2030-01-01T00:04:00Z");
		this.fusionAuth.serveJwks(aResponse().withStatus(200)
			.withHeader("Date", ScriptedFusionAuth.httpDate(serverTime))
			.withBody(TestKey.jwks(KEY_1)));
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());

		keys.refresh().get();

		assertThat(this.state.clock().serverTime()).isEqualTo(serverTime);
	}

	@Test
	void aSuccessfulFetchStartsTheMaxOfflineCountAfresh() throws Exception {
		this.fusionAuth.serveKeys(KEY_1);
		RefreshingKeyRingProvider keys = provider(KeyRing.empty());
		this.time.advance(Duration.ofDays(2));

		keys.refresh().get();

		assertThat(this.state.keyFreshness().sinceLastRefresh(this.state.keyFreshness().state())).isZero();
	}

	private RefreshingKeyRingProvider provider(KeyRing initial) {
		return provider(initial, Runnable::run);
	}

	private RefreshingKeyRingProvider provider(KeyRing initial, java.util.concurrent.Executor executor) {
		JwksFetchListener recorder = new JwksFetchListener() {
			@Override
			public void fetched(KeyRing ring, FetchedJwks fetched) {
				RefreshingKeyRingProviderTests.this.fetchOutcomes.add("fetched");
			}

			@Override
			public void failed(JwksException failure) {
				RefreshingKeyRingProviderTests.this.fetchOutcomes.add(failure.reason().value());
			}
		};
		return new RefreshingKeyRingProvider(client(), this.reader, this.state.contacts(), initial, settings(),
				this.time.timeSource()::nanoTime, executor, List.of(recorder));
	}

	private HttpJwksClient client() {
		return new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofMillis(500), Duration.ofMillis(500), 64 * 1024);
	}

	private static RefreshingKeyRingProvider.Settings settings() {
		return new RefreshingKeyRingProvider.Settings(REFRESH, MIN_REFETCH, Duration.ofSeconds(5));
	}

}
