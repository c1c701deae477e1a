package dev.offlineauth.jwt;

import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.offline.Decision;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.Refusal;

/**
 * The {@link JwtDecoder} of offline-auth. For one token, in order:
 * <ol>
 * <li>the verified-token cache: the same token string, verified by a key still in the current ring, is
 * not verified again;</li>
 * <li>otherwise the keys at hand (an empty ring asks for one rate-limited fetch, else 503
 * {@code keys_unavailable}), then the signature, verified with the key its {@code kid} names, for an
 * allowed {@code alg} only (an unknown {@code kid} asks for one rate-limited fetch, then is invalid), and
 * the claims read strictly;</li>
 * <li>{@code iss}, {@code aud}, the principal claim and any further validators;</li>
 * <li>the offline policy, from one reading of clocks, reachability and key freshness: clock wound back or
 * keys not refreshed for too long (503), {@code nbf}/{@code iat} in the future (401), then fresh, grace or
 * expired; an accepted token's {@code iat} then raises the trusted clock's floor;</li>
 * <li>revocation: a token issued at or before a FusionAuth cutoff that applies to it (401).</li>
 * </ol>
 * Steps 3 and 4, and whatever follows them, run on every request, hit or miss. Only accepted tokens are
 * cached. Every refusal is an {@link OfflineAuthRefusalException} naming its {@link Refusal}; nothing a
 * client or FusionAuth sends produces any other exception, and an accepted token throws none.
 *
 * <p>Thread-safe; a cache hit takes no lock.
 */
public final class OfflineJwtDecoder implements JwtDecoder {

	/** Longer tokens are refused before parsing. FusionAuth's access tokens are one to a few kilobytes. */
	public static final int MAX_TOKEN_LENGTH = 16 * 1024;

	private final KeyRingProvider keys;

	private final OfflinePolicy policy;

	private final Set<JWSAlgorithm> allowedAlgorithms;

	private final OAuth2TokenValidator<Jwt> validator;

	private final TokenRevocation revocation;

	private final VerifiedTokenCache cache;

	private volatile RingDecoder ringDecoder;

	/**
	 * A decoder without a verified-token cache.
	 * @param keys the key rings
	 * @param policy the offline policy
	 * @param allowedAlgorithms the algorithms tokens may be signed with
	 * @param validator checks of claims other than time ({@code iss}, {@code aud}, ...)
	 */
	public OfflineJwtDecoder(KeyRingProvider keys, OfflinePolicy policy, Set<JWSAlgorithm> allowedAlgorithms,
			OAuth2TokenValidator<Jwt> validator) {
		this(keys, policy, allowedAlgorithms, validator, VerifiedTokenCache.disabled(), TokenRevocation.NONE);
	}

	/**
	 * @param keys the key rings
	 * @param policy the offline policy
	 * @param allowedAlgorithms the algorithms tokens may be signed with
	 * @param validator checks of claims other than time ({@code iss}, {@code aud}, ...)
	 * @param cache tokens already verified
	 */
	public OfflineJwtDecoder(KeyRingProvider keys, OfflinePolicy policy, Set<JWSAlgorithm> allowedAlgorithms,
			OAuth2TokenValidator<Jwt> validator, VerifiedTokenCache cache) {
		this(keys, policy, allowedAlgorithms, validator, cache, TokenRevocation.NONE);
	}

	/**
	 * @param keys the key rings
	 * @param policy the offline policy
	 * @param allowedAlgorithms the algorithms tokens may be signed with
	 * @param validator checks of claims other than time ({@code iss}, {@code aud}, ...)
	 * @param revocation asked about every accepted token
	 */
	public OfflineJwtDecoder(KeyRingProvider keys, OfflinePolicy policy, Set<JWSAlgorithm> allowedAlgorithms,
			OAuth2TokenValidator<Jwt> validator, TokenRevocation revocation) {
		this(keys, policy, allowedAlgorithms, validator, VerifiedTokenCache.disabled(), revocation);
	}

