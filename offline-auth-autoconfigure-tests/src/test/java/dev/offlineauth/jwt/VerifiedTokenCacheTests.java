package dev.offlineauth.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.offlineauth.jwks.HttpJwksClient;
import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
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
 * The verified-token cache decides nothing: a cached token gets exactly the answer an uncached one gets,
 * and only while the key that verified it is still trusted.
 */
class VerifiedTokenCacheTests {

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
			JWSAlgorithm.Ed25519);

	private static final TestKey RSA = TestKey.rsa("rsa-key");

	private static final TestKey ED = TestKey.ed25519();

	private static final Duration SKEW = Duration.ofSeconds(60);

	private static final Duration GRACE = Duration.ofHours(24);

	private final ManualClock time = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	private final OfflineState state = new OfflineState(this.time.timeSource());

	private final OfflinePolicy policy = this.state.policy(SKEW, GRACE, Duration.ofDays(7));

	private final RefreshingKeyRingProvider keys = new RefreshingKeyRingProvider(
			new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofMillis(500), Duration.ofMillis(500), 65536),
			new JwksReader(ALGORITHMS), this.state.contacts(), KeyRing.empty(),
			new RefreshingKeyRingProvider.Settings(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(1)),
			this.time.timeSource()::nanoTime, Runnable::run, List.of());

	private final AtomicBoolean applicationAccepts = new AtomicBoolean(true);

	private final OAuth2TokenValidator<Jwt> applicationValidator = (jwt) -> this.applicationAccepts.get()
			? OAuth2TokenValidatorResult.success()
			: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Refused by the application", null));

	private final VerifiedTokenCache cache = new VerifiedTokenCache(100, SKEW.plus(GRACE), this.time.timeSource());

	private final OfflineJwtDecoder cached = decoder(this.cache);

	private final OfflineJwtDecoder uncached = decoder(VerifiedTokenCache.disabled());

	VerifiedTokenCacheTests() throws Exception {
		this.fusionAuth.serveKeys(RSA, ED);
		this.keys.refresh().get();
	}

	@AfterEach
	void stop() {
		this.fusionAuth.close();
	}

	@Test
	void aTokenPresentedAgainIsFoundAndGivesTheSameAnswer() {
		String token = Tokens.token(RSA, this.time.now()).sign();

		VerifiedJwt first = this.cached.decode(token);
		VerifiedJwt second = this.cached.decode(token);

		assertThat(this.cache.misses()).isEqualTo(1);
		assertThat(this.cache.hits()).isEqualTo(1);
		assertThat(second).isSameAs(first);
		assertThat(second.getSubject()).isEqualTo(Tokens.SUBJECT);
		assertThat(second.getTokenStatus()).isEqualTo(TokenStatus.FRESH);
		assertThat(second.getKeySource()).isEqualTo(KeySource.REMOTE);
	}

	@Test
	void aCachedTokenIsRefusedOnceItsKeyLeavesTheRing() {
		String token = Tokens.token(ED, this.time.now()).expiresAt(this.time.now().plus(Duration.ofHours(2))).sign();
		this.cached.decode(token);

		this.fusionAuth.serveKeys(RSA);
		this.time.advance(Duration.ofMinutes(16));
		this.keys.current();

		assertRefused(this.cached, token, Refusal.INVALID_TOKEN);
		assertThat(this.cache.hits()).isZero();
	}

	@Test
	void aKeyReplacedUnderTheSameKidDoesNotVouchForTokensItsPredecessorVerified() {
		TestKey original = TestKey.rsa("shared-kid");
		TestKey replacement = TestKey.rsa("shared-kid");
		this.fusionAuth.serveKeys(original);
		this.time.advance(Duration.ofMinutes(16));
		this.keys.current();
		String token = Tokens.token(original, this.time.now()).expiresAt(this.time.now().plus(Duration.ofHours(2)))
			.sign();
		this.cached.decode(token);

		this.fusionAuth.serveKeys(replacement);
		this.time.advance(Duration.ofMinutes(16));
		this.keys.current();

		assertThat(this.keys.current().contains("shared-kid")).isTrue();
		assertRefused(this.cached, token, Refusal.INVALID_TOKEN);
		assertThat(this.cache.hits()).isZero();
	}

	@Test
	void theSameKeyFetchedAgainKeepsVouchingAndTheHitTellsTheCurrentKeySource() {
		String token = Tokens.token(RSA, this.time.now()).expiresAt(this.time.now().plus(Duration.ofHours(2))).sign();
		this.cached.decode(token);

		this.time.advance(Duration.ofMinutes(16));
		this.keys.current();
		VerifiedJwt afterRefetch = this.cached.decode(token);
		this.fusionAuth.stop();
		this.time.advance(Duration.ofMinutes(16));
		this.keys.current();
		VerifiedJwt whileDown = this.cached.decode(token);

		assertThat(this.cache.hits()).isEqualTo(2);
		assertThat(afterRefetch.getKeySource()).isEqualTo(KeySource.REMOTE);
		assertThat(whileDown.getKeySource()).isEqualTo(KeySource.LAST_KNOWN_GOOD);
	}

	@Test
	void anExpiredCachedTokenGetsGraceOrTokenExpiredExactlyLikeAnUncachedOne() {
		String token = Tokens.token(RSA, this.time.now()).sign();
		this.cached.decode(token);
		this.state.online();

		this.time.advance(Duration.ofMinutes(15).plus(SKEW));
		assertSameAnswer(token, TokenStatus.FRESH, null);
		this.time.advance(Duration.ofSeconds(1));
		assertSameAnswer(token, null, Refusal.TOKEN_EXPIRED);

		// Stopped, so that the key refreshes the clock brings about fail and leave FusionAuth offline.
		this.fusionAuth.stop();
		this.state.offline();
		assertSameAnswer(token, TokenStatus.GRACE, null);
		this.time.advance(GRACE.minusSeconds(1));
		assertSameAnswer(token, TokenStatus.GRACE, null);

		this.state.online();
		assertSameAnswer(token, null, Refusal.TOKEN_EXPIRED);

		this.state.offline();
		this.time.advance(Duration.ofSeconds(2));
		assertSameAnswer(token, null, Refusal.TOKEN_EXPIRED);
		assertThat(this.cache.hits()).isPositive();
	}

	@Test
	void anEntryLeavesTheCacheOnceNoRequestCouldAcceptItsToken() {
		String token = Tokens.token(RSA, this.time.now()).sign();
		this.cached.decode(token);

		this.time.advance(Duration.ofMinutes(15).plus(SKEW).plus(GRACE).minusSeconds(1));
		this.cache.cleanUp();
		assertThat(this.cache.size()).isOne();
		this.time.advance(Duration.ofSeconds(2));
		this.cache.cleanUp();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void aChangedValidatorOutcomeAppliesToACachedTokenOnTheNextRequest() {
		String token = Tokens.token(RSA, this.time.now()).sign();
		this.cached.decode(token);

		this.applicationAccepts.set(false);
		assertRefused(this.cached, token, Refusal.INVALID_TOKEN);
		this.applicationAccepts.set(true);

		assertThat(this.cached.decode(token).getSubject()).isEqualTo(Tokens.SUBJECT);
		assertThat(this.cache.hits()).isEqualTo(2);
	}

	@Test
	void aServiceWideRefusalAppliesToACachedToken() {
		String token = Tokens.token(RSA, this.time.now()).expiresAt(this.time.now().plus(Duration.ofDays(30))).sign();
		this.cached.decode(token);

		this.fusionAuth.stop();
		this.state.offline();
		this.time.advance(Duration.ofDays(7).plusSeconds(1));

		assertRefused(this.cached, token, Refusal.OFFLINE_TOO_LONG);
	}

	@Test
	void twoDifferentTokensNeverShareAnEntry() {
		String alice = Tokens.token(RSA, this.time.now()).subject("alice").sign();
		String bob = Tokens.token(RSA, this.time.now()).subject("bob").sign();
		this.cached.decode(alice);
		String signingInput = alice.substring(0, alice.lastIndexOf('.'));
		String aliceWithBobsSignature = signingInput + bob.substring(bob.lastIndexOf('.'));
		String aliceWithAnotherLastCharacter = alice.substring(0, alice.length() - 2)
				+ ((alice.charAt(alice.length() - 2) == 'A') ? 'B' : 'A') + alice.charAt(alice.length() - 1);

		assertThat(this.cached.decode(bob).getSubject()).isEqualTo("bob");
		assertThat(this.cached.decode(alice).getSubject()).isEqualTo("alice");
		assertRefused(this.cached, aliceWithBobsSignature, Refusal.INVALID_TOKEN);
		assertRefused(this.cached, aliceWithAnotherLastCharacter, Refusal.INVALID_TOKEN);
		assertRefused(this.cached, signingInput + ".", Refusal.INVALID_TOKEN);
		assertThat(this.cache.size()).isEqualTo(2);
	}

	@Test
	void refusalsAreNeverCached() {
		String wrongAudience = Tokens.token(RSA, this.time.now()).audience("another-app").sign();
		String expired = Tokens.token(RSA, this.time.now().minus(Duration.ofHours(1))).sign();
		this.state.online();

		assertRefused(this.cached, wrongAudience, Refusal.INVALID_TOKEN);
		assertRefused(this.cached, expired, Refusal.TOKEN_EXPIRED);
		assertRefused(this.cached, expired, Refusal.TOKEN_EXPIRED);

		assertThat(this.cache.size()).isZero();
		assertThat(this.cache.hits()).isZero();
	}

	@Test
	void staysWithinItsEntriesAndBytesUnderAFloodOfDistinctValidTokens() {
		VerifiedTokenCache small = new VerifiedTokenCache(20, SKEW.plus(GRACE), this.time.timeSource());
		OfflineJwtDecoder decoder = decoder(small);
		for (int i = 0; i < 300; i++) {
			decoder.decode(Tokens.token(ED, this.time.now()).claim("n", i).sign());
		}
		small.cleanUp();
		assertThat(small.size()).isBetween(1L, 20L);
		assertThat(small.weightedSize()).isLessThanOrEqualTo(small.maximumBytes());

		VerifiedTokenCache bySize = new VerifiedTokenCache(20, SKEW.plus(GRACE), this.time.timeSource());
		OfflineJwtDecoder largeTokens = decoder(bySize);
		String padding = "x".repeat(10_000);
		List<String> large = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			String token = Tokens.token(ED, this.time.now()).claim("n", i).claim("padding", padding).sign();
			large.add(token);
			largeTokens.decode(token);
		}
		bySize.cleanUp();
		int largeWeight = VerifiedTokenCache.weight(large.get(0).length());
		assertThat(largeWeight).isGreaterThan(10 * VerifiedTokenCache.ENTRY_BYTES);
		assertThat(bySize.weightedSize()).isLessThanOrEqualTo(bySize.maximumBytes());
		assertThat(bySize.size()).isLessThanOrEqualTo(bySize.maximumBytes() / largeWeight);
		assertThat(largeTokens.decode(large.get(49)).getClaimAsString("padding")).isEqualTo(padding);
	}

	@Test
	void aDisabledCacheHoldsNothing() {
		String token = Tokens.token(RSA, this.time.now()).sign();
		VerifiedTokenCache none = new VerifiedTokenCache(0, SKEW.plus(GRACE), this.time.timeSource());
		OfflineJwtDecoder decoder = decoder(none);

		decoder.decode(token);
		decoder.decode(token);

		assertThat(none.isEnabled()).isFalse();
		assertThat(none.size()).isZero();
		assertThat(none.hits()).isZero();
	}

	private void assertSameAnswer(String token, TokenStatus status, Refusal refusal) {
		for (OfflineJwtDecoder decoder : List.of(this.cached, this.uncached)) {
			if (refusal != null) {
				assertRefused(decoder, token, refusal);
			}
			else {
				assertThat(decoder.decode(token).getTokenStatus()).isEqualTo(status);
			}
		}
	}

	private OfflineJwtDecoder decoder(VerifiedTokenCache cache) {
		return new OfflineJwtDecoder(this.keys, this.policy, ALGORITHMS,
				TokenValidators.of(Tokens.ISSUER, List.of(Tokens.AUDIENCE), "sub", List.of(this.applicationValidator)),
				cache);
	}

	private static void assertRefused(OfflineJwtDecoder decoder, String token, Refusal refusal) {
		assertThatExceptionOfType(OfflineAuthRefusalException.class).isThrownBy(() -> decoder.decode(token))
			.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(refusal));
	}

}
