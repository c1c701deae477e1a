package dev.offlineauth.jwt;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decoder's own base64url decoding, four characters at a time: every length of a part (a full last
 * group, two or three characters left over) decodes to exactly the bytes that were encoded, and a
 * character outside the alphabet is refused wherever in its group it stands.
 */
class RingDecoderBase64Tests {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static KeyPair pair;

	private static RingDecoder decoder;

	@BeforeAll
	static void key() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		pair = generator.generateKeyPair();
		String jwks = "{\"keys\":[" + new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID("k1")
			.algorithm(JWSAlgorithm.RS256)
			.keyUse(KeyUse.SIGNATURE)
			.build()
			.toJSONString() + "]}";
		Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256);
		decoder = new RingDecoder(new JwksReader(algorithms).read(jwks, KeySource.REMOTE), algorithms);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 4, 5, 6, 7 })
	void everyPartLengthDecodesToWhatWasEncoded(int padding) throws Exception {
		String subject = "é✓".repeat(padding) + "x".repeat(padding);
		String token = sign("{\"alg\":\"RS256\",\"kid\":\"k1\"" + " ".repeat(padding) + "}",
				"{\"sub\":\"" + subject + "\",\"exp\":4102444800,\"iat\":1700000000}");

		VerifiedToken verified = decoder.verify(token);

		assertThat(verified.jwt().getSubject()).isEqualTo(subject);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 4, 5, 6 })
	void aCharacterOutsideTheAlphabetIsRefusedAtAnyPositionOfItsGroup(int position) throws Exception {
		String token = sign("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"sub\":\"u\",\"exp\":4102444800}");
		int payloadStart = token.indexOf('.') + 1;
		for (char bad : new char[] { '+', '/', '=', '.', '\u00e9', '\u2713', '\u0000' }) {
			StringBuilder tampered = new StringBuilder(token);
			tampered.setCharAt(payloadStart + position, bad);
			assertThatExceptionOfType(OfflineAuthRefusalException.class)
				.as("%s at payload position %d", bad, position)
				.isThrownBy(() -> decoder.verify(tampered.toString()));
		}
	}

	private static String sign(String header, String payload) throws Exception {
		String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(pair.getPrivate());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + BASE64URL.encodeToString(signature.sign());
	}

}
