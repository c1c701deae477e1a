package dev.offlineauth.jwt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.VerificationKey;
import dev.offlineauth.offline.Refusal;

/**
 * Verifies tokens against one immutable {@link KeyRing}. One is built per ring (when keys change), so
 * that a verified token is known to be verified by exactly that ring's keys, and what can be prepared
 * once (the prepared verifiers, the accepted algorithms by name) is only looked up per request.
 *
 * <p>For one token, in order, each step refusing with {@code invalid_token}:
 * <ol>
 * <li>three base64url parts, nothing else: no JWE, no unsecured token, no padding, no other character;</li>
 * <li>the header, parsed once by Nimbus's JSON parser: {@code alg} on the allow-list, {@code typ}
 * {@code JWT} or absent, no {@code crit} or {@code b64} (none is understood here), a {@code kid} naming a
 * key of the ring for that {@code alg}. Only {@code kid} and {@code alg} select a key: {@code jku},
 * {@code x5u}, {@code jwk} and {@code x5c} are never read;</li>
 * <li>the signature, by that key's prepared Nimbus (or JDK Ed25519) verifier;</li>
 * <li>the claims, parsed once and read strictly ({@link StrictClaims}).</li>
 * </ol>
 * The parsed header and claims become the {@code Jwt} directly: nothing is parsed twice or copied more
 * than once, and a valid token throws nothing.
 *
 * <p>Thread-safe and immutable.
 */
final class RingDecoder {

	private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

	/** The base64url alphabet (RFC 4648 §5), unpadded. */
	private static final boolean[] ALPHABET = new boolean[128];

	static {
		for (char c = 'A'; c <= 'Z'; c++) {
			ALPHABET[c] = true;
			ALPHABET[Character.toLowerCase(c)] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			ALPHABET[c] = true;
		}
		ALPHABET['-'] = true;
		ALPHABET['_'] = true;
	}

	private final KeyRing ring;

	/** The allowed algorithms by their {@code alg} name, each with the header its verifier is given. */
	private final Map<String, JWSHeader> headersByAlgorithm;

	RingDecoder(KeyRing ring, Set<JWSAlgorithm> allowedAlgorithms) {
		this.ring = ring;
		Map<String, JWSHeader> headers = new HashMap<>();
		for (JWSAlgorithm algorithm : allowedAlgorithms) {
			// The verifiers read only the algorithm and crit from a header; a token with crit never gets here.
			headers.put(algorithm.getName(), new JWSHeader(algorithm));
		}
		this.headersByAlgorithm = Map.copyOf(headers);
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
		byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
		int firstDot = -1;
		int secondDot = -1;
		for (int i = 0; i < ascii.length; i++) {
			byte c = ascii[i];
			if (c == '.') {
				if (firstDot < 0) {
					firstDot = i;
				}
				else if (secondDot < 0) {
					secondDot = i;
				}
				else {
					throw invalid("Not three parts");
				}
			}
			// Non-ASCII characters were replaced by '?', which is not in the alphabet either.
			else if (c < 0 || !ALPHABET[c]) {
				throw invalid("Not base64url");
			}
		}
		if (firstDot <= 0 || secondDot < 0 || secondDot == firstDot + 1 || secondDot == ascii.length - 1) {
			throw invalid("Not three parts");
		}
		Map<String, Object> header = json(ascii, 0, firstDot);
		JWSHeader verifierHeader = (header.get("alg") instanceof String name) ? this.headersByAlgorithm.get(name)
				: null;
		// An algorithm that is not allowed never gets as far as a key lookup, let alone a fetch.
		if (verifierHeader == null) {
			throw invalid("Algorithm not accepted");
		}
		if (header.containsKey("crit") || header.containsKey("b64")) {
			throw invalid("Unsupported header parameter");
		}
		Object type = header.get("typ");
		if (type != null && !(type instanceof String typ && typ.equalsIgnoreCase("JWT"))) {
			throw invalid("Not a JWT");
		}
		if (!(header.get("kid") instanceof String kid) || kid.isEmpty() || kid.length() > JwksReader.MAX_KID_LENGTH) {
			throw invalid("No usable kid");
		}
		VerificationKey key = this.ring.find(kid);
		if (key == null) {
			throw new UnknownKidException(kid);
		}
		JWSAlgorithm algorithm = verifierHeader.getAlgorithm();
		JWSVerifier verifier = key.verifierFor(algorithm);
		if (verifier == null) {
			throw invalid("The key does not verify this algorithm");
		}
		byte[] signingInput = Arrays.copyOf(ascii, secondDot);
		Base64URL signature = new Base64URL(token.substring(secondDot + 1));
		boolean valid;
		try {
			valid = verifier.verify(verifierHeader, signingInput, signature);
		}
		catch (JOSEException | RuntimeException ex) {
			throw invalid("Signature not verifiable");
		}
		if (!valid) {
			throw invalid("Invalid signature");
		}
		Map<String, Object> claims = json(ascii, firstDot + 1, secondDot - firstDot - 1);
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

	private static Map<String, Object> json(byte[] ascii, int offset, int length) {
		Map<String, Object> json;
		try {
			ByteBuffer decoded = BASE64URL.decode(ByteBuffer.wrap(ascii, offset, length));
			json = JSONObjectUtils.parse(new String(decoded.array(), 0, decoded.limit(), StandardCharsets.UTF_8));
		}
		catch (ParseException | RuntimeException ex) {
			// Whatever a hostile token provokes in parsing is a bad token, never a server error.
			throw invalid("Malformed token");
		}
		if (json == null) {
			throw invalid("Not a JSON object");
		}
		return json;
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
