package dev.offlineauth.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwt.OfflineAuthRefusalException;
import dev.offlineauth.jwt.VerifiedJwt;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A service restarted during an outage: the first run fetched a key rotated in after the bundle was built
 * and wrote the snapshot; FusionAuth goes away; the second run, with the same snapshot and a bundle that
 * lacks the key, still accepts it, and keeps counting its time offline from the first run's last contact.
 */
class RestartDuringOutageTests {

	private static final TestKey BUNDLED = TestKey.rsa("bundled-key");

	private static final TestKey ROTATED = TestKey.rsa("rotated-key");

	private static final Instant FIRST_RUN = Instant.parse("2030-03-01T08:00:00Z");

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	@TempDir
	Path directory;

	@AfterEach
	void stop() {
		this.fusionAuth.close();
	}

	private WebApplicationContextRunner service(ManualClock time, Path bundle, Path snapshot) {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withBean(TimeSource.class, time::timeSource)
			.withPropertyValues("offline-auth.issuer=" + Tokens.ISSUER, "offline-auth.audiences=" + Tokens.AUDIENCE,
					"offline-auth.fusionauth.base-url=" + this.fusionAuth.baseUrl(),
					"offline-auth.fusionauth.connect-timeout=2s", "offline-auth.fusionauth.read-timeout=3s",
					"offline-auth.jwks.bundled=" + bundle.toUri(), "offline-auth.jwks.snapshot=" + snapshot);
	}

	@Test
	void theSnapshotCarriesRotatedKeysAndTheTimeOfflineAcrossARestart() throws Exception {
		Path bundle = Files.writeString(this.directory.resolve("bundled-jwks.json"), TestKey.jwks(BUNDLED));
		Path snapshot = this.directory.resolve("state/jwks-snapshot.json");
		this.fusionAuth.serveKeys(BUNDLED, ROTATED);

		service(new ManualClock(FIRST_RUN), bundle, snapshot).run((first) -> {
			assertThat(first).hasNotFailed();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Files.exists(snapshot) && Files.readString(snapshot).contains("rotated-key"));
		});

