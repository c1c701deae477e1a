package dev.offlineauth.revocation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Webhooks;

import static org.assertj.core.api.Assertions.assertThat;

/** One webhook from signature to cutoff, without any web stack. */
class RevocationWebhookTests {

	private static final TestKey WEBHOOK_KEY = TestKey.rsa("webhook-key");

	private static final TestKey OTHER_KEY = TestKey.rsa("other-key");

	private final ManualClock time = new ManualClock(Instant.parse("2030-01-01T10:00:00Z"));

	private final CutoffTable table = new CutoffTable(this.time.timeSource().wallClock());

	private final FlakyStore store = new FlakyStore();

	private final AtomicInteger keyFetches = new AtomicInteger();

	private final List<String> observed = new CopyOnWriteArrayList<>();

	private final RevocationWebhook webhook = new RevocationWebhook(signature(),
			new EventCutoffs(Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofHours(24)), this.table, this.store,
			this.keyFetches::incrementAndGet, (type, outcome) -> this.observed.add(type.value() + "/" + outcome.value()));

	private static WebhookSignature signature() {
		try {
			Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256);
			return new WebhookSignature(new StaticKeyRingProvider(new JwksReader(algorithms)
				.read(TestKey.jwks(WEBHOOK_KEY, OTHER_KEY), KeySource.REMOTE)), Set.of("webhook-key"), algorithms);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private WebhookOutcome deliver(String body) {
		return deliver(body, Webhooks.sign(WEBHOOK_KEY, body));
	}

	private WebhookOutcome deliver(String body, String signature) {
		return this.webhook.receive(signature, body.getBytes(StandardCharsets.UTF_8));
	}

	private boolean revoked(String user, Instant issuedAt) {
		return this.table.isRevoked(Webhooks.TENANT, user, "app-1", issuedAt.toEpochMilli());
	}

	@Test
	void aSignedRevocationIsAppliedAndShared() {
		WebhookOutcome outcome = deliver(Webhooks.revokeUser("user-1", this.time.now()).json());

		assertThat(outcome).isEqualTo(WebhookOutcome.APPLIED);
		assertThat(revoked("user-1", this.time.now())).isTrue();
		assertThat(this.store.shared).hasSize(1);
		assertThat(this.observed).containsExactly("jwt.refresh-token.revoke/applied");
	}

	@Test
	void aBadSignatureAppliesNothingAndIsNotEvenRead() {
		String body = Webhooks.revokeUser("user-1", this.time.now()).json();

		assertThat(deliver(body, null)).isEqualTo(WebhookOutcome.INVALID_SIGNATURE);
		assertThat(deliver(body, Webhooks.sign(OTHER_KEY, body))).isEqualTo(WebhookOutcome.INVALID_SIGNATURE);
		assertThat(deliver(body, Webhooks.sign(WEBHOOK_KEY, body.replace("user-1", "user-2"))))
			.isEqualTo(WebhookOutcome.INVALID_SIGNATURE);
		assertThat(this.table.live()).isEmpty();
		assertThat(this.store.shared).isEmpty();
		assertThat(this.observed).containsOnly("unknown/invalid_signature");
	}

	@Test
	void aSignedBodyThatIsNotJsonIsMalformed() {
		assertThat(deliver("{\"event\": {\"type\": ")).isEqualTo(WebhookOutcome.MALFORMED);
		assertThat(this.table.live()).isEmpty();
	}

	@Test
	void anEventThatCannotMakeACutoffIsMalformed() {
		assertThat(deliver(Webhooks.event("user.delete", this.time.now()).json())).isEqualTo(WebhookOutcome.MALFORMED);
		assertThat(this.observed).containsExactly("user.delete/malformed");
	}

	@Test
	void anUnknownTypeIsAcknowledgedAndIgnored() {
		assertThat(deliver(Webhooks.event("user.login.success", this.time.now()).with("userId", "user-1").json()))
			.isEqualTo(WebhookOutcome.IGNORED);
		assertThat(this.table.live()).isEmpty();
		assertThat(this.observed).containsExactly("other/ignored");
	}

	@Test
	void theSameEventTwiceIsADuplicateThatChangesNothing() {
		String body = Webhooks.revokeUser("user-1", this.time.now()).json();

		assertThat(deliver(body)).isEqualTo(WebhookOutcome.APPLIED);
		List<Cutoff> after = this.table.live();
		assertThat(deliver(body)).isEqualTo(WebhookOutcome.DUPLICATE);
		assertThat(this.table.live()).isEqualTo(after);
		assertThat(this.store.shared).hasSize(1);
	}

	@Test
	void aKeyUpdateStartsAKeyFetch() {
		assertThat(deliver(Webhooks.event("jwt.public-key.update", this.time.now())
			.with("applicationIds", List.of("app-1"))
			.with("keyId", "509ca598-1303-417e-9285-8745771ecb8c")
			.json())).isEqualTo(WebhookOutcome.APPLIED);
		assertThat(this.keyFetches).hasValue(1);
		assertThat(this.table.live()).isEmpty();
	}

	@Test
	void aCutoffThatHasAlreadyEndedIsAcknowledgedAsExpired() {
		Instant longAgo = this.time.now().minus(Duration.ofDays(3));

		assertThat(deliver(Webhooks.revokeUser("user-1", longAgo).json())).isEqualTo(WebhookOutcome.EXPIRED);
		assertThat(this.table.live()).isEmpty();
	}

	@Test
	void whenTheStoreCannotTakeItTheCutoffStillAppliesHereAndADeliveryAgainRetriesIt() {
		this.store.up = false;
		String body = Webhooks.revokeUser("user-1", this.time.now()).json();

		assertThat(deliver(body)).isEqualTo(WebhookOutcome.STORE_UNAVAILABLE);
		assertThat(revoked("user-1", this.time.now())).isTrue();

		this.store.up = true;
		assertThat(deliver(body)).as("not remembered as a duplicate").isEqualTo(WebhookOutcome.APPLIED);
		assertThat(this.store.shared).hasSize(1);
	}

	@Test
	void oversizedBodiesAreReported() {
		assertThat(this.webhook.tooLarge()).isEqualTo(WebhookOutcome.TOO_LARGE);
		assertThat(this.observed).containsExactly("unknown/too_large");
	}

	@Test
	void logLinesNameOnlyIds() {
		assertThat(RevocationWebhook.describe(new Cutoff("t-1", "u-1", null, 1, 2)))
			.isEqualTo("user u-1 of tenant t-1 in every application");
		assertThat(RevocationWebhook.describe(new Cutoff(null, null, "a-1", 1, 2)))
			.isEqualTo("every user in application a-1");
	}

	/** A store that can be taken down. */
	static final class FlakyStore implements CutoffStore {

		final List<Cutoff> shared = new CopyOnWriteArrayList<>();

		volatile boolean up = true;

		@Override
		public boolean share(Cutoff cutoff) {
			if (this.up) {
				this.shared.add(cutoff);
			}
			return this.up;
		}

		@Override
		public String name() {
			return "flaky";
		}

		@Override
		public Boolean reachable() {
			return this.up;
		}

	}

	@Test
	void anEventsLifetimesMayNameTheApplication() {
		String body = Webhooks.event("jwt.refresh-token.revoke", this.time.now())
			.with("userId", "user-1")
			.with("applicationId", "app-1")
			.with("applicationTimeToLiveInSeconds", Map.of("app-1", 600))
			.json();

		deliver(body);

		assertThat(this.table.live()).singleElement()
			.satisfies((cutoff) -> assertThat(cutoff.expiresAt() - cutoff.at())
				.isEqualTo(Duration.ofSeconds(600 + 60).plusHours(24).toMillis()));
	}

}
