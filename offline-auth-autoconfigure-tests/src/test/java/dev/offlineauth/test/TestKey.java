package dev.offlineauth.test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.fusionauth.jwt.Signer;
import io.fusionauth.jwt.ec.ECSigner;
import io.fusionauth.jwt.ed.EdDSASigner;
import io.fusionauth.jwt.rsa.RSASigner;

/**
 * A signing key as FusionAuth's Key Master holds one: a key pair, a {@code kid}, its public JWK, and a
 * fusionauth-jwt signer that mints tokens the way FusionAuth does.
 */
public final class TestKey {

	private final String kid;

	private final KeyPair keyPair;

	private final JWK publicJwk;

	private final Signer signer;

	private TestKey(String kid, KeyPair keyPair, JWK publicJwk, Signer signer) {
		this.kid = kid;
		this.keyPair = keyPair;
		this.publicJwk = publicJwk;
		this.signer = signer;
	}

	public static TestKey rsa(String kid) {
		KeyPair pair = generate("RSA", 2048);
		JWK jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid)
			.algorithm(JWSAlgorithm.RS256)
			.keyUse(KeyUse.SIGNATURE)
			.build();
		return new TestKey(kid, pair, jwk, RSASigner.newSHA256Signer(pair.getPrivate(), kid));
	}

	public static TestKey ec256(String kid) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			JWK jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID(kid)
				.algorithm(JWSAlgorithm.ES256)
				.keyUse(KeyUse.SIGNATURE)
				.build();
			return new TestKey(kid, pair, jwk, ECSigner.newSHA256Signer(pair.getPrivate(), kid));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An Ed25519 key whose kid is its RFC 7638 thumbprint. */
	public static TestKey ed25519() {
		KeyPair pair = generate("Ed25519", 0);
		byte[] encoded = pair.getPublic().getEncoded();
		byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
		OctetKeyPair unnamed = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).build();
		try {
			String kid = unnamed.computeThumbprint().toString();
			JWK jwk = new OctetKeyPair.Builder(unnamed).keyID(kid)
				.algorithm(JWSAlgorithm.Ed25519)
				.keyUse(KeyUse.SIGNATURE)
				.build();
			return new TestKey(kid, pair, jwk, EdDSASigner.newSigner(pair.getPrivate(), kid));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair generate(String algorithm, int size) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			if (size > 0) {
				generator.initialize(size);
			}
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A JWKS document holding the public keys, as FusionAuth serves it. */
	public static String jwks(TestKey... keys) {
		return jwks(List.of(keys));
	}

	public static String jwks(List<TestKey> keys) {
		return keys.stream().map((key) -> key.publicJwk.toJSONString()).collect(Collectors.joining(",", "{\"keys\":[", "]}"));
	}

	public String kid() {
		return this.kid;
	}

	public PublicKey publicKey() {
		return this.keyPair.getPublic();
	}

	public PrivateKey privateKey() {
		return this.keyPair.getPrivate();
	}

	public JWK publicJwk() {
		return this.publicJwk;
	}

	public Signer signer() {
		return this.signer;
	}

}
