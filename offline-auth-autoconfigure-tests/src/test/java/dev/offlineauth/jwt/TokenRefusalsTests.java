package dev.offlineauth.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.test.CapturedLog;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A service configured with the wrong issuer or audience refuses every token; the log says why, with the
 * expected and the received value, at most once a minute per reason, while the client's answer stays a
 * plain 401 {@code invalid_token}.
 */
class TokenRefusalsTests {

	private static final TestKey KEY = TestKey.rsa("refusals-key");

	private final ManualClock time = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	@RegisterExtension
	final CapturedLog log = CapturedLog.of(TokenRefusals.class, Level.WARNING);

	private OfflineJwtDecoder decoder;

	@BeforeEach
	void setUp() throws Exception {
		TokenRefusals.reset();
		Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256);
		this.decoder = new OfflineJwtDecoder(
				new StaticKeyRingProvider(new JwksReader(algorithms).read(TestKey.jwks(KEY), KeySource.REMOTE)),
				new OfflineState(this.time.timeSource()).policy(), algorithms,
				TokenValidators.of("configured.example", List.of("configured-app"), "sub", List.of()));
	}

	private Refusal refusalOf(String token) {
		try {
			this.decoder.decode(token);
			return null;
		}
		catch (OfflineAuthRefusalException ex) {
			return ex.refusal();
		}
	}

	@Test
	void aWrongIssuerIsToldOnceAMinuteWithWhatWasExpectedAndWhatCame() {
		for (int i = 0; i < 50; i++) {
			assertThat(refusalOf(Tokens.token(KEY, this.time.now()).audience("configured-app").sign()))
				.isEqualTo(Refusal.INVALID_TOKEN);
		}

		assertThat(this.log.messages()).singleElement().asString()
			.contains("iss claim", "expected 'configured.example' (offline-auth.issuer)", "received '" + Tokens.ISSUER + "'");
	}

	@Test
	void aWrongAudienceIsToldWithTheAcceptedOnes() {
		assertThat(refusalOf(Tokens.token(KEY, this.time.now()).issuer("configured.example").sign()))
			.isEqualTo(Refusal.INVALID_TOKEN);

		assertThat(this.log.messages()).singleElement().asString()
			.contains("aud claim", "expected one of ['configured-app'] (offline-auth.audiences)", Tokens.AUDIENCE);
	}

	@Test
	void whatCameIsEscapedBeforeItIsLogged() {
		refusalOf(Tokens.token(KEY, this.time.now()).issuer("forged\n2030-01-01 ERROR fake line").sign());

		assertThat(this.log.messages()).singleElement().asString().doesNotContain("\n").contains("forged\\n2030");
	}

	@Test
	void aWrongTypeAndAnAlgorithmNotAcceptedAreToldToo() {
		// Both are read before the signature is: a signature of zeros is enough to get there.
		refusalOf(Tokens.raw("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"refusals-key\"}", "{}", new byte[256]));
		refusalOf(Tokens.raw("{\"alg\":\"HS256\",\"kid\":\"refusals-key\"}", "{}", new byte[32]));

		assertThat(this.log.messages()).hasSize(2)
			.anySatisfy((line) -> assertThat(line).contains("typ header", "received 'at+jwt'"))
			.anySatisfy((line) -> assertThat(line).contains("alg header", "'RS256'", "received 'HS256'"));
	}

	@Test
	void aValidTokenIsNeverLogged() {
		assertThat(refusalOf(Tokens.token(KEY, this.time.now()).issuer("configured.example")
			.audience("configured-app").sign())).isNull();
		this.time.advance(Duration.ofMinutes(2));

		assertThat(this.log.messages()).isEmpty();
	}

}