		this.fusionAuth.stop();
		// The file was written during the first run, by its clock.
		Files.setLastModifiedTime(snapshot, FileTime.from(FIRST_RUN));
		ManualClock restarted = new ManualClock(FIRST_RUN.plus(Duration.ofDays(6)));
		service(restarted, bundle, snapshot).run((second) -> {
			JwtDecoder decoder = second.getBean(JwtDecoder.class);
			String token = Tokens.token(ROTATED, restarted.now()).expiresAt(restarted.now().plus(Duration.ofDays(3))).sign();

			VerifiedJwt jwt = (VerifiedJwt) decoder.decode(token);
			assertThat(jwt.getKeySource()).isEqualTo(KeySource.LAST_KNOWN_GOOD);

			// Six days offline before the restart, one more after it: past max-offline (7 days).
			restarted.advance(Duration.ofDays(1).plusMinutes(1));
			assertThatExceptionOfType(OfflineAuthRefusalException.class).isThrownBy(() -> decoder.decode(token))
				.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.OFFLINE_TOO_LONG));
		});
	}

	@Test
	void withoutASnapshotTheBundleServesAndTheTimeOfflineStartsAtStartup() throws Exception {
		Path bundle = Files.writeString(this.directory.resolve("bundled-jwks.json"), TestKey.jwks(BUNDLED));
		this.fusionAuth.stop();
		ManualClock time = new ManualClock(FIRST_RUN);

		service(time, bundle, this.directory.resolve("never-written.json")).run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);

			assertThatExceptionOfType(OfflineAuthRefusalException.class)
				.isThrownBy(() -> decoder.decode(Tokens.token(ROTATED, time.now()).sign()))
				.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.INVALID_TOKEN));
			time.advance(Duration.ofDays(6));
			VerifiedJwt jwt = (VerifiedJwt) decoder.decode(Tokens.token(BUNDLED, time.now()).sign());
			assertThat(jwt.getKeySource()).isEqualTo(KeySource.BUNDLED);
		});
	}

	@Test
	void aCorruptSnapshotIsIgnoredAndTheBundleServes() throws Exception {
		Path bundle = Files.writeString(this.directory.resolve("bundled-jwks.json"), TestKey.jwks(BUNDLED));
		Path snapshot = Files.writeString(this.directory.resolve("jwks-snapshot.json"), "{\"format\":\"offline-auth-jw");
		this.fusionAuth.stop();
		ManualClock time = new ManualClock(FIRST_RUN);

		service(time, bundle, snapshot).run((context) -> {
			assertThat(context).hasNotFailed();
			VerifiedJwt jwt = (VerifiedJwt) context.getBean(JwtDecoder.class).decode(Tokens.token(BUNDLED, time.now()).sign());
			assertThat(jwt.getKeySource()).isEqualTo(KeySource.BUNDLED);
		});
	}

	@Test
	void aSnapshotOthersCouldHaveWrittenIsIgnoredAndItsKeysAreNotTrusted() throws Exception {
		TestKey attacker = TestKey.rsa("attacker-key");
		Path bundle = Files.writeString(this.directory.resolve("bundled-jwks.json"), TestKey.jwks(BUNDLED));
		Path snapshot = this.directory.resolve("jwks-snapshot.json");
		new dev.offlineauth.jwks.SnapshotFile(snapshot).write(new dev.offlineauth.jwks.SnapshotFile.Snapshot(
				new dev.offlineauth.jwks.JwksReader(java.util.Set.of(com.nimbusds.jose.JWSAlgorithm.RS256))
					.read(TestKey.jwks(BUNDLED, attacker), KeySource.REMOTE),
				FIRST_RUN, null, null));
		Files.setLastModifiedTime(snapshot, FileTime.from(FIRST_RUN));
		Files.setPosixFilePermissions(snapshot, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
		this.fusionAuth.stop();
		ManualClock time = new ManualClock(FIRST_RUN.plus(Duration.ofHours(1)));

		service(time, bundle, snapshot).run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);

			assertThatExceptionOfType(OfflineAuthRefusalException.class)
				.isThrownBy(() -> decoder.decode(Tokens.token(attacker, time.now()).roles("admin").sign()))
				.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.INVALID_TOKEN));
			VerifiedJwt jwt = (VerifiedJwt) decoder.decode(Tokens.token(BUNDLED, time.now()).sign());
			assertThat(jwt.getKeySource()).isEqualTo(KeySource.BUNDLED);
		});
	}

	@Test
	void aPipeAtTheSnapshotPathNeitherHangsNorFailsStartup() throws Exception {
		Path bundle = Files.writeString(this.directory.resolve("bundled-jwks.json"), TestKey.jwks(BUNDLED));
		Path fifo = this.directory.resolve("jwks-snapshot.json");
		org.junit.jupiter.api.Assumptions.assumeTrue(
				new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available here");
		this.fusionAuth.stop();
		ManualClock time = new ManualClock(FIRST_RUN);

		org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
				() -> service(time, bundle, fifo).run((context) -> {
					assertThat(context).hasNotFailed();
					VerifiedJwt jwt = (VerifiedJwt) context.getBean(JwtDecoder.class)
						.decode(Tokens.token(BUNDLED, time.now()).sign());
					assertThat(jwt.getKeySource()).isEqualTo(KeySource.BUNDLED);
				}));
	}

	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void withABundleButNoSnapshotStartupSaysWhatARestartDuringAnOutageWouldDo(
			org.springframework.boot.test.system.CapturedOutput output) throws Exception {
		Path bundle = Files.writeString(this.directory.resolve("bundled-jwks.json"), TestKey.jwks(BUNDLED));

		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withPropertyValues("offline-auth.issuer=" + Tokens.ISSUER, "offline-auth.audiences=" + Tokens.AUDIENCE,
					"offline-auth.fusionauth.base-url=" + this.fusionAuth.baseUrl(),
					"offline-auth.jwks.bundled=" + bundle.toUri())
			.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output).containsOnlyOnce("No offline-auth.jwks.snapshot is configured")
			.contains("trusts the bundled keys again", "Set offline-auth.jwks.snapshot");
	}

}
