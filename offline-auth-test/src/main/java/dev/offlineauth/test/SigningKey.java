package dev.offlineauth.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import io.fusionauth.jwks.domain.JSONWebKey;
import io.fusionauth.jwt.Signer;
import io.fusionauth.jwt.domain.Algorithm;
import io.fusionauth.jwt.ec.ECSigner;
import io.fusionauth.jwt.ed.EdDSASigner;
import io.fusionauth.jwt.rsa.RSASigner;

/**
 * One key of the fake's Key Master: a key pair, its {@code kid}, its public JWK as FusionAuth publishes it
 * (built by fusionauth-jwt, the library FusionAuth is built on) and a signer. The {@code kid} is the
 * key's RFC 7638 thumbprint with SHA-1, 27 base64url characters, the shape FusionAuth's own kids often
 * have (computed here because fusionauth-jwt 6.0.0 gives every Ed25519 key the same thumbprint), unless
 * a kid is chosen (FusionAuth too takes one when a key is created).
 *
 * <p>Immutable.
 */
final class SigningKey {

	private final String kid;

	private final KeyPair keyPair;

	private final String publicJwk;

	private final Signer signer;

	private SigningKey(String kid, KeyPair keyPair, String publicJwk, Signer signer) {
		this.kid = kid;
		this.keyPair = keyPair;
		this.publicJwk = publicJwk;
		this.signer = signer;
	}

	/** A new key of this type: RSA 2048 (RS256), EC P-256 (ES256) or Ed25519. */
	static SigningKey generate(FakeFusionAuth.KeyType type) {
		return generate(type, null);
	}

	/**
	 * A new key of this type with this {@code kid}.
	 * @param type the key type
	 * @param kid the kid, or {@code null} for the key's thumbprint
	 */
	static SigningKey generate(FakeFusionAuth.KeyType type, String kid) {
		try {
			return switch (type) {
				case RSA -> {
					KeyPair pair = pair("RSA", 2048, null);
					JSONWebKey jwk = JSONWebKey.build(pair.getPublic());
					String id = (kid != null) ? kid
							: thumbprint("{\"e\":\"" + jwk.e + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.n + "\"}");
					yield new SigningKey(id, pair, publish(jwk, id, Algorithm.RS256), RSASigner.newSHA256Signer(pair.getPrivate(), id));
				}
				case EC -> {
					KeyPair pair = pair("EC", 0, new ECGenParameterSpec("secp256r1"));
					JSONWebKey jwk = JSONWebKey.build(pair.getPublic());
					String id = (kid != null) ? kid : thumbprint("{\"crv\":\"" + jwk.crv + "\",\"kty\":\"EC\",\"x\":\"" + jwk.x
							+ "\",\"y\":\"" + jwk.y + "\"}");
					yield new SigningKey(id, pair, publish(jwk, id, Algorithm.ES256), ECSigner.newSHA256Signer(pair.getPrivate(), id));
				}
				case ED25519 -> {
					KeyPair pair = pair("Ed25519", 0, null);
					JSONWebKey jwk = JSONWebKey.build(pair.getPublic());
					String id = (kid != null) ? kid
							: thumbprint("{\"crv\":\"" + jwk.crv + "\",\"kty\":\"OKP\",\"x\":\"" + jwk.x + "\"}");
					yield new SigningKey(id, pair, publish(jwk, id, Algorithm.Ed25519), EdDSASigner.newSigner(pair.getPrivate(), id));
				}
			};
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not generate a " + type + " key", ex);
		}
	}

	private static KeyPair pair(String algorithm, int size, ECGenParameterSpec curve) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
		if (curve != null) {
			generator.initialize(curve);
		}
		else if (size > 0) {
			generator.initialize(size);
		}
		return generator.generateKeyPair();
	}

	private static String publish(JSONWebKey jwk, String kid, Algorithm algorithm) {
		jwk.kid = kid;
		jwk.alg = algorithm;
		jwk.use = "sig";
		return jwk.toJSON();
	}

	private static String thumbprint(String requiredMembers) throws GeneralSecurityException {
		byte[] digest = MessageDigest.getInstance("SHA-1").digest(requiredMembers.getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	String kid() {
		return this.kid;
	}

	/** The public JWK, as a JSON object. */
	String publicJwk() {
		return this.publicJwk;
	}

	Signer signer() {
		return this.signer;
	}

	PublicKey publicKey() {
		return this.keyPair.getPublic();
	}

	PrivateKey privateKey() {
		return this.keyPair.getPrivate();
	}

}
