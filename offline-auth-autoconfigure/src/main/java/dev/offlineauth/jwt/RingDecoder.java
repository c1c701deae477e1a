package dev.offlineauth.jwt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.VerificationKey;
import dev.offlineauth.offline.Refusal;

/**
 * Verifies tokens against one immutable {@link KeyRing}. One is built per ring (when keys change), so
 * that a verified token is known to be verified by exactly that ring's keys, and what can be prepared
 * once (the signature checks of its keys, the accepted algorithms by name) is only looked up per request.
 *
 * <p>For one token, in order, each step refusing with {@code invalid_token}:
 * <ol>
 * <li>three base64url parts, nothing else: no JWE, no unsecured token, no padding, no other character;</li>
 * <li>the header, parsed once, strictly ({@link TokenJson}): {@code alg} on the allow-list, {@code typ}
 * {@code JWT} or absent, no {@code crit} or {@code b64} (none is understood here), a {@code kid} naming a
 * key of the ring for that {@code alg}. Only {@code kid} and {@code alg} select a key: {@code jku},
 * {@code x5u}, {@code jwk} and {@code x5c} are never read;</li>
 * <li>the signature, by the JDK, with signature objects prepared once per key ({@link SignatureCheck});</li>
 * <li>the claims, parsed once and read strictly ({@link StrictClaims}).</li>
 * </ol>
 * The parsed header and claims become the {@code Jwt} directly: nothing is parsed twice or copied more
 * than once, and a valid token throws nothing.
 *
 * <p>Thread-safe; immutable but for the signature objects its checks keep for reuse.
 */
final class RingDecoder {

	/** The value of each base64url character (RFC 4648 §5), -1 for every other character. */
	private static final byte[] BASE64URL = new byte[128];

