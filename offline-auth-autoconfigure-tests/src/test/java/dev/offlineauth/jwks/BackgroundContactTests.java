package dev.offlineauth.jwks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityProbe;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.TestKey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BackgroundContactTests {

	private static final TestKey OLD = TestKey.rsa("old");

	private static final TestKey NEW = TestKey.rsa("new");

	private final ManualClock time = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	private final OfflineState state = new OfflineState(this.time.timeSource());

	private final Connectivity connectivity = this.state.connectivity();

	private final RefreshingKeyRingProvider keys = new RefreshingKeyRingProvider(
			new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofMillis(500), Duration.ofMillis(500), 65536),
			new JwksReader(Set.of(JWSAlgorithm.RS256)), this.state.contacts(), KeyRing.empty(),
			new RefreshingKeyRingProvider.Settings(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(1)),
			this.time.timeSource()::nanoTime, Runnable::run, List.of());

	private final ConnectivityProbe probe = new ConnectivityProbe(
			this.fusionAuth.baseUrl().resolve(ScriptedFusionAuth.HEALTH_PATH), Duration.ofMillis(500),
			Duration.ofMillis(500), this.state.contacts());

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final BackgroundContact contact = new BackgroundContact(this.keys, this.probe, this.state.contacts(),
			Duration.ofHours(1), this.scheduler);

	@AfterEach
	void stop() {
		this.contact.stop();
		this.scheduler.shutdownNow();
		this.fusionAuth.close();
	}

	@Test
	void startBeginsTheFirstFetchWithoutWaitingForIt() {
		this.fusionAuth.serveJwks(aResponse().withStatus(200).withFixedDelay(1000).withBody(TestKey.jwks(OLD)));
		RefreshingKeyRingProvider keys = new RefreshingKeyRingProvider(
				new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofMillis(500), Duration.ofSeconds(5), 65536),
				new JwksReader(Set.of(JWSAlgorithm.RS256)), this.state.contacts(), KeyRing.empty(),
				new RefreshingKeyRingProvider.Settings(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(1)),
				this.time.timeSource()::nanoTime, this.scheduler, List.of());
		BackgroundContact contact = new BackgroundContact(keys, this.probe, this.state.contacts(), Duration.ofHours(1),
				this.scheduler);

		contact.start();

		// start() has returned while FusionAuth is still answering: startup is not held back.
		assertThat(keys.current().isEmpty()).isTrue();
		assertThat(contact.isRunning()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> keys.current().contains("old"));
		contact.stop();
	}

	@Test
	void fusionAuthComingBackRefreshesTheKeysAtOnce() throws Exception {
		this.fusionAuth.serveKeys(OLD);
		this.keys.refresh().get();
		this.fusionAuth.stop();
		this.contact.tick();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);

		this.fusionAuth.start();
		this.fusionAuth.serveKeys(NEW);
		this.contact.tick();

		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
		assertThat(this.keys.current().kids()).containsExactly("new");
	}

	@Test
	void aRoundRefreshesKeysThatAreDueEvenWithoutRequests() throws Exception {
		this.fusionAuth.serveKeys(OLD);
		this.keys.refresh().get();
		this.fusionAuth.serveKeys(NEW);

		this.time.advance(Duration.ofMinutes(16));
		this.contact.tick();

		assertThat(this.keys.current().kids()).containsExactly("new");
		assertThat(this.fusionAuth.statusRequests()).isEqualTo(1);
	}

	@Test
	void whileFusionAuthAnswersButItsJwksFailsEachRoundTriesAgainWithoutFlapping() throws Exception {
		this.fusionAuth.serveKeys(OLD);
		this.keys.refresh().get();
		this.fusionAuth.serveJwks(aResponse().withStatus(500));
		this.keys.refresh().get();

		for (int i = 0; i < 5; i++) {
			this.time.advance(Duration.ofSeconds(5));
			this.contact.tick();
			assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
		}
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(2 + 5);
		assertThat(this.state.keyFreshness().state().staleReason()).isEqualTo("http_status");

		this.fusionAuth.serveKeys(NEW);
		this.contact.tick();
		assertThat(this.keys.current().kids()).containsExactly("new");
		assertThat(this.state.keyFreshness().state().stale()).isFalse();
	}

	@Test
	void roundsAreScheduledEveryProbeInterval() {
		this.fusionAuth.serveKeys(OLD);
		BackgroundContact frequent = new BackgroundContact(this.keys, this.probe, this.state.contacts(),
				Duration.ofMillis(20), this.scheduler);

		frequent.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.fusionAuth.statusRequests() >= 3);
		}
		finally {
			frequent.stop();
		}
	}

}
