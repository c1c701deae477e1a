package dev.offlineauth.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.offlineauth.jwks.HttpJwksClient;
import dev.offlineauth.jwks.JwksException;
import dev.offlineauth.jwks.JwksFetchListener;
import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.jwt.OfflineAuthRefusalException;
import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.jwt.TokenValidators;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.offline.TokenStatus;
import dev.offlineauth.test.CapturedLog;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Everything FusionAuth (or what stands in its place) can answer, against a real local server. For each:
 * tokens signed by a known good key keep passing, and never ask for a fetch; a token with an unknown key
 * waits at most the read timeout; connectivity says offline unless FusionAuth answered 200; the keys are
 * kept and marked stale; and the log says it once.
 */
class FusionAuthFaultMatrixTests {

	private static final TestKey GOOD = TestKey.rsa("good-key");

	private static final Set<String> ANSWERED_OK = Set.of("HTML with 200", "truncated JSON", "empty key set",
			"only keys of an unknown kty", "keys with private material", "over the size limit");

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);

	private static final Duration READ_TIMEOUT = Duration.ofMillis(600);

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	private final ScriptedFusionAuth elsewhere = new ScriptedFusionAuth();

	private final List<AutoCloseable> extraServers = new ArrayList<>();

	@RegisterExtension
	final CapturedLog log = CapturedLog.of("dev.offlineauth", Level.WARNING);

	private final List<LogRecord> warnings = this.log.records();

	private final ExecutorService fetcher = Executors.newSingleThreadExecutor();

	@AfterEach
	void release() throws Exception {
		this.fetcher.shutdownNow();
		this.fusionAuth.close();
		this.elsewhere.close();
		for (AutoCloseable server : this.extraServers) {
			server.close();
		}
	}

	static Stream<FaultCase> faults() {
		return Stream.of(
				fault("connection refused", false, (t) -> {
					t.fusionAuth.stop();
					return t.fusionAuth.jwksUri();
				}),
				fault("connection reset mid-response", false,
						(t) -> t.wiremock(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK))),
				fault("no response at all", false, (t) -> {
					FakeFusionAuth hung = new FakeFusionAuth();
					t.extraServers.add(hung);
					hung.blackhole();
					return hung.baseUrl().resolve(ScriptedFusionAuth.JWKS_PATH);
				}),
				fault("20 s delay", false,
						(t) -> t.wiremock(aResponse().withStatus(200).withFixedDelay(20_000).withBody(TestKey.jwks(GOOD)))),
				fault("301 to another host", false, (t) -> {
					t.elsewhere.serveKeys(TestKey.rsa("elsewhere-key"));
					return t.wiremock(aResponse().withStatus(301).withHeader("Location", t.elsewhere.jwksUri().toString()));
				}),
				fault("HTTP 401", false, (t) -> t.wiremock(aResponse().withStatus(401))),
				fault("HTTP 404", false, (t) -> t.wiremock(aResponse().withStatus(404))),
				fault("HTTP 429", false, (t) -> t.wiremock(aResponse().withStatus(429).withHeader("Retry-After", "60"))),
				fault("HTTP 500", false, (t) -> t.wiremock(aResponse().withStatus(500))),
				fault("HTTP 502", false, (t) -> t.wiremock(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"))),
				fault("HTTP 503", false, (t) -> t.wiremock(aResponse().withStatus(503))),
				fault("HTML with 200", false, (t) -> t.wiremock(aResponse().withStatus(200)
					.withHeader("Content-Type", "text/html")
					.withBody("<!doctype html><title>Wi-Fi login</title>"))),
				fault("truncated JSON", false, (t) -> t.wiremock(aResponse().withStatus(200)
					.withBody(TestKey.jwks(GOOD).substring(0, 150)))),
				fault("empty key set", false, (t) -> t.wiremock(aResponse().withStatus(200).withBody("{\"keys\":[]}"))),
				fault("only keys of an unknown kty", false, (t) -> t.wiremock(aResponse().withStatus(200)
					.withBody("{\"keys\":[{\"kty\":\"PQC\",\"kid\":\"future\",\"pub\":\"AAAA\"}]}"))),
				fault("keys with private material", false, (t) -> {
					RSAKey leaked = new RSAKeyGenerator(2048).keyID("good-key").generate();
					return t.wiremock(aResponse().withStatus(200).withBody("{\"keys\":[" + leaked.toJSONString() + "]}"));
				}),
				fault("over the size limit", false, (t) -> t.wiremock(aResponse().withStatus(200)
					.withBody("{\"keys\":[" + GOOD.publicJwk().toJSONString() + "],\"x\":\"" + "a".repeat(70_000) + "\"}"))),
				fault("a different key set on every call", true, FusionAuthFaultMatrixTests::churningJwks));
	}

	private static FaultCase fault(String name, boolean sane, Arrangement arrangement) {
		return new FaultCase(name, sane, arrangement);
	}

	private URI wiremock(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		this.fusionAuth.serveJwks(response);
		return this.fusionAuth.jwksUri();
	}

	/** A JWKS that holds the good key and a new random key on every call. */
	private static URI churningJwks(FusionAuthFaultMatrixTests test) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		AtomicInteger calls = new AtomicInteger();
		server.createContext(ScriptedFusionAuth.JWKS_PATH, (exchange) -> {
			byte[] body = TestKey.jwks(GOOD, TestKey.ec256("churn-" + calls.incrementAndGet())).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		test.extraServers.add(() -> server.stop(0));
		return URI.create("http://localhost:" + server.getAddress().getPort() + ScriptedFusionAuth.JWKS_PATH);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("faults")
	void knownKeysKeepServingAndNothingFallsOver(FaultCase fault) throws Exception {
		URI uri = fault.arrangement().arrange(this);
		TimeSource time = TimeSource.system();
		// As with jwks.uri alone: the JWKS URL is the probe target too, so each fetch tells reachability.
		OfflineState state = new OfflineState(time, true, true);
		Connectivity connectivity = state.connectivity();
		JwksReader reader = new JwksReader(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256));
		List<String> outcomes = new ArrayList<>();
		JwksFetchListener recorder = new JwksFetchListener() {
			@Override
			public synchronized void fetched(KeyRing ring, dev.offlineauth.jwks.FetchedJwks fetched) {
				outcomes.add("fetched");
			}

			@Override
			public synchronized void failed(JwksException failure) {
				outcomes.add(failure.reason().value());
			}
		};
		// The service got the good key from FusionAuth before the fault began.
		RefreshingKeyRingProvider provider = new RefreshingKeyRingProvider(
				new HttpJwksClient(uri, CONNECT_TIMEOUT, READ_TIMEOUT, 64 * 1024), reader, state.contacts(),
				reader.read(TestKey.jwks(GOOD), KeySource.REMOTE),
				new RefreshingKeyRingProvider.Settings(Duration.ofMinutes(15), Duration.ofMillis(50), READ_TIMEOUT),
				time.monotonicNanos()::getAsLong, this.fetcher, List.of(recorder));
		state.online();
		CountingKeys keys = new CountingKeys(provider);
		OfflineJwtDecoder decoder = new OfflineJwtDecoder(keys,
				state.policy(),
				Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
				TokenValidators.of(Tokens.ISSUER, List.of(Tokens.AUDIENCE), "sub", List.of()));
		String good = Tokens.token(GOOD, Instant.now()).sign();

		// A fetch under the fault, in the background, while requests come in.
		CompletableFuture<KeyRing> fetch = provider.refresh();
		int servedDuringTheFetch = 0;
		for (int i = 0; i < 20; i++) {
			assertThat(decoder.decode(good).getTokenStatus()).isEqualTo(TokenStatus.FRESH);
			if (!fetch.isDone()) {
				servedDuringTheFetch++;
			}
		}
		fetch.get(10, TimeUnit.SECONDS);
		for (int i = 0; i < 4; i++) {
			provider.refresh().get(10, TimeUnit.SECONDS);
		}
		assertThat(keys.refetches.get()).as("fetches asked for by requests with a known key").isZero();
		if (fault.name().equals("no response at all") || fault.name().equals("20 s delay")) {
			assertThat(servedDuringTheFetch).as("requests served while the fetch hung").isEqualTo(20);
		}

		// A token whose key is unknown waits at most the read timeout for a fetch, then is refused. The token
		// is minted before the clock starts: generating its RSA key is slow on a busy machine.
		String unknown = Tokens.token(TestKey.rsa("unknown-" + UUID.randomUUID()), Instant.now()).sign();
		long start = System.nanoTime();
		assertThatExceptionOfType(OfflineAuthRefusalException.class).isThrownBy(() -> decoder.decode(unknown))
			.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.INVALID_TOKEN));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(READ_TIMEOUT.plusSeconds(1));

		assertThat(provider.current().contains("good-key")).isTrue();
		assertThat(decoder.decode(good).getTokenStatus()).isEqualTo(TokenStatus.FRESH);
		// An answer of 200 whose body cannot serve is still an answer: online (no grace), keys stale.
		assertThat(connectivity.state().status())
			.isEqualTo((fault.sane() || ANSWERED_OK.contains(fault.name())) ? ConnectivityStatus.ONLINE
					: ConnectivityStatus.OFFLINE);
		assertThat(state.keyFreshness().state().stale()).isEqualTo(!fault.sane());
		assertThat(outcomes).hasSizeGreaterThanOrEqualTo(5);
		if (fault.sane()) {
			assertThat(outcomes).containsOnly("fetched");
		}
		else {
			assertThat(outcomes).doesNotContain("fetched");
			assertThat(provider.current().source()).isEqualTo(KeySource.LAST_KNOWN_GOOD);
		}
		assertThat(this.warnings).as("warnings logged over %s fetches", outcomes.size()).hasSizeLessThanOrEqualTo(1);
		assertThat(this.elsewhere.allRequests()).as("requests followed to another host").isZero();
	}

	/** Counts the fetches the decoder asks for. */
	private static final class CountingKeys implements KeyRingProvider {

		private final KeyRingProvider delegate;

		private final AtomicInteger refetches = new AtomicInteger();

		CountingKeys(KeyRingProvider delegate) {
			this.delegate = delegate;
		}

		@Override
		public KeyRing current() {
			return this.delegate.current();
		}

		@Override
		public KeyRing refetch(String kid) {
			this.refetches.incrementAndGet();
			return this.delegate.refetch(kid);
		}

	}

	@FunctionalInterface
	interface Arrangement {

		URI arrange(FusionAuthFaultMatrixTests test) throws Exception;

	}

	record FaultCase(String name, boolean sane, Arrangement arrangement) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
