package dev.offlineauth.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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
import dev.offlineauth.jwks.SnapshotFile;
import dev.offlineauth.jwks.SnapshotWriter;
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
		@Conditional(SnapshotConfiguredCondition.class)
		SnapshotFile offlineAuthSnapshotFile(OfflineAuthProperties properties) {
			String location = properties.getJwks().getSnapshot();
			SnapshotFile file = new SnapshotFile(Path.of(location.trim()));
			try {
				file.checkWritable();
			}
			catch (IOException | RuntimeException ex) {
				throw new InvalidConfigurationPropertyValueException(SnapshotConfiguredCondition.PROPERTY, location,
						"its directory cannot be written (" + ex + "): write a path in a directory the service may "
								+ "write, e.g. /var/lib/my-service/jwks-snapshot.json, or remove the setting");
			}
			return file;
		}

		@Bean
		@Conditional(SnapshotConfiguredCondition.class)
		SnapshotWriter offlineAuthSnapshotWriter(SnapshotFile file, Connectivity connectivity,
				TrustedClock trustedClock) {
			return new SnapshotWriter(file, connectivity, trustedClock);
		}

		@Bean
		@ConditionalOnMissingBean(KeyRingProvider.class)
		RefreshingKeyRingProvider offlineAuthKeyRingProvider(OfflineAuthProperties properties,
				ResourceLoader resourceLoader, JwksReader reader, Connectivity connectivity, TimeSource time,
				OfflineAuthThreads threads, ObjectProvider<JwksFetchListener> listeners,
				ObjectProvider<SnapshotFile> snapshot) {
			HttpJwksClient client = new HttpJwksClient(properties.effectiveJwksUri(),
					properties.getFusionauth().getConnectTimeout(), properties.getFusionauth().getReadTimeout(),
					properties.getJwks().getMaxResponseSize().toBytes());
			RefreshingKeyRingProvider.Settings settings = new RefreshingKeyRingProvider.Settings(
					properties.getJwks().getRefreshInterval(), properties.getJwks().getMinRefetchInterval(),
					properties.getFusionauth().getReadTimeout());
			return new RefreshingKeyRingProvider(client, reader, connectivity,
					startupKeys(snapshot.getIfAvailable(), connectivity, properties, resourceLoader, reader), settings,
					time.monotonicNanos()::getAsLong, threads.scheduler(), listeners.orderedStream().toList());
		}

		/**
		 * The snapshot's keys when there is a usable snapshot (they were FusionAuth's, so they outrank the
		 * bundle), continuing the time offline and the trusted clock from it; else the bundle.
		 */
		private static KeyRing startupKeys(SnapshotFile file, Connectivity connectivity,
				OfflineAuthProperties properties, ResourceLoader resourceLoader, JwksReader reader) {
			KeyRing bundled = initialKeys(properties, resourceLoader, reader);
			if (file == null) {
				return bundled;
			}
			return file.read(reader).map((snapshot) -> {
				connectivity.restore(snapshot.lastContact(), snapshot.serverTime());
				return snapshot.ring();
			}).orElse(bundled);
		}

		/** A bean of its own, so that a test can run a round of contact now ({@link BackgroundContact#tick()}). */
		@Bean
		@ConditionalOnMissingBean
		BackgroundContact offlineAuthBackgroundContact(RefreshingKeyRingProvider keys, Connectivity connectivity,
				OfflineAuthProperties properties, OfflineAuthThreads threads) {
			ConnectivityProbe probe = new ConnectivityProbe(properties.effectiveProbeUri(),
					properties.getFusionauth().getConnectTimeout(), properties.getFusionauth().getReadTimeout(),
					connectivity);
			return new BackgroundContact(keys, probe, connectivity, properties.getConnectivity().getProbeInterval(),
					threads.scheduler());
		}

		@Bean
		BackgroundContactLifecycle offlineAuthBackgroundContactLifecycle(BackgroundContact contact) {
			return new BackgroundContactLifecycle(contact);
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
