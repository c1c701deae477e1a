package dev.offlineauth.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.offlineauth.actuate.DecisionMetrics;
import dev.offlineauth.actuate.JwksFetchMetrics;
import dev.offlineauth.actuate.OfflineAuthStateMetrics;
import dev.offlineauth.actuate.RevocationMetrics;
import dev.offlineauth.actuate.VerifiedTokenCacheMetrics;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwt.VerifiedTokenCache;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.KeyFreshness;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.revocation.CutoffTable;

/**
 * Micrometer metrics of offline-auth, when a {@link MeterRegistry} is present: JWKS fetches, decisions,
 * connectivity, time since the last contact, keys by source, the verified-token cache, and revocation
 * webhooks and cutoffs when revocation is enabled. Every tag has a fixed, small set of values.
 */
@AutoConfiguration(after = { OfflineAuthAutoConfiguration.class, OfflineAuthRevocationAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, OfflinePolicy.class })
public final class OfflineAuthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwksFetchMetrics offlineAuthJwksFetchMetrics(MeterRegistry registry) {
		return new JwksFetchMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	DecisionMetrics offlineAuthDecisionMetrics(MeterRegistry registry) {
		return new DecisionMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	OfflineAuthStateMetrics offlineAuthStateMetrics(Connectivity connectivity, KeyFreshness keyFreshness,
			KeyRingProvider keys) {
		return new OfflineAuthStateMetrics(connectivity, keyFreshness, keys);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(VerifiedTokenCache.class)
	VerifiedTokenCacheMetrics offlineAuthVerifiedTokenCacheMetrics(VerifiedTokenCache cache) {
		return new VerifiedTokenCacheMetrics(cache);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CutoffTable.class)
	RevocationMetrics offlineAuthRevocationMetrics(MeterRegistry registry, CutoffTable table) {
		return new RevocationMetrics(registry, table);
	}

}
