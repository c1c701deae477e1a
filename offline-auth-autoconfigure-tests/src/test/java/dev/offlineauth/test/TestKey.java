package dev.offlineauth.test;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWK;
import io.fusionauth.jwt.Signer;

import dev.offlineauth.test.FakeFusionAuth.KeyType;

/**
 * The raw material of one of the test kit's signing keys, for tests that assemble tokens, webhooks or key
 * sets by hand: its kid, key pair, public JWK and signer. A key of the kit's {@link FakeFusionAuth}
 * ({@link #current}), or a new one with a kid the test chooses, generated and published the same way.
 */
public final class TestKey {

	private final SigningKey key;

	private TestKey(SigningKey key) {
		this.key = key;
	}

	/** A new RSA 2048 key (RS256). */
	public static TestKey rsa(String kid) {
		return new TestKey(SigningKey.generate(KeyType.RSA, kid));
	}

	/** A new EC P-256 key (ES256). */
	public static TestKey ec256(String kid) {
		return new TestKey(SigningKey.generate(KeyType.EC, kid));
	}

	/** A new Ed25519 key whose kid is its thumbprint. */
	public static TestKey ed25519() {
		return new TestKey(SigningKey.generate(KeyType.ED25519));
	}

	/** The key the fake FusionAuth signs tokens of this type with now: one its JWKS publishes. */
	public static TestKey current(FakeFusionAuth fusionAuth, KeyType type) {
		return new TestKey(fusionAuth.currentKey(type));
	}

	/** A JWKS document holding the public keys, as FusionAuth serves it. */
	public static String jwks(TestKey... keys) {
		return Stream.of(keys).map((key) -> key.key.publicJwk()).collect(Collectors.joining(",", "{\"keys\":[", "]}"));
	}

	public String kid() {
		return this.key.kid();
	}

	public PublicKey publicKey() {
		return this.key.publicKey();
	}

	public PrivateKey privateKey() {
		return this.key.privateKey();
	}

	public JWK publicJwk() {
		try {
			return JWK.parse(this.key.publicJwk());
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Signer signer() {
		return this.key.signer();
	}

}
