package dev.offlineauth.jwks;

import java.security.Key;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;

/**
 * One public key from a JWKS, prepared once for verification: the Java key is built and a verifier
 * created for each algorithm the key may be used with, so that a request only looks them up.
 */
public final class VerificationKey {

	private final String kid;

	private final PublicKey publicKey;

	private final List<Key> candidates;

	private final Map<JWSAlgorithm, JWSVerifier> verifiers;

	/**
	 * @param kid the key id
	 * @param publicKey the Java public key
	 * @param verifiers a verifier for each allowed algorithm this key supports
	 */
	public VerificationKey(String kid, PublicKey publicKey, Map<JWSAlgorithm, JWSVerifier> verifiers) {
		this.kid = Objects.requireNonNull(kid, "kid");
		this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
		this.candidates = List.of(publicKey);
		this.verifiers = Map.copyOf(verifiers);
	}

	public String kid() {
		return this.kid;
	}

	public PublicKey publicKey() {
		return this.publicKey;
	}

	/** The verifier for {@code algorithm}, or {@code null} if this key may not be used with it. */
	public JWSVerifier verifierFor(JWSAlgorithm algorithm) {
		return (algorithm != null) ? this.verifiers.get(algorithm) : null;
	}

	/** The algorithms this key verifies. */
	public Set<JWSAlgorithm> algorithms() {
		return this.verifiers.keySet();
	}

	/** The key as the single candidate Nimbus asks a key selector for; the same list every time. */
	public List<Key> asCandidates() {
		return this.candidates;
	}

}
