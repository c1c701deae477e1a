package dev.offlineauth.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.offlineauth.actuate.DecisionMetrics;
import dev.offlineauth.actuate.JwksFetchMetrics;
import dev.offlineauth.actuate.OfflineAuthHealthIndicator;
import dev.offlineauth.actuate.OfflineAuthStateMetrics;
import dev.offlineauth.actuate.VerifiedTokenCacheMetrics;
import dev.offlineauth.test.ScriptedFusionAuth;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineAuthActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class,
				OfflineAuthHealthAutoConfiguration.class, OfflineAuthMetricsAutoConfiguration.class))
		.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1",
				"offline-auth.fusionauth.base-url=http://localhost:" + ScriptedFusionAuth.freePort());

	@Test
	void theHealthIndicatorIsNamedOfflineAuth() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(OfflineAuthHealthIndicator.class)
			.hasBean("offlineAuthHealthIndicator"));
	}

	@Test
	void theHealthIndicatorCanBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.offlineAuth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OfflineAuthHealthIndicator.class));
	}

	@Test
	void withoutActuatorThereIsNoHealthIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Health.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OfflineAuthHealthIndicator.class));
	}

	@Test
	void metricsNeedAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(DecisionMetrics.class));
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(DecisionMetrics.class)
				.hasSingleBean(JwksFetchMetrics.class)
				.hasSingleBean(OfflineAuthStateMetrics.class));
	}

	@Test
	void theVerifiedTokenCacheIsMeteredByResult() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(VerifiedTokenCacheMetrics.class).bindTo(registry);

			assertThat(registry.get("offline.auth.token.cache").tag("result", "hit").functionCounter().count())
				.isZero();
			assertThat(registry.get("offline.auth.token.cache").tag("result", "miss").functionCounter().count())
				.isZero();
			assertThat(registry.get("offline.auth.token.cache.size").gauge().value()).isZero();
			assertThat(registry.get("offline.auth.token.cache.weight").gauge().value()).isZero();
		});
	}

	@Test
	void nothingWhenOfflineAuthIsDisabled() {
		this.contextRunner.withPropertyValues("offline-auth.enabled=false")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(OfflineAuthHealthIndicator.class)
				.doesNotHaveBean(DecisionMetrics.class));
	}

}
