package dev.offlineauth.test.app;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import dev.offlineauth.autoconfigure.OfflineAuthProperties;
import dev.offlineauth.jwks.SnapshotFile;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.WireAccess;

import static org.assertj.core.api.Assertions.assertThat;

/** What the annotation tells offline-auth, whatever the application's own configuration says. */
class FakeFusionAuthPropertiesTests {

	/** A bundle and a snapshot that would each stop startup if they were used. */
	@Nested
	@SpringBootTest(classes = KitTestApplication.class,
			properties = { "offline-auth.fusionauth.base-url=https://auth.example.com",
					"offline-auth.jwks.uri=https://auth.example.com/.well-known/jwks.json",
					"offline-auth.jwks.bundled=classpath:no-such-jwks.json",
					"offline-auth.jwks.snapshot=/proc/no-such-directory/jwks-snapshot.json",
					"offline-auth.issuer=tenant.example", "offline-auth.audiences=app-a",
					"offline-auth.connectivity.probe-path=/custom/health" })
	@AutoConfigureFakeFusionAuth
	class OverApplicationProperties {

		@Autowired
		private ApplicationContext context;

		@Autowired
		private OfflineAuthProperties properties;

		@Autowired
		private FakeFusionAuth fusionAuth;

		@Test
		void fusionAuthIsTheFakeAndNeitherBundleNorSnapshotIsUsed() {
			assertThat(this.properties.getFusionauth().getBaseUrl()).isEqualTo(this.fusionAuth.baseUrl());
			assertThat(this.properties.effectiveJwksUri()).hasToString(this.fusionAuth.baseUrl() + "/.well-known/jwks.json");
			assertThat(this.properties.getJwks().hasBundled()).isFalse();
			assertThat(this.context.getBeanProvider(SnapshotFile.class).getIfAvailable()).isNull();
		}

		@Test
		void theApplicationsIssuerAndAudiencesStay() {
			assertThat(this.properties.getIssuer()).isEqualTo("tenant.example");
			assertThat(this.properties.getAudiences()).containsExactly("app-a");
		}

		@Test
		void theFakeAnswersTheProbePathTheServiceConfigures() {
			assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/custom/health").statusCode()).isEqualTo(200);
			assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/api/health").statusCode()).isEqualTo(200);
			assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/custom/other").statusCode()).isEqualTo(404);
		}

		@Test
		void theServicesTimeIsTheFakesClock() {
			ManualClock clock = this.context.getBean(ManualClock.class);
			TimeSource time = this.context.getBean(TimeSource.class);
			long before = time.nanoTime();

			clock.advance(Duration.ofMinutes(3));

			assertThat(this.fusionAuth.clock()).isSameAs(clock);
			assertThat(time.wallTime()).isEqualTo(clock.now());
			assertThat(time.nanoTime() - before).isEqualTo(Duration.ofMinutes(3).toNanos());
		}

	}

	@Nested
	@SpringBootTest(classes = KitTestApplication.class)
	@AutoConfigureFakeFusionAuth
	class WithoutApplicationProperties {

		@Autowired
		private OfflineAuthProperties properties;

		@Test
		void theFakesOwnIssuerAndApplicationAreUsed() {
			assertThat(this.properties.getIssuer()).isEqualTo("acme.com");
			assertThat(this.properties.getAudiences()).singleElement().satisfies((audience) -> assertThat(audience).hasSize(36));
		}

	}

	@Nested
	@SpringBootTest(classes = KitTestApplication.class, properties = "offline-auth.jwks.bundled=classpath:bundled-jwks.json")
	@AutoConfigureFakeFusionAuth(bundledJwks = true)
	class KeepingTheBundle {

		@Autowired
		private OfflineAuthProperties properties;

		@Test
		void theBundledJwksStaysConfigured() {
			assertThat(this.properties.getJwks().getBundled()).isEqualTo("classpath:bundled-jwks.json");
		}

	}

}
