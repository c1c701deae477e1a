package dev.offlineauth.autoconfigure;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;

import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.SnapshotFile;
import dev.offlineauth.jwt.CutoffTokenRevocation;
import dev.offlineauth.jwt.TokenRevocation;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.revocation.CutoffStore;
import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.revocation.CutoffsSnapshot;
import dev.offlineauth.revocation.EventCutoffs;
import dev.offlineauth.revocation.RevocationObserver;
import dev.offlineauth.revocation.RevocationStatus;
import dev.offlineauth.revocation.RevocationWebhook;
import dev.offlineauth.revocation.WebhookSignature;
import dev.offlineauth.web.RevocationWebhookEndpoint;

/**
 * Revocation through FusionAuth's webhooks, when {@code offline-auth.revocation.enabled=true}: the cutoff
 * table (restored from and kept in the snapshot file when there is one), the check the decoder runs, the
 * webhook, and the store that shares cutoffs ({@code memory}, or {@code redis} over Spring Boot's Redis
 * connection, which is why this runs after Spring Boot's Redis auto-configuration).
 */
@AutoConfiguration(after = OfflineAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty("offline-auth.revocation.enabled")
@ConditionalOnBean(KeyRingProvider.class)
@Import({ RevocationStoreConfiguration.Memory.class, RevocationStoreConfiguration.Redis.class,
		RevocationStoreConfiguration.RedisMissing.class })
public final class OfflineAuthRevocationAutoConfiguration {

	/**
	 * Takes the key ring provider so that it (and the snapshot it reads) exists first: the cutoffs of that
	 * snapshot are restored here.
	 */
	@Bean
	@ConditionalOnMissingBean
	CutoffTable offlineAuthCutoffTable(TimeSource time, KeyRingProvider keys, ObjectProvider<SnapshotFile> snapshot) {
		CutoffTable table = new CutoffTable(time.wallClock());
		snapshot.ifAvailable((file) -> new CutoffsSnapshot(file, table).restoreAndFollow());
		return table;
	}

	@Bean
	@ConditionalOnMissingBean
	TokenRevocation offlineAuthTokenRevocation(CutoffTable table) {
		return new CutoffTokenRevocation(table);
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationStatus offlineAuthRevocationStatus(CutoffTable table, CutoffStore store) {
		return new RevocationStatus(table, store);
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationWebhook offlineAuthRevocationWebhook(OfflineAuthProperties properties, KeyRingProvider keys,
			CutoffTable table, CutoffStore store, ObjectProvider<RevocationObserver> observers) {
		Set<String> signingKeyIds = properties.getRevocation()
			.getWebhook()
			.getSigningKeyIds()
			.stream()
			.map(String::trim)
			.collect(Collectors.toSet());
		WebhookSignature signature = new WebhookSignature(keys, signingKeyIds,
				OfflineAuthKeysConfiguration.allowedAlgorithms(properties));
		EventCutoffs rules = new EventCutoffs(properties.getRevocation().getMaxTokenLifetime(),
				properties.getClockSkew(), properties.getGrace().getPeriod());
		// FusionAuth's keys changed: fetch now, within the refetch rate limit, without waiting for it.
		return new RevocationWebhook(signature, rules, table, store, keys::keysChanged,
				observers.getIfAvailable(() -> RevocationObserver.NONE));
	}

	/** The endpoint that {@code http.with(offlineAuth())} adds to a filter chain. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(HttpSecurity.class)
	static class ServletWebhookConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RevocationWebhookEndpoint offlineAuthRevocationWebhookEndpoint(RevocationWebhook webhook,
				OfflineAuthProperties properties) {
			return endpoint(webhook, properties);
		}

		static RevocationWebhookEndpoint endpoint(RevocationWebhook webhook, OfflineAuthProperties properties) {
			return new RevocationWebhookEndpoint(webhook, properties.getRevocation().getWebhook().getPath(),
					properties.getRevocation().getWebhook().getMaxBodySize().toBytes(),
					properties.getConnectivity().getProbeInterval().toSeconds());
		}

	}

	/** The endpoint that {@code OfflineAuthServerSecurity} adds to a reactive filter chain. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(ServerHttpSecurity.class)
	static class ReactiveWebhookConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RevocationWebhookEndpoint offlineAuthRevocationWebhookEndpoint(RevocationWebhook webhook,
				OfflineAuthProperties properties) {
			return ServletWebhookConfiguration.endpoint(webhook, properties);
		}

	}

}
