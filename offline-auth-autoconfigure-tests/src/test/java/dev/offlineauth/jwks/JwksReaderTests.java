package dev.offlineauth.jwks;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offlineauth.jwks.JwksException.Reason;
import dev.offlineauth.test.TestKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JwksReaderTests {

	private static final TestKey RSA = TestKey.rsa("rsa-1");

	private static final TestKey EC = TestKey.ec256("ec-1");

	private static final TestKey ED = TestKey.ed25519();

	private final JwksReader reader = new JwksReader(
			Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.Ed25519, JWSAlgorithm.EdDSA));

	@Test
	void preparesRsaEcAndEd25519KeysForTheirAlgorithms() throws JwksException {
		KeyRing ring = this.reader.read(TestKey.jwks(RSA, EC, ED), KeySource.REMOTE);

		assertThat(ring.kids()).containsExactly("rsa-1", "ec-1", ED.kid());
		assertThat(ring.source()).isEqualTo(KeySource.REMOTE);
		assertThat(ring.find("rsa-1").algorithms()).containsExactly(JWSAlgorithm.RS256);
		assertThat(ring.find("ec-1").algorithms()).containsExactly(JWSAlgorithm.ES256);
		assertThat(ring.find(ED.kid()).algorithms()).containsExactlyInAnyOrder(JWSAlgorithm.Ed25519, JWSAlgorithm.EdDSA);
		assertThat(ring.find(ED.kid()).publicKey().getEncoded()).isEqualTo(ED.publicKey().getEncoded());
	}

	@Test
	void aKeyIsPreparedOnceAndTheSameVerifierServesEveryLookup() throws JwksException {
		KeyRing ring = this.reader.read(TestKey.jwks(RSA), KeySource.REMOTE);
		VerificationKey key = ring.find("rsa-1");

		assertThat(key.verifierFor(JWSAlgorithm.RS256)).isSameAs(key.verifierFor(JWSAlgorithm.RS256));
		assertThat(key.asCandidates()).isSameAs(key.asCandidates()).containsExactly(key.publicKey());
	}

	@Test
	void onlyAllowedAlgorithmsGetVerifiers() throws JwksException {
		JwksReader rsaOnly = new JwksReader(Set.of(JWSAlgorithm.RS256));

		KeyRing ring = rsaOnly.read(TestKey.jwks(RSA, EC), KeySource.REMOTE);

		assertThat(ring.kids()).containsExactly("rsa-1");
		assertThat(ring.find("rsa-1").verifierFor(JWSAlgorithm.RS512)).isNull();
	}

	@Test
	void aKeyThatNamesItsAlgorithmServesThatAlgorithmOnly() throws JwksException {
		JwksReader allRsa = new JwksReader(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS512));

		KeyRing ring = allRsa.read(TestKey.jwks(RSA), KeySource.REMOTE);

		assertThat(ring.find("rsa-1").algorithms()).containsExactly(JWSAlgorithm.RS256);
	}

	@Test
	void aDocumentWithAPrivateKeyIsRefusedWhole() throws Exception {
		RSAKey privateKey = new RSAKeyGenerator(2048).keyID("leaked").generate();
		String json = "{\"keys\":[" + RSA.publicJwk().toJSONString() + "," + privateKey.toJSONString() + "]}";

		assertThatExceptionOfType(JwksException.class).isThrownBy(() -> this.reader.read(json, KeySource.REMOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.PRIVATE_KEY));
	}

	@Test
	void aDocumentWithASymmetricKeyIsRefusedWhole() {
		OctetSequenceKey secret = new OctetSequenceKey.Builder(new byte[32]).keyID("hmac").build();
		String json = "{\"keys\":[" + RSA.publicJwk().toJSONString() + "," + secret.toJSONString() + "]}";

		assertThatExceptionOfType(JwksException.class).isThrownBy(() -> this.reader.read(json, KeySource.REMOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.PRIVATE_KEY));
	}

	@ParameterizedTest
	@ValueSource(strings = { "<html><body>Bad gateway</body></html>", "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"a\"",
			"", "[]", "{\"nokeys\":true}", "{\"keys\":\"no\"}", "{\"keys\":[1,2]}" })
	void aBodyThatIsNotAJwksIsMalformed(String body) {
		assertThatExceptionOfType(JwksException.class).isThrownBy(() -> this.reader.read(body, KeySource.REMOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED));
	}

	@Test
	void anEmptySetHasNoUsableKeys() {
		assertThatExceptionOfType(JwksException.class)
			.isThrownBy(() -> this.reader.read("{\"keys\":[]}", KeySource.REMOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_USABLE_KEYS));
	}

	@Test
	void keysThatCannotServeAreSkipped() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(1024);
		String weak = new RSAKey.Builder((RSAPublicKey) generator.generateKeyPair().getPublic()).keyID("weak")
			.build()
			.toJSONString();
		String encryption = new RSAKey.Builder((RSAPublicKey) RSA.publicKey()).keyID("enc")
			.keyUse(KeyUse.ENCRYPTION)
			.build()
			.toJSONString();
		String noKid = new RSAKey.Builder((RSAPublicKey) RSA.publicKey()).build().toJSONString();
		String unknownType = "{\"kty\":\"XYZ\",\"kid\":\"strange\"}";
		String json = "{\"keys\":[" + String.join(",", weak, encryption, noKid, unknownType,
				EC.publicJwk().toJSONString()) + "]}";

		KeyRing ring = this.reader.read(json, KeySource.REMOTE);

		assertThat(ring.kids()).containsExactly("ec-1");
	}

	@Test
	void onlyUnusableKeysMeansNoUsableKeys() {
		String json = "{\"keys\":[{\"kty\":\"XYZ\",\"kid\":\"strange\"}]}";

		assertThatExceptionOfType(JwksException.class).isThrownBy(() -> this.reader.read(json, KeySource.REMOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_USABLE_KEYS));
	}

	@Test
	void twoKeysWithTheSameKidAreRefused() {
		TestKey other = TestKey.rsa("rsa-1");

		assertThatExceptionOfType(JwksException.class)
			.isThrownBy(() -> this.reader.read(TestKey.jwks(RSA, other), KeySource.REMOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED));
	}

	@Test
	void theRingKeepsThePublicDocumentOnly() throws JwksException {
		KeyRing ring = this.reader.read(TestKey.jwks(RSA), KeySource.REMOTE);

		assertThat(ring.jwksJson()).contains("\"kid\":\"rsa-1\"").doesNotContain("\"d\"");
	}

	@Test
	void notSupportedAlgorithmsAreRejectedUpFront() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new JwksReader(Set.of(JWSAlgorithm.HS256)));
	}

}
