package dev.offlineauth.jwt;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * One key's signature check for one JWS algorithm, with the JDK's own {@link Signature}: RSASSA-PKCS1
 * and PSS, ECDSA in JOSE's r||s form (which the JDK reads directly, no DER transcoding), Ed25519.
 * Initialised signature objects are kept for reuse: {@code getInstance} and {@code initVerify} are paid
 * once per key and thread, not once per token.
 *
 * <p>Thread-safe and lock-free: a {@code Signature} is not thread-safe, so each one is taken out of a
 * small array of slots, used by one thread, and put back (or dropped when every slot is full, or when it
 * threw, so that no object in an unknown state is ever reused).
 */
final class SignatureCheck {

	private static final int SLOTS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

	private static final int CHUNK = 256;

	private static final Map<JWSAlgorithm, String> JCA_NAMES = Map.of(JWSAlgorithm.RS256, "SHA256withRSA",
			JWSAlgorithm.RS384, "SHA384withRSA", JWSAlgorithm.RS512, "SHA512withRSA", JWSAlgorithm.PS256,
			"RSASSA-PSS", JWSAlgorithm.PS384, "RSASSA-PSS", JWSAlgorithm.PS512, "RSASSA-PSS", JWSAlgorithm.ES256,
			"SHA256withECDSAinP1363Format", JWSAlgorithm.ES384, "SHA384withECDSAinP1363Format", JWSAlgorithm.ES512,
			"SHA512withECDSAinP1363Format", JWSAlgorithm.Ed25519, "Ed25519");

	private final PublicKey key;

	private final String jcaName;

	private final AlgorithmParameterSpec parameters;

	/** The only signature length this algorithm and key can produce. */
	private final int signatureLength;

	private final AtomicReferenceArray<Signature> idle = new AtomicReferenceArray<>(SLOTS);

	private SignatureCheck(PublicKey key, String jcaName, AlgorithmParameterSpec parameters, int signatureLength) {
		this.key = key;
		this.jcaName = jcaName;
		this.parameters = parameters;
		this.signatureLength = signatureLength;
	}

	/**
	 * @param key the public key, already checked to suit {@code algorithm}
	 * @param algorithm the JWS algorithm
	 * @return the check, or {@code null} for an algorithm the JDK check does not cover
	 */
	static SignatureCheck of(PublicKey key, JWSAlgorithm algorithm) {
		String name = JCA_NAMES.get(JWSAlgorithm.EdDSA.equals(algorithm) ? JWSAlgorithm.Ed25519 : algorithm);
		if (name == null) {
			return null;
		}
		String family = algorithm.getName().substring(0, 2);
		return switch (family) {
			case "RS", "PS" -> (key instanceof RSAPublicKey rsa)
					? new SignatureCheck(key, name, pss(algorithm), (rsa.getModulus().bitLength() + 7) / 8) : null;
			case "ES" -> new SignatureCheck(key, name, null, switch (algorithm.getName()) {
				case "ES256" -> 64;
				case "ES384" -> 96;
				default -> 132;
			});
			default -> new SignatureCheck(key, name, null, 64);
		};
	}

	private static AlgorithmParameterSpec pss(JWSAlgorithm algorithm) {
		return switch (algorithm.getName()) {
			case "PS256" -> new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
			case "PS384" -> new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
			case "PS512" -> new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);
			default -> null;
		};
	}

	/**
	 * @param token the token, every character of it ASCII
	 * @param signingInputLength the length of its signing input (header and payload), from the start
	 * @param signature the decoded signature
	 * @return whether the signature is this key's over the signing input
	 */
	@SuppressWarnings("deprecation")
	boolean verify(String token, int signingInputLength, byte[] signature) {
		if (signature.length != this.signatureLength) {
			return false;
		}
		int slot = (int) (Thread.currentThread().getId() % SLOTS);
		Signature verifier = this.idle.getAndSet(slot, null);
		try {
			if (verifier == null) {
				verifier = create();
			}
			// The signing input is fed in chunks rather than copied whole. String.getBytes(int, int, byte[],
			// int) keeps the low byte of each character: exact for ASCII, which the decoder checked.
			byte[] chunk = new byte[Math.min(CHUNK, signingInputLength)];
			for (int from = 0; from < signingInputLength; from += chunk.length) {
				int to = Math.min(signingInputLength, from + chunk.length);
				token.getBytes(from, to, chunk, 0);
				verifier.update(chunk, 0, to - from);
			}
			boolean valid = verifier.verify(signature);
			// Reset by verify(), ready for the next token.
			this.idle.lazySet(slot, verifier);
			return valid;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	private Signature create() throws GeneralSecurityException {
		Signature verifier = Signature.getInstance(this.jcaName);
		if (this.parameters != null) {
			verifier.setParameter(this.parameters);
		}
		verifier.initVerify(this.key);
		return verifier;
	}

}
