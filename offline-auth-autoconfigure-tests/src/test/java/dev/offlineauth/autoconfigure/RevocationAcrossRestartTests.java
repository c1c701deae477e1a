package dev.offlineauth.autoconfigure;

import java.nio.charset.StandardCharsets;
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

import dev.offlineauth.jwt.OfflineAuthRefusalException;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.revocation.RevocationWebhook;
import dev.offlineauth.revocation.WebhookOutcome;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.test.Webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A revocation received before a restart during an outage: the snapshot file carries the cutoff, so the
 * restarted service, which cannot reach FusionAuth, still refuses the revoked token.
 */
class RevocationAcrossRestartTests {

	private static final TestKey TOKEN_KEY = TestKey.rsa("token-key");

	private static final TestKey WEBHOOK_KEY = TestKey.rsa("webhook-key");

	private static final Instant FIRST_RUN = Instant.parse("2030-03-01T08:00:00Z");

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	@TempDir
	Path directory;

	@AfterEach
	void stop() {
		this.fusionAuth.close();
	}

	private WebApplicationContextRunner service(ManualClock time, Path snapshot) {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class,
					OfflineAuthRevocationAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withBean(TimeSource.class, time::timeSource)
			.withPropertyValues("offline-auth.issuer=" + Tokens.ISSUER, "offline-auth.audiences=" + Tokens.AUDIENCE,
					"offline-auth.fusionauth.base-url=" + this.fusionAuth.baseUrl(),
					"offline-auth.fusionauth.connect-timeout=2s", "offline-auth.fusionauth.read-timeout=2s",
					"offline-auth.jwks.snapshot=" + snapshot, "offline-auth.revocation.enabled=true",
					"offline-auth.revocation.webhook.signing-key-ids=" + WEBHOOK_KEY.kid());
	}

	@Test
	void cutoffsSurviveARestartDuringAnOutage() throws Exception {
		Path snapshot = this.directory.resolve("state/snapshot.json");
		this.fusionAuth.serveKeys(TOKEN_KEY, WEBHOOK_KEY);
		String revoked = Tokens.token(TOKEN_KEY, FIRST_RUN.minusSeconds(60))
			.subject("revoked-user")
			.expiresAt(FIRST_RUN.plus(Duration.ofHours(1)))
			.sign();
		String spared = Tokens.token(TOKEN_KEY, FIRST_RUN.minusSeconds(60))
			.expiresAt(FIRST_RUN.plus(Duration.ofHours(1)))
			.sign();

		service(new ManualClock(FIRST_RUN), snapshot).run((first) -> {
			assertThat(first).hasNotFailed();
			await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(snapshot));
			String body = Webhooks.revokeUser("revoked-user", FIRST_RUN).json();
			WebhookOutcome outcome = first.getBean(RevocationWebhook.class)
				.receive(Webhooks.sign(WEBHOOK_KEY, body), body.getBytes(StandardCharsets.UTF_8));
			assertThat(outcome).isEqualTo(WebhookOutcome.APPLIED);
			assertThat(Files.readString(snapshot)).contains("\"cutoffs\"", "revoked-user");
		});

		this.fusionAuth.stop();
		// The file was written during the first run, by its clock.
		Files.setLastModifiedTime(snapshot, FileTime.from(FIRST_RUN));
		ManualClock restarted = new ManualClock(FIRST_RUN.plus(Duration.ofMinutes(10)));
		service(restarted, snapshot).run((second) -> {
			assertThat(second.getBean(CutoffTable.class).size()).isOne();
			JwtDecoder decoder = second.getBean(JwtDecoder.class);

			assertThatExceptionOfType(OfflineAuthRefusalException.class).isThrownBy(() -> decoder.decode(revoked))
				.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.TOKEN_REVOKED));
			assertThat(decoder.decode(spared).getSubject()).isEqualTo(Tokens.SUBJECT);
		});
	}

	@Test
	void expiredCutoffsAreNotRestored() throws Exception {
		Path snapshot = this.directory.resolve("snapshot.json");
		this.fusionAuth.serveKeys(TOKEN_KEY, WEBHOOK_KEY);
		service(new ManualClock(FIRST_RUN), snapshot).run((first) -> {
			await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(snapshot));
			String body = Webhooks.revokeUser("revoked-user", FIRST_RUN).json();
			first.getBean(RevocationWebhook.class).receive(Webhooks.sign(WEBHOOK_KEY, body), body.getBytes(StandardCharsets.UTF_8));
		});

		Files.setLastModifiedTime(snapshot, FileTime.from(FIRST_RUN));
		// max-token-lifetime 1h + clock-skew 60s + grace 24h later, the cutoff has ended.
		service(new ManualClock(FIRST_RUN.plus(Duration.ofHours(25).plusMinutes(2))), snapshot)
			.run((second) -> assertThat(second.getBean(CutoffTable.class).live()).isEmpty());
	}

	@Test
	void aSnapshotWhoseCutoffsAreDamagedStillGivesItsKeys() throws Exception {
		Path snapshot = this.directory.resolve("snapshot.json");
		this.fusionAuth.serveKeys(TOKEN_KEY, WEBHOOK_KEY);
		service(new ManualClock(FIRST_RUN), snapshot)
			.run((first) -> await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(snapshot)));
		String json = Files.readString(snapshot);
		assertThat(json).contains("\"cutoffs\":[]");
		Files.writeString(snapshot, json.replace("\"cutoffs\":[]", "\"cutoffs\":[{\"userId\":\"x:y\",\"at\":1,\"expiresAt\":2}]"));
		Files.setLastModifiedTime(snapshot, FileTime.from(FIRST_RUN));
		this.fusionAuth.stop();

		service(new ManualClock(FIRST_RUN.plusSeconds(60)), snapshot).run((second) -> {
			assertThat(second.getBean(CutoffTable.class).live()).isEmpty();
			assertThat(second.getBean(JwtDecoder.class).decode(Tokens.token(TOKEN_KEY, FIRST_RUN).sign()).getSubject())
				.isEqualTo(Tokens.SUBJECT);
		});
	}

}
