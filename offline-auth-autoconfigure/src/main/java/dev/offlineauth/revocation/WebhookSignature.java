package dev.offlineauth.revocation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;

import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwks.VerificationKey;

/**
 * Checks {@code X-FusionAuth-Signature-JWT}: a JWS signed by one of the allowed keys, found by its
 * {@code kid} in the current key ring, with an allowed asymmetric algorithm and that key's prepared
 * verifier (so {@code none} and {@code HS*} never verify: no such verifier exists), whose
 * {@code request_body_sha256} claim is the standard base64 SHA-256 of the raw body, compared in constant
 * time. Nothing of the body is read before this. Thread-safe.
 */
public final class WebhookSignature {

	/** The header FusionAuth signs webhooks in. */
	public static final String HEADER = "X-FusionAuth-Signature-JWT";

	/** Far longer than FusionAuth's signature (a few hundred bytes); longer ones are not parsed. */
	private static final int MAX_LENGTH = 8 * 1024;

	/** The outcome of a check. */
	public enum Verdict {

		/** Signed by an allowed key, over exactly this body. */
		VALID,

		/** Missing, malformed, not signed by an allowed key, or over another body. */
		INVALID,

		/** Names an allowed key that the key ring does not hold, even after a fetch. */
		KEY_UNAVAILABLE

	}

	private final KeyRingProvider keys;

	private final Set<String> signingKeyIds;

	private final Set<JWSAlgorithm> algorithms;

	/**
	 * @param keys the key ring, where the signing keys' public halves are (FusionAuth's JWKS)
	 * @param signingKeyIds the {@code kid}s webhooks may be signed with
	 * @param algorithms the algorithms allowed for tokens; the ring holds verifiers for these only
	 */
	public WebhookSignature(KeyRingProvider keys, Set<String> signingKeyIds, Set<JWSAlgorithm> algorithms) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.signingKeyIds = Set.copyOf(signingKeyIds);
		this.algorithms = Set.copyOf(algorithms);
	}

	/**
	 * @param header the header's value, or {@code null}
	 * @param body the raw body
	 */
	public Verdict verify(String header, byte[] body) {
		if (header == null || header.isEmpty() || header.length() > MAX_LENGTH) {
			return Verdict.INVALID;
		}
		try {
			JWSObject signature = JWSObject.parse(header.trim());
			JWSAlgorithm algorithm = signature.getHeader().getAlgorithm();
			String kid = signature.getHeader().getKeyID();
			if (!this.algorithms.contains(algorithm) || kid == null || !this.signingKeyIds.contains(kid)) {
				return Verdict.INVALID;
			}
			VerificationKey key = this.keys.current().find(kid);
			if (key == null) {
				// An allowed key rotated in since the last fetch: one rate-limited fetch, shared with tokens.
				key = this.keys.refetch(kid).find(kid);
				if (key == null) {
					return Verdict.KEY_UNAVAILABLE;
				}
			}
			JWSVerifier verifier = key.verifierFor(algorithm);
			if (verifier == null || !signature.verify(verifier)) {
				return Verdict.INVALID;
			}
			Object claimed = signature.getPayload().toJSONObject().get("request_body_sha256");
			if (!(claimed instanceof String digest)) {
				return Verdict.INVALID;
			}
			return MessageDigest.isEqual(Base64.getDecoder().decode(digest), sha256(body)) ? Verdict.VALID
					: Verdict.INVALID;
		}
		catch (ParseException | JOSEException | RuntimeException ex) {
			// A malformed header, payload or digest: whatever it provokes, it is not a signature.
			return Verdict.INVALID;
		}
	}

	private static byte[] sha256(byte[] body) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(body);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