	static {
		Arrays.fill(BASE64URL, (byte) -1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		for (int i = 0; i < alphabet.length(); i++) {
			BASE64URL[alphabet.charAt(i)] = (byte) i;
		}
	}

	private final KeyRing ring;

	/** The allowed algorithms by their {@code alg} name. */
	private final Map<String, JWSAlgorithm> algorithms;

	/** For each key of the ring, by {@code kid}: its signature check for each allowed algorithm, by name. */
	private final Map<String, Map<String, SignatureCheck>> checks;

	RingDecoder(KeyRing ring, Set<JWSAlgorithm> allowedAlgorithms) {
		this.ring = ring;
		Map<String, JWSAlgorithm> algorithms = new HashMap<>();
		allowedAlgorithms.forEach((algorithm) -> algorithms.put(algorithm.getName(), algorithm));
		this.algorithms = Map.copyOf(algorithms);
		Map<String, Map<String, SignatureCheck>> checks = new HashMap<>();
		for (String kid : ring.kids()) {
			VerificationKey key = ring.find(kid);
			Map<String, SignatureCheck> byAlgorithm = new HashMap<>();
			for (JWSAlgorithm algorithm : key.algorithms()) {
				SignatureCheck check = allowedAlgorithms.contains(algorithm)
						? SignatureCheck.of(key.publicKey(), algorithm) : null;
				if (check != null) {
					byAlgorithm.put(algorithm.getName(), check);
				}
			}
			checks.put(kid, Map.copyOf(byAlgorithm));
		}
		this.checks = Map.copyOf(checks);
	}

	KeyRing ring() {
		return this.ring;
	}

	/**
	 * Verifies the signature and reads the claims; checks nothing that depends on the time or on the
	 * claims' values.
	 * @throws UnknownKidException if the token names a key this ring lacks
	 * @throws OfflineAuthRefusalException if the token is not valid
	 */
	VerifiedToken verify(String token) {
		int length = token.length();
		int firstDot = token.indexOf('.');
		int secondDot = (firstDot > 0) ? token.indexOf('.', firstDot + 1) : -1;
		if (firstDot <= 0 || secondDot < 0 || secondDot == firstDot + 1 || secondDot == length - 1
				|| token.indexOf('.', secondDot + 1) >= 0) {
			throw invalid("Not three parts");
		}
		// Every part is decoded, and so every character checked to be base64url, before the signing input
		// is read as bytes.
		Map<String, Object> header = json(token, 0, firstDot);
		JWSAlgorithm algorithm = (header.get("alg") instanceof String name) ? this.algorithms.get(name) : null;
		// An algorithm that is not allowed never gets as far as a key lookup, let alone a fetch.
		if (algorithm == null) {
			TokenRefusals.algorithm(this.algorithms.keySet(), header.get("alg"));
			throw invalid("Algorithm not accepted");
		}
		if (header.containsKey("crit") || header.containsKey("b64")) {
			throw invalid("Unsupported header parameter");
		}
		Object type = header.get("typ");
		if (type != null && !(type instanceof String typ && typ.equalsIgnoreCase("JWT"))) {
			TokenRefusals.type(type);
			throw invalid("Not a JWT");
		}
		if (!(header.get("kid") instanceof String kid) || kid.isEmpty() || kid.length() > JwksReader.MAX_KID_LENGTH) {
			throw invalid("No usable kid");
		}
		VerificationKey key = this.ring.find(kid);
		if (key == null) {
			throw new UnknownKidException(kid);
		}
		SignatureCheck check = this.checks.get(kid).get(algorithm.getName());
		if (check == null) {
			throw invalid("The key does not verify this algorithm");
		}
		byte[] payload = decode(token, firstDot + 1, secondDot);
		if (!check.verify(token, secondDot, decode(token, secondDot + 1, length))) {
			throw invalid("Invalid signature");
		}
		Map<String, Object> claims = json(payload);
		String problem = StrictClaims.convertClaims(claims);
		if (problem != null) {
			throw invalid(problem);
		}
		if (claims.isEmpty()) {
			throw invalid("No claims");
		}
		StrictClaims.convertHeader(header);
		try {
			return new VerifiedToken(token, header, claims, key, algorithm, this.ring.source());
		}
		catch (IllegalArgumentException ex) {
			// Spring's Jwt refuses an exp that is not after iat.
			throw invalid("Claims not accepted by Jwt");
		}
	}

	private static Map<String, Object> json(String token, int from, int to) {
		return json(decode(token, from, to));
	}

	private static Map<String, Object> json(byte[] decoded) {
		try {
			return TokenJson.parseObject(decoded, 0, decoded.length);
		}
		catch (TokenJson.MalformedException ex) {
			throw invalid("Malformed token");
		}
	}

	/** Decodes unpadded base64url, refusing any other character. */
	private static byte[] decode(String token, int from, int to) {
		int length = to - from;
		if (length % 4 == 1) {
			throw invalid("Not base64url");
		}
		byte[] decoded = new byte[length / 4 * 3 + Math.max(0, length % 4 - 1)];
		int out = 0;
		int fullGroups = from + (length & ~3);
		// Four characters at a time, one check per group: an invalid character is -1, which makes the
		// whole group negative.
		for (int i = from; i < fullGroups; i += 4) {
			int bits = (value(token.charAt(i)) << 18) | (value(token.charAt(i + 1)) << 12)
					| (value(token.charAt(i + 2)) << 6) | value(token.charAt(i + 3));
			if (bits < 0) {
				throw invalid("Not base64url");
			}
			decoded[out++] = (byte) (bits >> 16);
			decoded[out++] = (byte) (bits >> 8);
			decoded[out++] = (byte) bits;
		}
		int rest = to - fullGroups;
		if (rest > 0) {
			int bits = (value(token.charAt(fullGroups)) << 12) | (value(token.charAt(fullGroups + 1)) << 6)
					| ((rest == 3) ? value(token.charAt(fullGroups + 2)) : 0);
			if (bits < 0) {
				throw invalid("Not base64url");
			}
			if (rest == 3) {
				decoded[out++] = (byte) (bits >> 10);
				decoded[out] = (byte) (bits >> 2);
			}
			else {
				decoded[out] = (byte) (bits >> 10);
			}
		}
		return decoded;
	}

	/** The value of a base64url character, or -1 (every bit set) for any other character. */
	private static int value(char c) {
		return (c < BASE64URL.length) ? BASE64URL[c] : -1;
	}

	private static OfflineAuthRefusalException invalid(String message) {
		return new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, message);
	}

	/** Thrown by {@link #verify} when the ring lacks the token's key. */
	static final class UnknownKidException extends RuntimeException {

		private final String kid;

		UnknownKidException(String kid) {
			super(null, null, false, false);
			this.kid = kid;
		}

		String kid() {
			return this.kid;
		}

	}

}
