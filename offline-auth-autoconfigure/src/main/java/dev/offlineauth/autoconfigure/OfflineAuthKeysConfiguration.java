package dev.offlineauth.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
import dev.offlineauth.offline.FusionAuthContacts;
import dev.offlineauth.offline.KeyFreshness;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.offline.TrustedClock;

/**
 * Keys, clocks, connectivity and the offline policy: everything that does not depend on the web stack.
 */
@Configuration(proxyBeanMethods = false)
class OfflineAuthKeysConfiguration {

	private static final Log logger = LogFactory.getLog(OfflineAuthKeysConfiguration.class);

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
	Connectivity offlineAuthConnectivity(TimeSource time, OfflineAuthProperties properties) {
		return new Connectivity(time, properties.isContactConfigured());
	}

	@Bean
	@ConditionalOnMissingBean
	KeyFreshness offlineAuthKeyFreshness(TimeSource time) {
		return new KeyFreshness(time);
	}

	@Bean
	@ConditionalOnMissingBean
	FusionAuthContacts offlineAuthContacts(TimeSource time, Connectivity connectivity, KeyFreshness keyFreshness,
			TrustedClock trustedClock, OfflineAuthProperties properties) {
		return new FusionAuthContacts(time, connectivity, keyFreshness, trustedClock, properties.isJwksProbeTarget());
	}

	@Bean
	@ConditionalOnMissingBean
	OfflinePolicy offlineAuthPolicy(TrustedClock trustedClock, Connectivity connectivity, KeyFreshness keyFreshness,
			OfflineAuthProperties properties) {
		OfflinePolicy.Settings settings = new OfflinePolicy.Settings(properties.getClockSkew(),
				properties.getGrace().getPeriod(), properties.getMaxOffline(), properties.isContactConfigured());
		return new OfflinePolicy(settings, trustedClock, connectivity, keyFreshness);
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
			SnapshotFile file = new SnapshotFile(Path.of(location.trim()), properties.getJwks().getSnapshotSecret());
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
		SnapshotWriter offlineAuthSnapshotWriter(SnapshotFile file, FusionAuthContacts contacts) {
			return new SnapshotWriter(file, contacts);
		}

		@Bean
		@ConditionalOnMissingBean(KeyRingProvider.class)
		RefreshingKeyRingProvider offlineAuthKeyRingProvider(OfflineAuthProperties properties,
				ResourceLoader resourceLoader, JwksReader reader, FusionAuthContacts contacts, TimeSource time,
				OfflineAuthThreads threads, ObjectProvider<JwksFetchListener> listeners,
				ObjectProvider<SnapshotFile> snapshot) {
			HttpJwksClient client = new HttpJwksClient(properties.effectiveJwksUri(),
					properties.getFusionauth().getConnectTimeout(), properties.getFusionauth().getReadTimeout(),
					properties.getJwks().getMaxResponseSize().toBytes());
			RefreshingKeyRingProvider.Settings settings = new RefreshingKeyRingProvider.Settings(
					properties.getJwks().getRefreshInterval(), properties.getJwks().getMinRefetchInterval(),
					properties.getFusionauth().getReadTimeout());
			return new RefreshingKeyRingProvider(client, reader, contacts,
					startupKeys(snapshot.getIfAvailable(), contacts, properties, resourceLoader, reader), settings,
					time.monotonicNanos()::getAsLong, threads.scheduler(), listeners.orderedStream().toList());
		}

		/**
		 * The snapshot's keys when there is a usable snapshot (they were FusionAuth's, so they outrank the
		 * bundle), continuing the count towards max-offline and the trusted clock from it; else the bundle.
		 */
		private static KeyRing startupKeys(SnapshotFile file, FusionAuthContacts contacts,
				OfflineAuthProperties properties, ResourceLoader resourceLoader, JwksReader reader) {
			KeyRing bundled = initialKeys(properties, resourceLoader, reader);
			if (file == null) {
				if (!bundled.isEmpty()) {
					logger.info("No offline-auth.jwks.snapshot is configured: a restart while FusionAuth is "
							+ "unreachable trusts the bundled keys again and starts the max-offline count afresh. "
							+ "Set offline-auth.jwks.snapshot to a file on a volume that outlives the process to "
							+ "keep both across restarts.");
				}
				return bundled;
			}
			return file.read(reader, contacts.trustedClock().read().now()).map((snapshot) -> {
				SnapshotWriter.restore(contacts, snapshot);
				return snapshot.ring();
			}).orElse(bundled);
		}

		/** A bean of its own, so that a test can run a round of contact now ({@link BackgroundContact#tick()}). */
		@Bean
		@ConditionalOnMissingBean
		BackgroundContact offlineAuthBackgroundContact(KeyRingProvider keys, FusionAuthContacts contacts,
				OfflineAuthProperties properties, OfflineAuthThreads threads) {
			ConnectivityProbe probe = new ConnectivityProbe(properties.effectiveProbeUri(),
					properties.getFusionauth().getConnectTimeout(), properties.getFusionauth().getReadTimeout(),
					contacts);
			return new BackgroundContact(keys, probe, contacts, properties.getConnectivity().getProbeInterval(),
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
