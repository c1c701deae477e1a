package dev.offlineauth.revocation;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import io.fusionauth.jwt.hmac.HMACSigner;
import io.fusionauth.jwt.rsa.RSASigner;
import io.fusionauth.pem.domain.PEM;
import org.junit.jupiter.api.Test;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.revocation.WebhookSignature.Verdict;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.test.Webhooks;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code X-FusionAuth-Signature-JWT} as FusionAuth signs it, and every way to get it wrong. */
class WebhookSignatureTests {

	private static final TestKey WEBHOOK_KEY = TestKey.rsa("webhook-key");

	private static final TestKey TOKEN_KEY = TestKey.rsa("token-key");

	private static final TestKey EC_WEBHOOK_KEY = TestKey.ec256("ec-webhook-key");

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
			JWSAlgorithm.Ed25519, JWSAlgorithm.EdDSA);

	private static final byte[] BODY = Webhooks.revokeUser("user-1", java.time.Instant.parse("2030-01-01T00:00:00Z"))
		.json()
		.getBytes(StandardCharsets.UTF_8);

	private final CountingKeys keys = new CountingKeys(ring(WEBHOOK_KEY, TOKEN_KEY, EC_WEBHOOK_KEY));

	private final WebhookSignature signature = new WebhookSignature(this.keys,
			Set.of("webhook-key", "ec-webhook-key", "rotated-in-key"), ALGORITHMS);

	private static KeyRing ring(TestKey... keys) {
		try {
			return new JwksReader(ALGORITHMS).read(TestKey.jwks(keys), KeySource.REMOTE);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aSignatureByAnAllowedKeyOverTheBodyIsValid() {
		assertThat(this.signature.verify(Webhooks.sign(WEBHOOK_KEY.signer(), BODY), BODY)).isEqualTo(Verdict.VALID);
		assertThat(this.signature.verify(Webhooks.sign(EC_WEBHOOK_KEY.signer(), BODY), BODY)).isEqualTo(Verdict.VALID);
	}

	@Test
	void aMissingOrEmptyHeaderIsInvalid() {
		assertThat(this.signature.verify(null, BODY)).isEqualTo(Verdict.INVALID);
		assertThat(this.signature.verify("", BODY)).isEqualTo(Verdict.INVALID);
		assertThat(this.signature.verify("not.a.jwt", BODY)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void aBodyChangedAfterSigningIsInvalid() {
		String header = Webhooks.sign(WEBHOOK_KEY.signer(), BODY);
		byte[] changed = new String(BODY, StandardCharsets.UTF_8).replace("user-1", "user-2")
			.getBytes(StandardCharsets.UTF_8);

		assertThat(this.signature.verify(header, changed)).isEqualTo(Verdict.INVALID);
		assertThat(this.signature.verify(header, new byte[0])).isEqualTo(Verdict.INVALID);
	}

	@Test
	void aKeyOfTheRingThatIsNotAllowedToSignWebhooksIsInvalid() {
		assertThat(this.signature.verify(Webhooks.sign(TOKEN_KEY.signer(), BODY), BODY)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void theWrongKeyUnderAnAllowedKidIsInvalid() {
		TestKey impostor = TestKey.rsa("other");
		RSASigner forged = RSASigner.newSHA256Signer(impostor.privateKey(), "webhook-key");

		assertThat(this.signature.verify(Webhooks.sign(forged, BODY), BODY)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void algNoneIsInvalidInAnySpelling() {
		String payload = "{\"request_body_sha256\":\"" + Webhooks.sha256(BODY) + "\"}";
		for (String alg : new String[] { "none", "None", "NONE" }) {
			String unsigned = Tokens.raw("{\"alg\":\"" + alg + "\",\"kid\":\"webhook-key\"}", payload, new byte[0]);
			assertThat(this.signature.verify(unsigned, BODY)).as(alg).isEqualTo(Verdict.INVALID);
		}
	}

	@Test
	void hs256KeyedWithThePublicKeyIsInvalid() {
		HMACSigner withPem = HMACSigner.newSHA256Signer(PEM.encode(WEBHOOK_KEY.publicKey()).getBytes(StandardCharsets.UTF_8),
				"webhook-key");
		HMACSigner withDer = HMACSigner.newSHA256Signer(WEBHOOK_KEY.publicKey().getEncoded(), "webhook-key");

		assertThat(this.signature.verify(Webhooks.sign(withPem, BODY), BODY)).isEqualTo(Verdict.INVALID);
		assertThat(this.signature.verify(Webhooks.sign(withDer, BODY), BODY)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void anRsaKeyUsedWithAnotherAlgorithmThanItsOwnIsInvalid() {
		RSASigner rs512 = RSASigner.newSHA512Signer(WEBHOOK_KEY.privateKey(), "webhook-key");

		assertThat(this.signature.verify(Webhooks.sign(rs512, BODY), BODY)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void aDigestThatIsNotBase64OrNotAStringIsInvalid() {
		for (String payload : new String[] { "{\"request_body_sha256\":\"%%%\"}", "{\"request_body_sha256\":42}", "{}",
				"[1,2]" }) {
			String header = io.fusionauth.jwt.domain.JWT.getEncoder()
				.encode(new io.fusionauth.jwt.domain.JWT().addClaim("x", 1), WEBHOOK_KEY.signer(),
						(h) -> h.set("kid", "webhook-key"));
			String[] parts = header.split("\\.");
			String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
				.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
			assertThat(this.signature.verify(tampered, BODY)).as(payload).isEqualTo(Verdict.INVALID);
		}
	}

	@Test
	void anAllowedKidTheRingLacksAsksForOneFetchAndThenIsUnavailable() {
		TestKey rotatedIn = TestKey.rsa("rotated-in-key");

		assertThat(this.signature.verify(Webhooks.sign(rotatedIn.signer(), BODY), BODY))
			.isEqualTo(Verdict.KEY_UNAVAILABLE);
		assertThat(this.keys.refetches).hasValue(1);
	}

	@Test
	void anAllowedKidFetchedOnDemandVerifies() {
		TestKey rotatedIn = TestKey.rsa("rotated-in-key");
		this.keys.afterRefetch = ring(WEBHOOK_KEY, rotatedIn);

		assertThat(this.signature.verify(Webhooks.sign(rotatedIn.signer(), BODY), BODY)).isEqualTo(Verdict.VALID);
	}

	@Test
	void aKidThatIsNotAllowedNeverCausesAFetch() {
		TestKey stranger = TestKey.rsa("stranger");

		assertThat(this.signature.verify(Webhooks.sign(stranger.signer(), BODY), BODY)).isEqualTo(Verdict.INVALID);
		assertThat(this.keys.refetches).hasValue(0);
	}

	@Test
	void anOversizedHeaderIsNotEvenParsed() {
		assertThat(this.signature.verify("a".repeat(20_000), BODY)).isEqualTo(Verdict.INVALID);
	}

	/** Keys that change only when asked to fetch, counting how often they are. */
	static final class CountingKeys implements KeyRingProvider {

		final AtomicInteger refetches = new AtomicInteger();

		private final KeyRing ring;

		KeyRing afterRefetch;

		CountingKeys(KeyRing ring) {
			this.ring = ring;
		}

		@Override
		public KeyRing current() {
			return this.ring;
		}

		@Override
		public KeyRing refetch(String kid) {
			this.refetches.incrementAndGet();
			return (this.afterRefetch != null) ? this.afterRefetch : this.ring;
		}

	}

}
