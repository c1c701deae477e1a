package dev.offlineauth.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.offlineauth.actuate.OfflineAuthHealthIndicator;
import dev.offlineauth.actuate.RevocationMetrics;
import dev.offlineauth.jwt.OfflineAuthRefusalException;
import dev.offlineauth.jwt.TokenRevocation;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.revocation.Cutoff;
import dev.offlineauth.revocation.CutoffStore;
import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.revocation.RevocationWebhook;
import dev.offlineauth.revocation.redis.RedisCutoffStore;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.RevocationWebhookEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OfflineAuthRevocationAutoConfigurationTests {

	private static final TestKey KEY = TestKey.rsa("bundled-key");

	@TempDir
	Path directory;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class,
				OfflineAuthRevocationAutoConfiguration.class, OfflineAuthHealthAutoConfiguration.class,
				OfflineAuthMetricsAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("offline-auth.issuer=" + Tokens.ISSUER, "offline-auth.audiences=" + Tokens.AUDIENCE,
				"offline-auth.fusionauth.base-url=http://localhost:" + ScriptedFusionAuth.freePort());

	private WebApplicationContextRunner enabled() {
		return this.contextRunner.withPropertyValues("offline-auth.revocation.enabled=true",
				"offline-auth.revocation.webhook.signing-key-ids=webhook-key");
	}

	@Test
	void revocationIsOffByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(CutoffTable.class)
			.doesNotHaveBean(TokenRevocation.class)
			.doesNotHaveBean(RevocationWebhook.class)
			.doesNotHaveBean(RevocationWebhookEndpoint.class));
	}

	@Test
	void enabledItKeepsCutoffsInMemoryBehindTheWebhook() {
		enabled().run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(CutoffTable.class)
					.hasSingleBean(RevocationWebhook.class)
					.hasSingleBean(RevocationWebhookEndpoint.class);
				assertThat(context.getBean(CutoffStore.class).name()).isEqualTo("memory");
				assertThat(context.getBean(RevocationWebhookEndpoint.class).path())
					.isEqualTo("/offline-auth/fusionauth/events");
				assertThat(context.getBean(RevocationWebhookEndpoint.class).maxBodyBytes()).isEqualTo(256 * 1024);
			});
	}

	@Test
	void theDecoderAsksTheCutoffTable() throws IOException {
		enabled().withPropertyValues("offline-auth.fusionauth.base-url=",
				"offline-auth.jwks.bundled=" + bundle()).run((context) -> {
			Instant now = Instant.now();
			String token = Tokens.token(KEY, now.minusSeconds(10)).sign();
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(decoder.decode(token).getSubject()).isEqualTo(Tokens.SUBJECT);

			context.getBean(CutoffTable.class)
				.apply(new Cutoff(null, Tokens.SUBJECT, null, now.toEpochMilli(), now.plusSeconds(600).toEpochMilli()));

			assertThatExceptionOfType(OfflineAuthRefusalException.class).isThrownBy(() -> decoder.decode(token))
				.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.TOKEN_REVOKED));
		});
	}

	private String bundle() throws IOException {
		return Files.writeString(this.directory.resolve("jwks.json"), TestKey.jwks(KEY)).toUri().toString();
	}

	@Test
	void signingKeyIdsAreRequiredWhenEnabled() {
		this.contextRunner.withPropertyValues("offline-auth.revocation.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("offline-auth.revocation.webhook.signing-key-ids")
				.hasMessageContaining("required when revocation is enabled"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "offline-auth.revocation.webhook.path=no-slash|offline-auth.revocation.webhook.path",
			"offline-auth.revocation.webhook.path=/a/../b|offline-auth.revocation.webhook.path",
			"offline-auth.revocation.webhook.max-body-size=0|offline-auth.revocation.webhook.max-body-size",
			"offline-auth.revocation.max-token-lifetime=0s|offline-auth.revocation.max-token-lifetime",
			"offline-auth.revocation.redis.key-prefix=has space|offline-auth.revocation.redis.key-prefix" })
	void badSettingsStopStartupNamingTheProperty(String setting, String property) {
		enabled().withPropertyValues(setting)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Property " + property + " with value"));
	}

	@Test
	void redisWithoutSpringDataRedisStopsStartupNamingTheStore() {
		enabled().withPropertyValues("offline-auth.revocation.store=redis")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Property offline-auth.revocation.store with value 'redis'")
				.hasMessageContaining("spring-boot-starter-data-redis"));
	}

	@Test
	void redisWithoutAConnectionStopsStartupNamingTheStore() {
		enabled().withPropertyValues("offline-auth.revocation.store=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("offline-auth.revocation.store")
				.hasMessageContaining("no RedisConnectionFactory"));
	}

	@Test
	void redisThatIsNotThereNeverStopsStartupNorTakesTheServiceDown() throws IOException {
		enabled().withPropertyValues("offline-auth.jwks.bundled=" + bundle(), "offline-auth.revocation.store=REDIS",
				"spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + ScriptedFusionAuth.freePort(), "spring.data.redis.timeout=500ms")
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RedisCutoffStore.class);
				assertThat(context.getBean(CutoffStore.class).reachable()).isFalse();
				Health health = context.getBean(OfflineAuthHealthIndicator.class).health(true);
				assertThat(health.getStatus().getCode()).isEqualTo("UP");
				assertThat(health.getDetails().get("revocation")).isEqualTo(Map.of("cutoffs", 0, "store",
						"redis", "storeReachable", false));
			});
	}

	@Test
	void healthAndMetricsTellRevocationWhenEnabled() {
		enabled().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(RevocationMetrics.class);
			Health health = context.getBean(OfflineAuthHealthIndicator.class).health(true);
			assertThat(health.getDetails().get("revocation"))
				.isEqualTo(Map.of("cutoffs", 0, "store", "memory"));
			assertThat(context.getBean(MeterRegistry.class).get("offline.auth.revocation.cutoffs").gauge().value())
				.isZero();
		});
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(RevocationMetrics.class));
	}

}
