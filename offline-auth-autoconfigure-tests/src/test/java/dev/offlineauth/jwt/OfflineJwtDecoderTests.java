package dev.offlineauth.jwt;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import io.fusionauth.jwt.hmac.HMACSigner;
import io.fusionauth.jwt.rsa.RSASigner;
import io.fusionauth.pem.domain.PEM;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import dev.offlineauth.jwks.HttpJwksClient;
import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TokenStatus;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decoder with tokens minted by fusionauth-jwt, and with the classic attacks on JWT libraries.
 */
class OfflineJwtDecoderTests {

	private static final TestKey RSA = TestKey.rsa("rsa-key");

	private static final TestKey EC = TestKey.ec256("ec-key");

	private static final TestKey ED = TestKey.ed25519();

	private static final TestKey ROTATED = TestKey.rsa("rotated-key");

	private final ManualClock time = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	private final JwksReader reader = new JwksReader(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.Ed25519,
			JWSAlgorithm.EdDSA));

	private final OfflineState state = new OfflineState(this.time.timeSource());

	private final OfflinePolicy policy = this.state.policy();

	private final RefreshingKeyRingProvider keys = new RefreshingKeyRingProvider(
			new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofMillis(500), Duration.ofMillis(500), 65536),
			this.reader, this.state.contacts(), KeyRing.empty(),
			new RefreshingKeyRingProvider.Settings(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(1)),
			this.time.timeSource()::nanoTime, Runnable::run, List.of());

	private final OfflineJwtDecoder decoder = decoder(this.keys);

	OfflineJwtDecoderTests() throws Exception {
		this.fusionAuth.serveKeys(RSA, EC, ED);
		this.keys.refresh().get();
	}

	@AfterEach
	void stop() {
		this.fusionAuth.close();
	}

	@Test
	void acceptsRs256TokensMintedByFusionAuthsLibrary() {
		VerifiedJwt jwt = this.decoder.decode(Tokens.token(RSA, this.time.now()).sign());

		assertThat(jwt.getSubject()).isEqualTo(Tokens.SUBJECT);
		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("user");
		assertThat(jwt.getTokenStatus()).isEqualTo(TokenStatus.FRESH);
		assertThat(jwt.getKeySource()).isEqualTo(KeySource.REMOTE);
	}

	@Test
	void acceptsEs256Tokens() {
		assertThat(this.decoder.decode(Tokens.token(EC, this.time.now()).sign()).getSubject())
			.isEqualTo(Tokens.SUBJECT);
	}

	@Test
	void acceptsEd25519TokensUnderTheAlgorithmNameFusionAuthsLibraryWrites() {
		String token = Tokens.token(ED, this.time.now()).sign();

		assertThat(header(token)).contains("\"alg\":\"Ed25519\"");
		assertThat(this.decoder.decode(token).getSubject()).isEqualTo(Tokens.SUBJECT);
	}

	@Test
	void acceptsEd25519TokensUnderTheOlderNameEdDsa() throws Exception {
		String header = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + ED.kid() + "\"}";
		String token = signed(header, payload(this.time.now().plusSeconds(600)), "Ed25519");

		assertThat(this.decoder.decode(token).getSubject()).isEqualTo(Tokens.SUBJECT);
	}

	@Test
	void acceptsAnAudienceListWhenOneValueIsAccepted() {
		String token = Tokens.token(RSA, this.time.now()).audience(List.of("other-app", Tokens.AUDIENCE)).sign();

		assertThat(this.decoder.decode(token).getAudience()).contains(Tokens.AUDIENCE);
	}

	@Test
	void refusesAlgNone() {
		String token = Tokens.raw("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"rsa-key\"}",
				payload(this.time.now().plusSeconds(600)), new byte[0]);

		assertRefused(token, Refusal.INVALID_TOKEN);
		assertRefused(token.substring(0, token.lastIndexOf('.') + 1), Refusal.INVALID_TOKEN);
	}

	@Test
	void refusesHs256SignedWithTheRsaPublicKey() {
		String pem = PEM.encode(RSA.publicKey());
		String withPem = Tokens
			.token(HMACSigner.newSHA256Signer(pem.getBytes(StandardCharsets.UTF_8), "rsa-key"), this.time.now())
			.sign();
		String withDer = Tokens.token(HMACSigner.newSHA256Signer(RSA.publicKey().getEncoded(), "rsa-key"),
				this.time.now())
			.sign();

		assertRefused(withPem, Refusal.INVALID_TOKEN);
		assertRefused(withDer, Refusal.INVALID_TOKEN);
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(1);
	}

	@Test
	void refusesATamperedPayload() {
		String token = Tokens.token(RSA, this.time.now()).roles("user").sign();
		String[] parts = token.split("\\.");
		String forged = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"user\"", "\"admin\"")
				.getBytes(StandardCharsets.UTF_8));

		assertRefused(parts[0] + "." + forged + "." + parts[2], Refusal.INVALID_TOKEN);
	}

	@Test
	void neverFetchesFromJkuOrX5uAndNeverTrustsAnEmbeddedKey() {
		TestKey attacker = TestKey.rsa("attacker-key");
		try (ScriptedFusionAuth attackerServer = new ScriptedFusionAuth()) {
			attackerServer.serveKeys(attacker);
			String jku = Tokens.token(attacker, this.time.now())
				.header("jku", attackerServer.jwksUri().toString())
				.sign();
			String x5u = Tokens.token(attacker, this.time.now())
				.header("x5u", attackerServer.baseUrl() + "/cert.pem")
				.sign();
			String jwk = Tokens.token(attacker, this.time.now())
				.header("jwk", attacker.publicJwk().toJSONObject())
				.sign();
			String knownKidWithEmbeddedKey = Tokens
				.token(RSASigner.newSHA256Signer(attacker.privateKey(), "rsa-key"), this.time.now())
				.header("jwk", attacker.publicJwk().toJSONObject())
				.header("jku", attackerServer.jwksUri().toString())
				.sign();

			assertRefused(jku, Refusal.INVALID_TOKEN);
			assertRefused(x5u, Refusal.INVALID_TOKEN);
			assertRefused(jwk, Refusal.INVALID_TOKEN);
			assertRefused(knownKidWithEmbeddedKey, Refusal.INVALID_TOKEN);
			assertThat(attackerServer.allRequests()).isZero();
		}
	}

	@Test
	void refusesAWrongIssuer() {
		assertRefused(Tokens.token(RSA, this.time.now()).issuer("evil.example").sign(), Refusal.INVALID_TOKEN);
	}

	@Test
	void refusesAWrongAudience() {
		assertRefused(Tokens.token(RSA, this.time.now()).audience("another-app").sign(), Refusal.INVALID_TOKEN);
	}

	@Test
	void refusesAnExpiredTokenWhileFusionAuthIsOnline() {
		String token = Tokens.token(RSA, this.time.now().minusSeconds(3600))
			.expiresAt(this.time.now().minusSeconds(61))
			.sign();

		assertRefused(token, Refusal.TOKEN_EXPIRED);
	}

	@Test
	void acceptsATokenExpiredWithinTheClockSkew() {
		String token = Tokens.token(RSA, this.time.now().minusSeconds(3600))
			.expiresAt(this.time.now().minusSeconds(60))
			.sign();

		assertThat(this.decoder.decode(token).getTokenStatus()).isEqualTo(TokenStatus.FRESH);
	}

	@Test
	void refusesATokenNotValidYet() {
		String token = Tokens.token(RSA, this.time.now()).notBefore(this.time.now().plusSeconds(61)).sign();

		assertRefused(token, Refusal.INVALID_TOKEN);
	}

	@Test
	void refusesATokenIssuedInTheFuture() {
		String token = Tokens.token(RSA, this.time.now().plusSeconds(120)).sign();

		assertRefused(token, Refusal.INVALID_TOKEN);
	}

	@Test
	void refusesTimeClaimsThatAreNotWholeSecondsWithinRange() throws Exception {
		// Found by the hostile-token corpus: Nimbus truncates fractions and takes any 64-bit value.
		long exp = this.time.now().getEpochSecond() + 600;
		for (String value : new String[] { exp + ".5", "6.0E9", "253402300800", "-1", "\"" + exp + "\"" }) {
			String payload = payload(this.time.now().plusSeconds(600)).replace("\"exp\":" + exp, "\"exp\":" + value);
			assertRefused(signed("{\"alg\":\"RS256\",\"kid\":\"rsa-key\"}", payload, "SHA256withRSA"),
					Refusal.INVALID_TOKEN);
		}
		String iatFraction = payload(this.time.now().plusSeconds(600)).replace("\"iat\":" + this.time.now().getEpochSecond(),
				"\"iat\":" + this.time.now().getEpochSecond() + ".25");
		assertRefused(signed("{\"alg\":\"RS256\",\"kid\":\"rsa-key\"}", iatFraction, "SHA256withRSA"), Refusal.INVALID_TOKEN);
	}

	@Test
	void refusesATokenWithoutSubject() {
		assertRefused(Tokens.token(RSA, this.time.now()).subject(null).sign(), Refusal.INVALID_TOKEN);
	}

	@Test
	void refusesAnOtherTypThanJwt() {
		assertRefused(Tokens.token(RSA, this.time.now()).header("typ", "at+jwt").sign(), Refusal.INVALID_TOKEN);
	}

	@Test
	void acceptsATokenWithoutTyp() throws Exception {
		String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-key\"}";
		String token = signed(header, payload(this.time.now().plusSeconds(600)), "SHA256withRSA");

		assertThat(this.decoder.decode(token).getSubject()).isEqualTo(Tokens.SUBJECT);
	}

	@Test
	void fetchesAnUnknownKidOnceAndAcceptsTheRotatedKey() {
		this.fusionAuth.serveKeys(RSA, ROTATED);

		VerifiedJwt jwt = this.decoder.decode(Tokens.token(ROTATED, this.time.now()).sign());

		assertThat(jwt.getKeySource()).isEqualTo(KeySource.REMOTE);
		assertThat(this.fusionAuth.jwksRequests()).isEqualTo(2);
	}

	@Test
	void aKeyDroppedByFusionAuthStopsVerifyingAfterTheNextRefresh() {
		String token = Tokens.token(EC, this.time.now()).expiresAt(this.time.now().plusSeconds(7200)).sign();
		this.decoder.decode(token);

		this.fusionAuth.serveKeys(RSA);
		this.time.advance(Duration.ofMinutes(16));
		this.keys.current();

		assertRefused(token, Refusal.INVALID_TOKEN);
	}

	@Test
	void refusesAnUnknownKidThatFusionAuthDoesNotHaveEither() {
		assertRefused(Tokens.token(ROTATED, this.time.now()).sign(), Refusal.INVALID_TOKEN);
	}

	@Test
	void reportsLastKnownGoodKeysWhileFusionAuthIsDown() {
		this.fusionAuth.stop();
		this.time.advance(Duration.ofMinutes(16));
		this.keys.current();

		VerifiedJwt jwt = this.decoder.decode(Tokens.token(RSA, this.time.now()).sign());

		assertThat(jwt.getKeySource()).isEqualTo(KeySource.LAST_KNOWN_GOOD);
	}

	@Test
	void reportsBundledKeys() throws Exception {
		KeyRing bundled = this.reader.read(TestKey.jwks(RSA), KeySource.BUNDLED);
		OfflineJwtDecoder bundledOnly = decoder(new StaticKeyRingProvider(bundled));

		assertThat(bundledOnly.decode(Tokens.token(RSA, this.time.now()).sign()).getKeySource())
			.isEqualTo(KeySource.BUNDLED);
	}

	@Test
	void withoutAnyKeyEveryTokenIsKeysUnavailable() {
		OfflineJwtDecoder noKeys = decoder(new StaticKeyRingProvider(KeyRing.empty()));

		assertRefused(noKeys, Tokens.token(RSA, this.time.now()).sign(), Refusal.KEYS_UNAVAILABLE);
	}

	@Test
	void refusesOversizedAndEmptyTokensBeforeParsing() {
		assertRefused("a".repeat(OfflineJwtDecoder.MAX_TOKEN_LENGTH + 1), Refusal.INVALID_TOKEN);
		assertRefused("", Refusal.INVALID_TOKEN);
	}

	@Test
	void aDecodedTokenIsAPlainSpringJwtToo() {
		Jwt jwt = this.decoder.decode(Tokens.token(RSA, this.time.now()).sign());

		assertThat(jwt.getClaimAsString("iss")).isEqualTo(Tokens.ISSUER);
		assertThat(jwt.getExpiresAt()).isEqualTo(this.time.now().plusSeconds(900));
	}

	private OfflineJwtDecoder decoder(KeyRingProvider keys) {
		return new OfflineJwtDecoder(keys, this.policy, Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
				JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.Ed25519, JWSAlgorithm.EdDSA),
				TokenValidators.of(Tokens.ISSUER, List.of(Tokens.AUDIENCE), "sub", List.of()));
	}

	private void assertRefused(String token, Refusal refusal) {
		assertRefused(this.decoder, token, refusal);
	}

	private static void assertRefused(OfflineJwtDecoder decoder, String token, Refusal refusal) {
		assertThatExceptionOfType(OfflineAuthRefusalException.class).isThrownBy(() -> decoder.decode(token))
			.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(refusal));
	}

	private String payload(Instant expiresAt) {
		return "{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"sub\":\"" + Tokens.SUBJECT
				+ "\",\"iat\":" + this.time.now().getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
	}

	private static String signed(String header, String payload, String jcaAlgorithm) throws Exception {
		String unsigned = Tokens.raw(header, payload, new byte[0]);
		String signingInput = unsigned.substring(0, unsigned.length() - 1);
		Signature signature = Signature.getInstance(jcaAlgorithm);
		signature.initSign(jcaAlgorithm.equals("Ed25519") ? ED.privateKey() : RSA.privateKey());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
	}

	private static String header(String token) {
		return new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
	}

}
