package dev.offlineauth.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.offlineauth.jwks.FetchedJwks;
import dev.offlineauth.jwks.JwksFetchListener;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.jwt.VerifiedJwt;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TokenStatus;
import dev.offlineauth.test.CapturedLog;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.DecisionObserver;
import dev.offlineauth.web.OfflineAuthWebSecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application's own beans beside offline-auth's: listeners, observers and a key provider of its own
 * are honoured, and none of them can break what offline-auth decides.
 */
class OfflineAuthWiringTests {

	private static final TestKey KEY = TestKey.rsa("wiring-key");

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	@RegisterExtension
	final CapturedLog log = CapturedLog.of("dev.offlineauth", Level.WARNING);

	private final List<LogRecord> warnings = this.log.records();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class,
				OfflineAuthMetricsAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("offline-auth.issuer=" + Tokens.ISSUER, "offline-auth.audiences=" + Tokens.AUDIENCE,
				"offline-auth.fusionauth.base-url=" + this.fusionAuth.baseUrl(),
				"offline-auth.connectivity.probe-interval=1h");

	@AfterEach
	void release() {
		this.fusionAuth.close();
	}

	@Test
	void aListenerThatThrowsNeitherDiscardsTheKeysNorMakesFusionAuthUnreachable() {
		this.fusionAuth.serveKeys(KEY);
		this.contextRunner.withBean("throwingListener", JwksFetchListener.class, ThrowingListener::new)
			.run((context) -> {
				RefreshingKeyRingProvider keys = context.getBean(RefreshingKeyRingProvider.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> keys.current().contains(KEY.kid()));
				for (int i = 0; i < 5; i++) {
					keys.refresh().get();
				}

				assertThat(keys.current().source()).isEqualTo(KeySource.REMOTE);
				assertThat(context.getBean(Connectivity.class).state().status()).isEqualTo(ConnectivityStatus.ONLINE);
				VerifiedJwt jwt = (VerifiedJwt) context.getBean(JwtDecoder.class)
					.decode(Tokens.token(KEY, Instant.now()).sign());
				assertThat(jwt.getKeySource()).isEqualTo(KeySource.REMOTE);
				// Six fetches, one line: the failure is told, then held back for a minute.
				assertThat(this.warnings).filteredOn((record) -> record.getMessage().contains("JwksFetchListener failed"))
					.hasSize(1);
			});
	}

	@Test
	void everyDecisionObserverIsToldBesideTheMetrics() {
		this.fusionAuth.serveKeys(KEY);
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("recording", RecordingObserver.class, RecordingObserver::new)
			.withBean("throwing", DecisionObserver.class, ThrowingObserver::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OfflineAuthWebSecurity web = context.getBean(OfflineAuthWebSecurity.class);

				web.observer().accepted(TokenStatus.FRESH);
				web.entryPoint().commence(new org.springframework.mock.web.MockHttpServletRequest(),
						new MockHttpServletResponse(), new org.springframework.security.authentication.BadCredentialsException("x"));

				assertThat(context.getBean(RecordingObserver.class).seen).containsExactly("fresh", "invalid_token");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("offline.auth.decisions").tag("outcome", "fresh").counter().count()).isEqualTo(1);
				assertThat(registry.get("offline.auth.decisions").tag("code", "invalid_token").counter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void anApplicationsOwnKeyRingProviderIsUsedWithAFusionAuthUrlSet() throws Exception {
		this.fusionAuth.serveKeys(TestKey.rsa("fusionauth-key"));
		KeyRing own = new dev.offlineauth.jwks.JwksReader(java.util.Set.of(com.nimbusds.jose.JWSAlgorithm.RS256))
			.read(TestKey.jwks(KEY), KeySource.BUNDLED);
		this.contextRunner.withBean(KeyRingProvider.class, () -> new StaticKeyRingProvider(own))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RefreshingKeyRingProvider.class);
				VerifiedJwt jwt = (VerifiedJwt) context.getBean(JwtDecoder.class)
					.decode(Tokens.token(KEY, Instant.now()).sign());
				assertThat(jwt.getKeySource()).isEqualTo(KeySource.BUNDLED);
				// Reachability is still probed, so grace still knows whether FusionAuth is there.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(Connectivity.class).state().status() == ConnectivityStatus.ONLINE);
			});
	}

	static final class ThrowingListener implements JwksFetchListener {

		@Override
		public void fetched(KeyRing ring, FetchedJwks fetched) {
			throw new IllegalStateException("a listener of the application failed");
		}

	}

	static final class RecordingObserver implements DecisionObserver {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public void accepted(TokenStatus status) {
			this.seen.add(status.value());
		}

		@Override
		public void refused(Refusal refusal) {
			this.seen.add(refusal.code());
		}

	}

	static final class ThrowingObserver implements DecisionObserver {

		@Override
		public void accepted(TokenStatus status) {
			throw new IllegalStateException("an observer of the application failed");
		}

	}

}
