package dev.offlineauth.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import dev.offlineauth.jwks.BackgroundContact;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.jwks.SnapshotFile;
import dev.offlineauth.jwks.SnapshotWriter;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.jwt.VerifiedTokenCache;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.web.OfflineAuthWebSecurity;
import dev.offlineauth.web.TokenFreshness;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineAuthAutoConfigurationTests {

	private static final TestKey KEY = TestKey.rsa("bundled-key");

	private static final String UNUSED_URL = "offline-auth.fusionauth.base-url=http://localhost:" + ScriptedFusionAuth.freePort();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
		.withConfiguration(SpringBootLine.current().servletResourceServer())
		.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1", UNUSED_URL);

	@TempDir
	Path directory;

	@Test
	void decoderAndFilterChainAppear() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OfflineJwtDecoder.class)
				.hasSingleBean(RefreshingKeyRingProvider.class)
				.hasSingleBean(OfflinePolicy.class)
				.hasSingleBean(OfflineAuthWebSecurity.class)
				.hasBean("offlineAuthSecurityFilterChain")
				.hasSingleBean(SecurityFilterChain.class);
			assertThat(context.getBean("offlineAuth")).isInstanceOf(TokenFreshness.class);
			assertThat(context.getBean(OfflineAuthWebSecurity.class).decoder())
				.isSameAs(context.getBean(OfflineJwtDecoder.class));
		});
	}

	@Test
	void theBackgroundContactIsABeanThatATestCanRunAtOnce() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(BackgroundContact.class).hasSingleBean(BackgroundContactLifecycle.class);
			assertThat(context.getBean(BackgroundContactLifecycle.class).isRunning()).isTrue();

			context.getBean(BackgroundContact.class).tick();

			assertThat(context.getBean(Connectivity.class).state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
		});
	}

	@Test
	void springBootsOwnResourceServerDecoderAndUserDetailsBackOff() {
		this.contextRunner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://localhost/jwks")
			.run((context) -> assertThat(context).hasSingleBean(JwtDecoder.class)
				.hasSingleBean(OfflineJwtDecoder.class)
				.doesNotHaveBean("inMemoryUserDetailsManager"));
	}

	@Test
	void theVerifiedTokenCacheHoldsTenThousandTokensUnlessToldOtherwise() {
		this.contextRunner.run((context) -> assertThat(context.getBean(VerifiedTokenCache.class).maximumBytes())
			.isEqualTo(10_000L * VerifiedTokenCache.ENTRY_BYTES));
		this.contextRunner.withPropertyValues("offline-auth.cache.verified-tokens=0")
			.run((context) -> assertThat(context.getBean(VerifiedTokenCache.class).isEnabled()).isFalse());
	}

	@Test
	void decoderBacksOffToTheApplicationsOwn() {
		this.contextRunner.withUserConfiguration(OwnDecoderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JwtDecoder.class).doesNotHaveBean(OfflineJwtDecoder.class);
			assertThat(context.getBean(OfflineAuthWebSecurity.class).decoder())
				.isSameAs(context.getBean("ownDecoder"));
		});
	}

	@Test
	void filterChainBacksOffToTheApplicationsOwn() {
		this.contextRunner.withUserConfiguration(OwnChainConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(SecurityFilterChain.class)
				.hasBean("ownChain")
				.doesNotHaveBean("offlineAuthSecurityFilterChain")
				.hasSingleBean(OfflineJwtDecoder.class));
	}

	@Test
	void nothingIsConfiguredWhenDisabled() {
		this.contextRunner.withPropertyValues("offline-auth.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OfflineAuthProperties.class)
				.doesNotHaveBean(JwtDecoder.class)
				.doesNotHaveBean(KeyRingProvider.class)
				.doesNotHaveBean(OfflineAuthWebSecurity.class));
	}

	@Test
	void withoutNimbusNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(NimbusJwtDecoder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OfflineAuthProperties.class));
	}

	@Test
	void outsideAWebApplicationOnlyTheDecoderAndKeysAreConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class))
			.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1", UNUSED_URL)
			.run((context) -> assertThat(context).hasSingleBean(OfflineJwtDecoder.class)
				.doesNotHaveBean(OfflineAuthWebSecurity.class));
	}

	@Test
	void withABundleAndNoUrlFusionAuthIsNeverContacted() throws IOException {
		Path bundle = write("jwks.json", TestKey.jwks(KEY));
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class,
					SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
			.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1",
					"offline-auth.jwks.bundled=" + bundle.toUri())
			.run((context) -> {
				assertThat(context).hasSingleBean(StaticKeyRingProvider.class)
					.doesNotHaveBean(RefreshingKeyRingProvider.class)
					.doesNotHaveBean(OfflineAuthThreads.class);
				assertThat(context.getBean(KeyRingProvider.class).current().source()).isEqualTo(KeySource.BUNDLED);
				assertThat(context.getBean(Connectivity.class).state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
			});
	}

	@Test
	void theBundleServesUntilFusionAuthAnswers() throws IOException {
		Path bundle = write("jwks.json", TestKey.jwks(KEY));
		this.contextRunner.withPropertyValues("offline-auth.jwks.bundled=" + bundle.toUri())
			.run((context) -> assertThat(context.getBean(KeyRingProvider.class).current().kids())
				.containsExactly("bundled-key"));
	}

	@Test
	void aBundledJwksOnTheClasspathIsRead() {
		this.contextRunner.withPropertyValues("offline-auth.jwks.bundled=classpath:bundled/public-jwks.json")
			.run((context) -> assertThat(context.getBean(KeyRingProvider.class).current().kids())
				.containsExactly("classpath-key"));
	}

	@Test
	void anEmptyBundleSettingMeansNoBundle() {
		this.contextRunner.withPropertyValues("offline-auth.jwks.bundled=")
			.run((context) -> assertThat(context.getBean(KeyRingProvider.class).current().isEmpty()).isTrue());
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			offline-auth.issuer                     |       | 'iss' claim
			offline-auth.audiences                  |       | application id
			offline-auth.algorithms                 | HS256 | symmetric algorithms and 'none' are never accepted
			offline-auth.algorithms                 | RS256,hs512 | symmetric algorithms and 'none' are never accepted
			offline-auth.algorithms                 | none  | symmetric algorithms and 'none' are never accepted
			offline-auth.algorithms                 | RS257 | unknown algorithm
			offline-auth.algorithms                 |       | at least one asymmetric algorithm
			offline-auth.clock-skew                 | -1s   | 0 or more
			offline-auth.fusionauth.connect-timeout | 0s    | positive duration
			offline-auth.fusionauth.read-timeout    | 0s    | positive duration
			offline-auth.fusionauth.base-url        | ftp://fusionauth | absolute https URL
			offline-auth.jwks.uri                   | /jwks.json | absolute https URL
			offline-auth.fusionauth.base-url        | http://fusionauth:9011 | write an https URL, or set offline-auth.fusionauth.allow-http=true
			offline-auth.jwks.uri                   | http://10.0.0.8/.well-known/jwks.json | write an https URL, or set offline-auth.fusionauth.allow-http=true
			offline-auth.connectivity.probe-path    | api/health | write an absolute path
			offline-auth.connectivity.probe-path    | //elsewhere.example/api/health | write an absolute path
			offline-auth.jwks.refresh-interval      | -5m   | positive duration
			offline-auth.jwks.min-refetch-interval  | 0s    | positive duration
			offline-auth.jwks.min-refetch-interval  | 20m   | must not be longer than offline-auth.jwks.refresh-interval
			offline-auth.jwks.max-response-size     | 0B    | positive size
			offline-auth.connectivity.probe-interval | 0s   | positive duration
			offline-auth.cache.verified-tokens      | -1    | or 0 to disable the cache
			offline-auth.grace.period               | -1h   | 0 or more
			offline-auth.grace.period               | 8d    | longer than offline-auth.max-offline
			offline-auth.max-offline                | -1d   | 0 or more
			offline-auth.max-offline                | 10s   | longer than offline-auth.connectivity.probe-interval
			offline-auth.clock.rollback-tolerance   | -5m   | 0 or more
			offline-auth.grace.allowed-methods      | GET,P0ST | HTTP method names
			offline-auth.authorities.claim          | " "   | claim that holds the roles
			offline-auth.principal-claim            | " "   | claim that names the principal
			""")
	void aBadSettingStopsStartupNamingTheProperty(String property, String value, String reason) {
		this.contextRunner.withPropertyValues(property + "=" + ((value != null) ? value : ""))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property " + property + " with value")
				.hasMessageContaining(reason));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			offline-auth.fusionauth.base-url=https://auth.example.com                 |
			offline-auth.fusionauth.base-url=http://localhost:9011                    |
			offline-auth.fusionauth.base-url=http://127.0.0.1:9011                    |
			offline-auth.fusionauth.base-url=http://[::1]:9011                        |
			offline-auth.jwks.uri=http://127.0.0.2/.well-known/jwks.json              |
			offline-auth.fusionauth.base-url=http://fusionauth:9011                   | offline-auth.fusionauth.allow-http=true
			offline-auth.jwks.uri=http://10.0.0.8/.well-known/jwks.json               | offline-auth.fusionauth.allow-http=true
			""")
	void httpsLoopbackOrAnExplicitAllowHttpStartsUp(String url, String allowHttp) {
		this.contextRunner.withPropertyValues(url, (allowHttp != null) ? allowHttp : "offline-auth.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void withNeitherAUrlNorABundleStartupFails() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class))
			.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("offline-auth.fusionauth.base-url")
				.hasMessageContaining("no key source is configured"));
	}

	@Test
	void aSnapshotWithoutAnyUrlStopsStartup() throws IOException {
		Path bundle = write("jwks.json", TestKey.jwks(KEY));
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class))
			.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1",
					"offline-auth.jwks.bundled=" + bundle.toUri(),
					"offline-auth.jwks.snapshot=" + this.directory.resolve("snapshot.json"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Property offline-auth.jwks.snapshot with value")
				.hasMessageContaining("FusionAuth is never contacted"));
	}

	@Test
	void aSnapshotInADirectoryThatCannotBeWrittenStopsStartup() throws IOException {
		Path aFile = write("not-a-directory", "x");
		String location = aFile.resolve("snapshot.json").toString();

		this.contextRunner.withPropertyValues("offline-auth.jwks.snapshot=" + location)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property offline-auth.jwks.snapshot with value '" + location + "'")
				.hasMessageContaining("its directory cannot be written"));
	}

	@Test
	void aWritableSnapshotRegistersItsWriter() {
		this.contextRunner.withPropertyValues("offline-auth.jwks.snapshot=" + this.directory.resolve("s/snapshot.json"))
			.run((context) -> assertThat(context).hasSingleBean(SnapshotFile.class).hasSingleBean(SnapshotWriter.class));
	}

	@Test
	void anEmptySnapshotSettingMeansNone() {
		this.contextRunner.withPropertyValues("offline-auth.jwks.snapshot=")
			.run((context) -> assertThat(context).doesNotHaveBean(SnapshotFile.class));
	}

	@Test
	void aBundleThatCannotBeReadStopsStartup() {
		assertBundleRejected("classpath:no/such/jwks.json", "it cannot be read");
	}

	@Test
	void aBundleThatIsNotJsonStopsStartup() throws IOException {
		assertBundleRejected(write("broken.json", "<html>not a jwks</html>").toUri().toString(), "not a JWKS document");
	}

	@Test
	void anEmptyBundleStopsStartup() throws IOException {
		assertBundleRejected(write("empty.json", "{\"keys\":[]}").toUri().toString(), "no public signing key");
	}

	@Test
	void aBundleWithPrivateKeyMaterialStopsStartup() throws Exception {
		RSAKey privateKey = new RSAKeyGenerator(2048).keyID("leaked").generate();
		String json = "{\"keys\":[" + privateKey.toJSONString() + "]}";
		assertBundleRejected(write("private.json", json).toUri().toString(), "private key material");
	}

	private void assertBundleRejected(String location, String reason) {
		this.contextRunner.withPropertyValues("offline-auth.jwks.bundled=" + location)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property offline-auth.jwks.bundled with value '" + location + "'")
				.hasMessageContaining(reason));
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDecoderConfiguration {

		@Bean
		JwtDecoder ownDecoder() {
			return (token) -> {
				throw new UnsupportedOperationException();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChainConfiguration {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

}
