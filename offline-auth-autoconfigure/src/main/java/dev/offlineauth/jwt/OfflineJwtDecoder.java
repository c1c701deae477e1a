package dev.offlineauth.jwt;

import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
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
 * <li>the keys at hand (an empty ring asks for one rate-limited fetch, else 503 {@code keys_unavailable});</li>
 * <li>Nimbus parses the token and verifies its signature with the key its {@code kid} names, for an
 * allowed {@code alg} only (an unknown {@code kid} asks for one rate-limited fetch, then is invalid);</li>
 * <li>{@code typ}, {@code iss}, {@code aud} and any further validators;</li>
 * <li>the offline policy, from one reading of clocks, reachability and key freshness: clock wound back or
 * keys not refreshed for too long (503), {@code nbf}/{@code iat} in the future (401), then fresh, grace or
 * expired; an accepted token's {@code iat} then raises the trusted clock's floor.</li>
 * <li>revocation: a token issued at or before a FusionAuth cutoff that applies to it (401).</li>
 * </ol>
 * Every refusal is an {@link OfflineAuthRefusalException} naming its {@link Refusal}; nothing a client or
 * FusionAuth sends produces any other exception.
 */
public final class OfflineJwtDecoder implements JwtDecoder {

	/** Longer tokens are refused before parsing. FusionAuth's access tokens are one to a few kilobytes. */
	public static final int MAX_TOKEN_LENGTH = 16 * 1024;

	private final KeyRingProvider keys;

	private final OfflinePolicy policy;

	private final Set<JWSAlgorithm> allowedAlgorithms;

	private final OAuth2TokenValidator<Jwt> validator;

	private final TokenRevocation revocation;

	private volatile RingDecoder ringDecoder;

	/**
	 * @param keys the key rings
	 * @param policy the offline policy
	 * @param allowedAlgorithms the algorithms tokens may be signed with
	 * @param validator checks of claims other than time ({@code iss}, {@code aud}, ...)
	 */
	public OfflineJwtDecoder(KeyRingProvider keys, OfflinePolicy policy, Set<JWSAlgorithm> allowedAlgorithms,
			OAuth2TokenValidator<Jwt> validator) {
		this(keys, policy, allowedAlgorithms, validator, TokenRevocation.NONE);
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
		this.revocation = Objects.requireNonNull(revocation, "revocation");
		this.keys = Objects.requireNonNull(keys, "keys");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
		this.validator = Objects.requireNonNull(validator, "validator");
	}

	@Override
	public VerifiedJwt decode(String token) {
		if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, "Missing or oversized token");
		}
		KeyRing ring = this.keys.current();
		if (ring.isEmpty()) {
			ring = this.keys.refetch(null);
			if (ring.isEmpty()) {
				throw new OfflineAuthRefusalException(Refusal.KEYS_UNAVAILABLE, "No verification key is available");
			}
		}
		RingDecoder decoder = decoderFor(ring);
		Jwt jwt;
		try {
			jwt = decoder.decode(token);
		}
		catch (RingDecoder.UnknownKidException ex) {
			KeyRing refetched = this.keys.refetch(ex.kid());
			if (!refetched.contains(ex.kid())) {
				throw new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, "No key with the token's kid");
			}
			decoder = decoderFor(refetched);
			try {
				jwt = decoder.decode(token);
			}
			catch (RingDecoder.UnknownKidException again) {
				throw new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, "No key with the token's kid");
			}
		}
		Decision decision = this.policy.decide(jwt.getExpiresAt(), jwt.getNotBefore(), jwt.getIssuedAt());
		if (!decision.accepted()) {
			throw new OfflineAuthRefusalException(decision.refusal(), decision.refusal().detail());
		}
		// On every request, however the token was verified: a revocation can arrive at any moment.
		if (this.revocation.isRevoked(jwt)) {
			throw new OfflineAuthRefusalException(Refusal.TOKEN_REVOKED, Refusal.TOKEN_REVOKED.detail());
		}
		return new VerifiedJwt(jwt, decision.status(), decoder.ring().source());
	}

	private RingDecoder decoderFor(KeyRing ring) {
		RingDecoder decoder = this.ringDecoder;
		if (decoder == null || decoder.ring() != ring) {
			// Built once per ring; two threads racing here build two equivalent decoders, which is harmless.
			decoder = new RingDecoder(ring, this.allowedAlgorithms, this.validator);
			this.ringDecoder = decoder;
		}
		return decoder;
	}

}
