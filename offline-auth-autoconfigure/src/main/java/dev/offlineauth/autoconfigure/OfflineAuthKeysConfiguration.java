package dev.offlineauth.autoconfigure;

import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

import dev.offlineauth.jwks.BackgroundContact;
import dev.offlineauth.jwks.HttpJwksClient;
import dev.offlineauth.jwks.JwksFetchListener;
import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityProbe;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.offline.TrustedClock;

/**
 * Keys, clocks, connectivity and the offline policy: everything that does not depend on the web stack.
 */
@Configuration(proxyBeanMethods = false)
class OfflineAuthKeysConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TimeSource offlineAuthTimeSource() {
		return TimeSource.system();
	}

	@Bean
	@ConditionalOnMissingBean
	TrustedClock offlineAuthTrustedClock(TimeSource time, OfflineAuthProperties properties) {
		return new TrustedClock(time, properties.getClock().getRollbackTolerance());
	}

	@Bean
	@ConditionalOnMissingBean
	Connectivity offlineAuthConnectivity(TimeSource time, TrustedClock trustedClock, OfflineAuthProperties properties) {
		return new Connectivity(time, trustedClock, properties.isContactConfigured());
	}

	@Bean
	@ConditionalOnMissingBean
	OfflinePolicy offlineAuthPolicy(TrustedClock trustedClock, Connectivity connectivity,
			OfflineAuthProperties properties) {
		OfflinePolicy.Settings settings = new OfflinePolicy.Settings(properties.getClockSkew(),
				properties.getGrace().getPeriod(), properties.getMaxOffline(), properties.isContactConfigured());
		return new OfflinePolicy(settings, trustedClock, connectivity);
	}

	@Bean
	@ConditionalOnMissingBean
	JwksReader offlineAuthJwksReader(OfflineAuthProperties properties) {
		return new JwksReader(allowedAlgorithms(properties));
	}

	static Set<JWSAlgorithm> allowedAlgorithms(OfflineAuthProperties properties) {
		return properties.getAlgorithms().stream().map(String::trim).map(JWSAlgorithm::parse).collect(Collectors.toSet());
	}

	static KeyRing initialKeys(OfflineAuthProperties properties, ResourceLoader resourceLoader, JwksReader reader) {
		return properties.getJwks().hasBundled()
				? BundledKeys.load(resourceLoader, properties.getJwks().getBundled(), reader) : KeyRing.empty();
	}

	/** FusionAuth is contacted: keys are fetched and refreshed, reachability probed. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnFusionAuthContact
	static class RemoteKeysConfiguration {

		@Bean
		OfflineAuthThreads offlineAuthThreads() {
			return new OfflineAuthThreads();
		}

		@Bean
		@ConditionalOnMissingBean(KeyRingProvider.class)
		RefreshingKeyRingProvider offlineAuthKeyRingProvider(OfflineAuthProperties properties,
				ResourceLoader resourceLoader, JwksReader reader, Connectivity connectivity, TimeSource time,
				OfflineAuthThreads threads, ObjectProvider<JwksFetchListener> listeners) {
			HttpJwksClient client = new HttpJwksClient(properties.effectiveJwksUri(),
					properties.getFusionauth().getConnectTimeout(), properties.getFusionauth().getReadTimeout(),
					properties.getJwks().getMaxResponseSize().toBytes());
			RefreshingKeyRingProvider.Settings settings = new RefreshingKeyRingProvider.Settings(
					properties.getJwks().getRefreshInterval(), properties.getJwks().getMinRefetchInterval(),
					properties.getFusionauth().getReadTimeout());
			return new RefreshingKeyRingProvider(client, reader, connectivity,
					initialKeys(properties, resourceLoader, reader), settings, time.monotonicNanos()::getAsLong,
					threads.scheduler(), listeners.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		BackgroundContactLifecycle offlineAuthBackgroundContact(RefreshingKeyRingProvider keys,
				Connectivity connectivity, OfflineAuthProperties properties, OfflineAuthThreads threads) {
			ConnectivityProbe probe = new ConnectivityProbe(properties.effectiveProbeUri(),
					properties.getFusionauth().getConnectTimeout(), properties.getFusionauth().getReadTimeout(),
					connectivity);
			return new BackgroundContactLifecycle(new BackgroundContact(keys, probe, connectivity,
					properties.getConnectivity().getProbeInterval(), threads.scheduler()));
		}

	}

	/** FusionAuth is never contacted: the bundled keys are all there is. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(NoFusionAuthContact.class)
	static class BundledOnlyKeysConfiguration {

		@Bean
		@ConditionalOnMissingBean(KeyRingProvider.class)
		StaticKeyRingProvider offlineAuthBundledKeyRingProvider(OfflineAuthProperties properties,
				ResourceLoader resourceLoader, JwksReader reader) {
			return new StaticKeyRingProvider(initialKeys(properties, resourceLoader, reader));
		}

	}

	static class NoFusionAuthContact extends NoneNestedConditions {

		NoFusionAuthContact() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnFusionAuthContact
		static class FusionAuthContact {

		}

	}

}
