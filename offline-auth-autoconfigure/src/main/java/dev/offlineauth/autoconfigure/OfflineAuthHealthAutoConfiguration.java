package dev.offlineauth.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

import dev.offlineauth.actuate.OfflineAuthHealthIndicator;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.revocation.RevocationStatus;

/**
 * The {@code offlineAuth} health component, when Actuator is present. It is in no health group by
 * default (see the README for why, and for the one line that adds it to readiness).
 */
@AutoConfiguration(after = OfflineAuthAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(Health.class)
@ConditionalOnBean(OfflinePolicy.class)
@ConditionalOnEnabledHealthIndicator("offlineAuth")
public final class OfflineAuthHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "offlineAuthHealthIndicator")
	OfflineAuthHealthIndicator offlineAuthHealthIndicator(KeyRingProvider keys, OfflinePolicy policy,
			OfflineAuthProperties properties, ObjectProvider<RevocationStatus> revocation) {
		return new OfflineAuthHealthIndicator(keys, policy, properties.getGrace().getAllowedMethods(),
				revocation.getIfAvailable());
	}

}
