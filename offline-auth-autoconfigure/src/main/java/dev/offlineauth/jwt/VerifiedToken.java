package dev.offlineauth.jwt;

import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;

import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.VerificationKey;
import dev.offlineauth.offline.TokenStatus;

/**
 * A token whose signature one key verified and whose claims were read: what the verified-token cache
 * holds. What depends on the moment (fresh or grace, the key source, the claim validators, the offline
 * policy) is decided again on every request; what depends on the token alone is kept.
 *
 * <p>Thread-safe: the {@link VerifiedJwt} views are immutable, and two threads racing to create one
 * create equal ones.
 */
final class VerifiedToken {

	private static final int SOURCES = KeySource.values().length;

	private final String kid;

	private final JWSAlgorithm algorithm;

	private final Instant notBefore;

	private final int weight;

	private volatile VerificationKey key;

	/** One view per status and key source, made when first needed; the first is made at once. */
	private final VerifiedJwt[] views = new VerifiedJwt[TokenStatus.values().length * SOURCES];

	private final VerifiedJwt first;

	private long deadlineNanos;

	VerifiedToken(String token, Map<String, Object> header, Map<String, Object> claims, VerificationKey key,
			JWSAlgorithm algorithm, KeySource source) {
		this.kid = key.kid();
		this.key = key;
		this.algorithm = algorithm;
		this.notBefore = (Instant) claims.get("nbf");
		this.first = new VerifiedJwt(token, (Instant) claims.get("iat"), (Instant) claims.get("exp"), header,
				claims, TokenStatus.FRESH, source);
		this.views[index(TokenStatus.FRESH, source)] = this.first;
		this.weight = token.length();
	}

	/** The token as Spring sees it, for the claim validators. */
	VerifiedJwt jwt() {
		return this.first;
	}

	Instant expiresAt() {
		return this.first.getExpiresAt();
	}

	Instant notBefore() {
		return this.notBefore;
	}

	Instant issuedAt() {
		return this.first.getIssuedAt();
	}

	/** The length of the token, for the cache's weigher. */
	int tokenLength() {
		return this.weight;
	}

	/**
	 * Whether the key that verified this token is still in {@code ring}: the same key, or the same public
	 * key read again from a later fetch, still allowed for the token's algorithm. Never the {@code kid}
	 * alone: a key replaced under the same {@code kid} does not vouch for tokens its predecessor signed.
	 */
	boolean trustedBy(KeyRing ring) {
		VerificationKey current = ring.find(this.kid);
		VerificationKey verifying = this.key;
		if (current == verifying) {
			return current != null;
		}
		if (current == null || current.verifierFor(this.algorithm) == null
				|| !current.publicKey().equals(verifying.publicKey())) {
			return false;
		}
		// The same key in a new ring: remember this one, so that later requests compare references only.
		this.key = current;
		return true;
	}

	/** The token as accepted now: the same instance for every request with the same status and source. */
	VerifiedJwt as(TokenStatus status, KeySource source) {
		int index = index(status, source);
		VerifiedJwt view = this.views[index];
		if (view == null) {
			view = new VerifiedJwt(this.first, status, source);
			this.views[index] = view;
		}
		return view;
	}

	/** When the cache lets go of this entry, by the monotonic clock; set once, before the entry is cached. */
	long deadlineNanos() {
		return this.deadlineNanos;
	}

	void deadlineNanos(long deadlineNanos) {
		this.deadlineNanos = deadlineNanos;
	}

	private static int index(TokenStatus status, KeySource source) {
		return status.ordinal() * SOURCES + source.ordinal();
	}

}
