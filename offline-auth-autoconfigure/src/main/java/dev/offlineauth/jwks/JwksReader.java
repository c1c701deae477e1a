package dev.offlineauth.jwks;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;

import dev.offlineauth.jwks.JwksException.Reason;
import dev.offlineauth.logging.LogSafe;

/**
 * Reads a JWKS document into a {@link KeyRing}, whatever its origin (FusionAuth, the snapshot file, the
 * bundled resource): the same checks for all.
 *
 * <ul>
 * <li>A document holding any private or symmetric key is refused as a whole: it was never meant to be
 * published, and whoever sent it is not to be trusted for the rest either.</li>
 * <li>Keys that cannot serve are skipped: encryption keys, unknown key types and curves, RSA keys under
 * 2048 bits, keys without a {@code kid}, keys whose {@code alg} is not allowed here.</li>
 * <li>A document with no usable key, or with two keys of the same {@code kid}, is refused.</li>
 * </ul>
 */
public final class JwksReader {

	/** Every algorithm this reader can prepare a verifier for. */
	public static final Set<JWSAlgorithm> SUPPORTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.Ed25519, JWSAlgorithm.EdDSA);

	private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

	private static final Map<Curve, JWSAlgorithm> EC_ALGORITHMS = Map.of(Curve.P_256, JWSAlgorithm.ES256,
			Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);

	private static final int MIN_RSA_BITS = 2048;

	/** The longest {@code kid} accepted; FusionAuth's are 27 to 40 characters. */
	public static final int MAX_KID_LENGTH = 256;

	/** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410), followed by the 32 key bytes. */
	private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private final Set<JWSAlgorithm> allowedAlgorithms;

	/**
	 * @param allowedAlgorithms the algorithms tokens may use; keys get verifiers for these only
	 */
	public JwksReader(Set<JWSAlgorithm> allowedAlgorithms) {
		this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
		if (!SUPPORTED_ALGORITHMS.containsAll(this.allowedAlgorithms)) {
			Set<JWSAlgorithm> unsupported = new HashSet<>(this.allowedAlgorithms);
			unsupported.removeAll(SUPPORTED_ALGORITHMS);
			throw new IllegalArgumentException("Unsupported algorithms " + unsupported);
		}
	}

	/**
	 * Reads a JWKS document.
	 * @param json the document
	 * @param source where it came from
	 * @return the prepared keys
	 * @throws JwksException if the document is not acceptable
	 */
	public KeyRing read(String json, KeySource source) throws JwksException {
		Objects.requireNonNull(source, "source");
		JWKSet set;
		try {
			set = JWKSet.parse(json);
		}
		catch (ParseException | RuntimeException ex) {
			throw new JwksException(Reason.MALFORMED, "Not a JWKS document: " + ex.getMessage(), ex);
		}
		List<VerificationKey> keys = new ArrayList<>();
		Set<String> kids = new HashSet<>();
		for (JWK jwk : set.getKeys()) {
			if (jwk.isPrivate()) {
				throw new JwksException(Reason.PRIVATE_KEY,
						"The JWKS holds private or symmetric key material (kid " + describe(jwk.getKeyID()) + ")");
			}
			VerificationKey key = prepare(jwk);
			if (key == null) {
				continue;
			}
			if (!kids.add(key.kid())) {
				throw new JwksException(Reason.MALFORMED, "Two keys share the kid " + describe(key.kid()));
			}
			keys.add(key);
		}
		if (keys.isEmpty()) {
			throw new JwksException(Reason.NO_USABLE_KEYS,
					"The JWKS holds no public signing key usable with " + this.allowedAlgorithms);
		}
		// Keep only the public form: this is what the snapshot file stores.
		return KeyRing.of(keys, source, set.toPublicJWKSet().toString(true));
	}

	private VerificationKey prepare(JWK jwk) {
		String kid = jwk.getKeyID();
		if (kid == null || kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
			return null;
		}
		if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
			return null;
		}
		if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
			return null;
		}
		try {
			if (jwk instanceof RSAKey rsa) {
				RSAPublicKey publicKey = rsa.toRSAPublicKey();
				if (publicKey.getModulus().bitLength() < MIN_RSA_BITS) {
					return null;
				}
				return withVerifier(kid, jwk, publicKey, RSA_ALGORITHMS, new RSASSAVerifier(publicKey));
			}
			if (jwk instanceof ECKey ec) {
				JWSAlgorithm algorithm = EC_ALGORITHMS.get(ec.getCurve());
				if (algorithm == null) {
					return null;
				}
				// Nimbus checks that the point lies on the curve when it parses the key.
				return withVerifier(kid, jwk, ec.toECPublicKey(), Set.of(algorithm), new ECDSAVerifier(ec));
			}
			if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
				PublicKey publicKey = ed25519PublicKey(okp.getDecodedX());
				return withVerifier(kid, jwk, publicKey, JdkEd25519Verifier.ALGORITHMS,
						new JdkEd25519Verifier(publicKey));
			}
		}
		catch (JOSEException | GeneralSecurityException | RuntimeException ex) {
			return null;
		}
		return null;
	}

	private VerificationKey withVerifier(String kid, JWK jwk, PublicKey publicKey, Set<JWSAlgorithm> keyAlgorithms,
			JWSVerifier verifier) {
		Map<JWSAlgorithm, JWSVerifier> verifiers = new LinkedHashMap<>();
		for (JWSAlgorithm algorithm : keyAlgorithms) {
			if (this.allowedAlgorithms.contains(algorithm) && declaredFor(jwk, algorithm)) {
				verifiers.put(algorithm, verifier);
			}
		}
		return verifiers.isEmpty() ? null : new VerificationKey(kid, publicKey, verifiers);
	}

	/**
	 * A key that names its algorithm may only be used with it. {@code EdDSA} and {@code Ed25519} name the
	 * same thing for an Ed25519 key (RFC 9864 replaced the first with the second).
	 */
	private static boolean declaredFor(JWK jwk, JWSAlgorithm algorithm) {
		if (jwk.getAlgorithm() == null) {
			return true;
		}
		JWSAlgorithm declared = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
		if (JdkEd25519Verifier.ALGORITHMS.contains(declared)) {
			return JdkEd25519Verifier.ALGORITHMS.contains(algorithm);
		}
		return declared.equals(algorithm);
	}

	private static PublicKey ed25519PublicKey(byte[] x) throws GeneralSecurityException {
		if (x == null || x.length != 32) {
			throw new GeneralSecurityException("An Ed25519 key is 32 bytes");
		}
		byte[] encoded = new byte[ED25519_SPKI_PREFIX.length + x.length];
		System.arraycopy(ED25519_SPKI_PREFIX, 0, encoded, 0, ED25519_SPKI_PREFIX.length);
		System.arraycopy(x, 0, encoded, ED25519_SPKI_PREFIX.length, x.length);
		return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
	}

	private static String describe(String kid) {
		// A kid is attacker-controlled text when the JWKS is hostile.
		return LogSafe.quoted(kid);
	}


}
