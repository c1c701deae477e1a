package dev.offlineauth.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.jwt.OfflineAuthRefusalException;
import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.jwt.TokenValidators;
import dev.offlineauth.jwt.VerifiedJwt;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.OfflineAuthenticationToken;
import dev.offlineauth.web.OfflineJwtAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the token path. Whatever the bytes, the decoder either accepts a token that passes every check,
 * or refuses it with a {@link OfflineAuthRefusalException}: any other exception (the server's 500) is a
 * finding.
 *
 * <p>In {@code ./mvnw verify} these run the saved inputs under {@code TokenFuzzTestsInputs}; with
 * {@code JAZZER_FUZZ=1} they fuzz (see the README).
 */
class TokenFuzzTests {

	private static final TestKey RSA = TestKey.rsa("fuzz-rsa");

	private static final TestKey EC = TestKey.ec256("fuzz-ec");

	private static final TestKey ED = TestKey.ed25519();

	private static final OfflineJwtDecoder DECODER = decoder();

	private static final OfflineJwtAuthenticationConverter CONVERTER = new OfflineJwtAuthenticationConverter("roles",
			"ROLE_", "sub");

	private static OfflineJwtDecoder decoder() {
		try {
			Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.Ed25519,
					JWSAlgorithm.EdDSA);
			TimeSource time = TimeSource.system();
			OfflineState state = new OfflineState(time);
			// Offline, so that grace is reachable too.
			state.offline();
			OfflinePolicy policy = state.policy();
			return new OfflineJwtDecoder(
					new StaticKeyRingProvider(new JwksReader(algorithms).read(TestKey.jwks(RSA, EC, ED), KeySource.REMOTE)),
					policy, algorithms, TokenValidators.of(Tokens.ISSUER, List.of(Tokens.AUDIENCE), "sub", List.of()));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Any string as a bearer token. */
	@FuzzTest(maxDuration = "2m")
	void anyToken(byte[] input) {
		decode(new String(input, StandardCharsets.UTF_8));
	}

	/**
	 * Any header and payload (split at the first line break), validly signed with a trusted key, so that
	 * the fuzzer reaches the header and claim checks behind the signature.
	 */
	@FuzzTest(maxDuration = "2m")
	void anySignedHeaderAndPayload(byte[] input) throws Exception {
		String text = new String(input, StandardCharsets.UTF_8);
		int split = text.indexOf('\n');
		String header = (split < 0) ? text : text.substring(0, split);
		String payload = (split < 0) ? "" : text.substring(split + 1);
		String signingInput = base64(header) + "." + base64(payload);
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(RSA.privateKey());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		VerifiedJwt accepted = decode(signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign()));
		if (accepted != null) {
			assertThat(accepted.getClaimAsString("iss")).isEqualTo(Tokens.ISSUER);
			assertThat(accepted.getAudience()).contains(Tokens.AUDIENCE);
			assertThat(accepted.getExpiresAt()).isNotNull();
			assertThat(accepted.getHeaders().get("kid")).isEqualTo("fuzz-rsa");
		}
	}

	/**
	 * Any claims, under the header FusionAuth writes, validly signed, and then through the authentication
	 * converter as a request would go: a claim of the wrong type ({@code roles} of numbers, a principal that
	 * is an object) is a bad token at one of the two, never another exception.
	 */
	@FuzzTest(maxDuration = "2m")
	void anySignedClaims(byte[] input) throws Exception {
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"fuzz-rsa\"}";
		String signingInput = base64(header) + "." + base64(new String(input, StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(RSA.privateKey());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		VerifiedJwt accepted = decode(signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign()));
		if (accepted != null) {
			try {
				OfflineAuthenticationToken authentication = CONVERTER.convert(accepted);
				assertThat(authentication.getName()).isNotBlank();
				assertThat(authentication.getAuthorities()).allSatisfy((authority) -> assertThat(authority.getAuthority()).startsWith("ROLE_"));
			}
			catch (InvalidBearerTokenException refused) {
				// A bad token, answered 401 invalid_token.
			}
		}
	}

	private static VerifiedJwt decode(String token) {
		try {
			return DECODER.decode(token);
		}
		catch (OfflineAuthRefusalException refused) {
			return null;
		}
	}

	private static String base64(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
