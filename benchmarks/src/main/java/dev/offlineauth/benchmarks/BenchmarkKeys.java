package dev.offlineauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

/**
 * The three kinds of signing key FusionAuth offers (RSA 2048, EC P-256, Ed25519), their public JWKS, and
 * FusionAuth-shaped access tokens signed with them by the JDK.
 */
public final class BenchmarkKeys {

	/** FusionAuth's default tenant issuer: not a URL. */
	public static final String ISSUER = "acme.com";

	public static final String AUDIENCE = "3c219e58-ed0e-4b18-ad48-f4f92793ae32";

	private final List<Key> keys;

	public BenchmarkKeys() {
		this.keys = Arrays.stream(Algorithm.values()).map(Key::generate).toList();
	}

	/** The JWS algorithms measured, with the JDK's name for their signature and the key that makes them. */
	public enum Algorithm {

		RS256(JWSAlgorithm.RS256, "SHA256withRSA"),

		/** In JOSE's own r||s form, which the JDK verifies directly. */
		ES256(JWSAlgorithm.ES256, "SHA256withECDSAinP1363Format"),

		Ed25519(JWSAlgorithm.Ed25519, "Ed25519");

		final JWSAlgorithm jws;

		final String jca;

		Algorithm(JWSAlgorithm jws, String jca) {
			this.jws = jws;
			this.jca = jca;
		}

		public JWSAlgorithm jws() {
			return this.jws;
		}

		public String jca() {
			return this.jca;
		}

	}

	public Key key(Algorithm algorithm) {
		return this.keys.get(algorithm.ordinal());
	}

	/** The public keys, as FusionAuth publishes them. */
	public String jwks() {
		return this.keys.stream()
			.map((key) -> key.jwk.toPublicJWK().toJSONString())
			.collect(Collectors.joining(",", "{\"keys\":[", "]}"));
	}

	/** One signing key with its {@code kid} and public JWK. */
	public static final class Key {

		private final Algorithm algorithm;

		private final KeyPair pair;

		private final JWK jwk;

		private Key(Algorithm algorithm, KeyPair pair, JWK jwk) {
			this.algorithm = algorithm;
			this.pair = pair;
			this.jwk = jwk;
		}

		static Key generate(Algorithm algorithm) {
			try {
				String kid = "bench-" + algorithm.name().toLowerCase();
				switch (algorithm) {
					case RS256 -> {
						KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
						generator.initialize(2048);
						KeyPair pair = generator.generateKeyPair();
						return new Key(algorithm, pair, new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid)
							.algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).build());
					}
					case ES256 -> {
						KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
						generator.initialize(new ECGenParameterSpec("secp256r1"));
						KeyPair pair = generator.generateKeyPair();
						return new Key(algorithm, pair, new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
							.keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).build());
					}
					default -> {
						KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
						byte[] encoded = pair.getPublic().getEncoded();
						byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
						return new Key(algorithm, pair, new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
							.keyID(kid).algorithm(JWSAlgorithm.Ed25519).keyUse(KeyUse.SIGNATURE).build());
					}
				}
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		public Algorithm algorithm() {
			return this.algorithm;
		}

		public java.security.PublicKey publicKey() {
			return this.pair.getPublic();
		}

		public String kid() {
			return this.jwk.getKeyID();
		}

		/**
		 * A token shaped like a FusionAuth access token (the claims FusionAuth puts in one after a password
		 * login), valid for a day from {@code now}.
		 * @param now the issue time
		 * @param jti its unique id, so that tokens can be told apart
		 */
		public String token(Instant now, String jti) {
			String header = "{\"alg\":\"" + this.algorithm.jws.getName() + "\",\"typ\":\"JWT\",\"kid\":\"" + kid()
					+ "\"}";
			long iat = now.getEpochSecond();
			String payload = "{\"aud\":\"" + AUDIENCE + "\",\"exp\":" + (iat + 86_400) + ",\"iat\":" + iat
					+ ",\"iss\":\"" + ISSUER + "\",\"sub\":\"2f7a3c1e-5b4d-4e6f-8a9b-0c1d2e3f4a5b\",\"jti\":\"" + jti
					+ "\",\"authenticationType\":\"PASSWORD\",\"email\":\"richard@example.com\","
					+ "\"email_verified\":true,\"applicationId\":\"" + AUDIENCE + "\",\"scope\":\"offline_access\","
					+ "\"roles\":[\"user\",\"editor\"],\"sid\":\"6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e9f\",\"auth_time\":"
					+ iat + ",\"tid\":\"d7d09513-a3f5-401c-9685-34ab6c552453\"}";
			String signingInput = base64(header.getBytes(StandardCharsets.UTF_8)) + "."
					+ base64(payload.getBytes(StandardCharsets.UTF_8));
			return signingInput + "." + base64(sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}

		private byte[] sign(byte[] signingInput) {
			try {
				Signature signature = Signature.getInstance(this.algorithm.jca);
				PrivateKey privateKey = this.pair.getPrivate();
				signature.initSign(privateKey);
				signature.update(signingInput);
				return signature.sign();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static String base64(byte[] bytes) {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}

	}

}
