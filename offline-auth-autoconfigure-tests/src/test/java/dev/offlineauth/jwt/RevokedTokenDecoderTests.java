package dev.offlineauth.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TokenStatus;
import dev.offlineauth.revocation.Cutoff;
import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The decoder with revocation: after the offline policy, on every decode, for every scope of a token. */
class RevokedTokenDecoderTests {

	private static final TestKey KEY = TestKey.rsa("rsa-key");

	private static final String TENANT = "tenant-1";

	private final ManualClock time = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	private final OfflineState state = new OfflineState(this.time.timeSource());

	private final CutoffTable cutoffs = new CutoffTable(this.time.timeSource().wallClock());

	private final OfflineJwtDecoder decoder;

	RevokedTokenDecoderTests() throws Exception {
		Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256);
		OfflinePolicy policy = this.state.policy();
		this.decoder = new OfflineJwtDecoder(
				new StaticKeyRingProvider(new JwksReader(algorithms).read(TestKey.jwks(KEY), KeySource.REMOTE)), policy,
				algorithms, TokenValidators.of(Tokens.ISSUER, List.of(Tokens.AUDIENCE, "second-app"), "sub", List.of()),
				new CutoffTokenRevocation(this.cutoffs));
		this.state.keysFetched(this.time.now());
	}

	private void cutOff(String tenant, String user, String application) {
		long now = this.time.now().toEpochMilli();
		this.cutoffs.apply(new Cutoff(tenant, user, application, now, now + Duration.ofHours(25).toMillis()));
	}

	private Tokens.Builder issued(Duration ago) {
		return Tokens.token(KEY, this.time.now().minus(ago)).claim("tid", TENANT);
	}

	private void assertRevoked(String token) {
		assertThatExceptionOfType(OfflineAuthRefusalException.class).isThrownBy(() -> this.decoder.decode(token))
			.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.TOKEN_REVOKED));
	}

	@Test
	void aTokenIssuedAtOrBeforeItsUsersCutoffIsRevokedOnEveryDecode() {
		String token = issued(Duration.ofMinutes(1)).sign();
		assertThat(this.decoder.decode(token).getTokenStatus()).isEqualTo(TokenStatus.FRESH);

		cutOff(TENANT, Tokens.SUBJECT, null);

		assertRevoked(token);
		assertRevoked(token);
		assertRevoked(issued(Duration.ZERO).sign());
	}

	@Test
	void aTokenIssuedAfterTheCutoffIsAccepted() {
		cutOff(TENANT, Tokens.SUBJECT, null);
		this.time.advance(Duration.ofSeconds(1));

		assertThat(this.decoder.decode(issued(Duration.ZERO).sign()).getSubject()).isEqualTo(Tokens.SUBJECT);
	}

	@Test
	void theApplicationIsTakenFromApplicationIdAndFromEveryAudience() {
		cutOff(null, null, "second-app");

		assertRevoked(issued(Duration.ofMinutes(1)).audience(List.of(Tokens.AUDIENCE, "second-app")).sign());
		assertThat(this.decoder.decode(issued(Duration.ofMinutes(1)).sign()).getSubject()).isEqualTo(Tokens.SUBJECT);
	}

	@Test
	void aUserCutoffInOneApplicationSparesTheOthers() {
		cutOff(TENANT, Tokens.SUBJECT, Tokens.AUDIENCE);

		assertRevoked(issued(Duration.ofMinutes(1)).sign());
		assertThat(this.decoder.decode(issued(Duration.ofMinutes(1)).audience("second-app")
			.claim("applicationId", "second-app")
			.sign()).getSubject()).isEqualTo(Tokens.SUBJECT);
	}

	@Test
	void aTokenInGraceIsRevokedOffline() {
		String expired = issued(Duration.ofHours(2)).expiresAt(this.time.now().minus(Duration.ofHours(1))).sign();
		this.state.offline();
		assertThat(this.decoder.decode(expired).getTokenStatus()).isEqualTo(TokenStatus.GRACE);

		cutOff(TENANT, Tokens.SUBJECT, null);

		assertRevoked(expired);
	}

	@Test
	void thePolicyDecidesFirst() {
		String longExpired = issued(Duration.ofDays(3)).expiresAt(this.time.now().minus(Duration.ofDays(2))).sign();
		cutOff(TENANT, Tokens.SUBJECT, null);

		assertThatExceptionOfType(OfflineAuthRefusalException.class).isThrownBy(() -> this.decoder.decode(longExpired))
			.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.TOKEN_EXPIRED));
	}

	@Test
	void aCutoffEndsWithItsExpiry() {
		String token = issued(Duration.ofMinutes(1)).expiresAt(this.time.now().plus(Duration.ofDays(2))).sign();
		cutOff(TENANT, Tokens.SUBJECT, null);
		assertRevoked(token);

		this.time.advance(Duration.ofHours(25));
		this.state.keysFetched(this.time.now());

		assertThat(this.decoder.decode(token).getSubject()).isEqualTo(Tokens.SUBJECT);
		assertThat(Instant.ofEpochMilli(0)).isBefore(this.time.now());
	}

}