	/**
	 * @param keys the key rings
	 * @param policy the offline policy
	 * @param allowedAlgorithms the algorithms tokens may be signed with
	 * @param validator checks of claims other than time ({@code iss}, {@code aud}, ...)
	 * @param cache tokens already verified
	 * @param revocation asked about every accepted token, cached or not
	 */
	public OfflineJwtDecoder(KeyRingProvider keys, OfflinePolicy policy, Set<JWSAlgorithm> allowedAlgorithms,
			OAuth2TokenValidator<Jwt> validator, VerifiedTokenCache cache, TokenRevocation revocation) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
		this.validator = Objects.requireNonNull(validator, "validator");
		this.cache = Objects.requireNonNull(cache, "cache");
		this.revocation = Objects.requireNonNull(revocation, "revocation");
	}

	@Override
	public VerifiedJwt decode(String token) {
		checkLength(token);
		KeyRing ring = this.keys.current();
		Stage stage = Stage.KEYS_AT_HAND;
		while (true) {
			try {
				return decode(token, ring, stage);
			}
			catch (KeysNeeded needed) {
				ring = this.keys.refetch(needed.kid());
				stage = needed.next();
			}
		}
	}

	/** The key rings this decoder asks; the reactive decoder asks them without waiting. */
	KeyRingProvider keys() {
		return this.keys;
	}

	static void checkLength(String token) {
		if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, "Missing or oversized token");
		}
	}

	/**
	 * The whole decode with the ring at hand, the one path of both decoders: it never waits, and asks for
	 * keys by throwing {@link KeysNeeded}, after which the caller fetches (its own way) and calls again with
	 * the ring it got and the stage the exception names.
	 * @throws KeysNeeded if a fetch may still help: the ring is empty, or lacks the token's kid
	 * @throws OfflineAuthRefusalException if the token is refused
	 */
	VerifiedJwt decode(String token, KeyRing ring, Stage stage) {
		VerifiedToken verified = this.cache.find(token, ring);
		boolean cached = verified != null;
		if (!cached) {
			verified = verify(token, ring, stage);
		}
		OAuth2TokenValidatorResult validation = this.validator.validate(verified.jwt());
		if (validation.hasErrors()) {
			throw new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, describe(validation));
		}
		OfflinePolicy.Evaluation evaluation = this.policy.evaluate();
		Decision decision = this.policy.decide(evaluation, verified.expiresAt(), verified.notBefore(),
				verified.issuedAt());
		if (!decision.accepted()) {
			throw new OfflineAuthRefusalException(decision.refusal(), decision.refusal().detail());
		}
		// On every request, cached token or not: a revocation can arrive at any moment.
		if (this.revocation.isRevoked(verified.jwt())) {
			throw new OfflineAuthRefusalException(Refusal.TOKEN_REVOKED, Refusal.TOKEN_REVOKED.detail());
		}
		if (!cached) {
			this.cache.put(token, verified, evaluation.now());
		}
		// A cached token is vouched for by the current ring; a new one by the ring that verified it.
		return verified.as(decision.status(), cached ? ring.source() : verified.jwt().getKeySource());
	}

	private VerifiedToken verify(String token, KeyRing ring, Stage stage) {
		if (ring.isEmpty()) {
			if (stage == Stage.KEYS_AT_HAND) {
				throw new KeysNeeded(null, Stage.RING_FETCHED);
			}
			throw new OfflineAuthRefusalException(Refusal.KEYS_UNAVAILABLE, "No verification key is available");
		}
		try {
			return decoderFor(ring).verify(token);
		}
		catch (RingDecoder.UnknownKidException ex) {
			if (stage == Stage.KID_FETCHED) {
				throw new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, "No key with the token's kid");
			}
			throw new KeysNeeded(ex.kid(), Stage.KID_FETCHED);
		}
	}

	private static String describe(OAuth2TokenValidatorResult validation) {
		for (OAuth2Error error : validation.getErrors()) {
			if (error.getDescription() != null) {
				return error.getDescription();
			}
		}
		return "Claims not accepted";
	}

	private RingDecoder decoderFor(KeyRing ring) {
		RingDecoder decoder = this.ringDecoder;
		if (decoder == null || decoder.ring() != ring) {
			// Built once per ring; two threads racing here build two equivalent decoders, which is harmless.
			decoder = new RingDecoder(ring, this.allowedAlgorithms);
			this.ringDecoder = decoder;
		}
		return decoder;
	}

	/** How far a decode has got in asking for keys: each fetch is asked for at most once. */
	enum Stage {

		/** Nothing fetched yet: the ring at hand. */
		KEYS_AT_HAND,

		/** The ring was empty, and a fetch for any key has been made. */
		RING_FETCHED,

		/** A fetch for the token's kid has been made. */
		KID_FETCHED

	}

	/** Thrown by the one decode path when keys should be fetched before it goes on. Carries no stack. */
	static final class KeysNeeded extends RuntimeException {

		private final String kid;

		private final Stage next;

		KeysNeeded(String kid, Stage next) {
			super(null, null, false, false);
			this.kid = kid;
			this.next = next;
		}

		/** The missing kid, or {@code null} for any key. */
		String kid() {
			return this.kid;
		}

		/** The stage to decode in once the keys are fetched. */
		Stage next() {
			return this.next;
		}

	}

}
