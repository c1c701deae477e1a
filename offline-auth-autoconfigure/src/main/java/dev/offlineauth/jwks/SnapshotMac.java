package dev.offlineauth.jwks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The integrity check of a snapshot file under {@code offline-auth.jwks.snapshot-secret}: an HMAC-SHA256 of
 * the exact bytes of the document, written as its last member ({@code ...,"mac":"<base64>"}), so that the
 * file stays plain JSON and the MAC never depends on how a parser re-serializes it.
 *
 * <p>Immutable and thread-safe ({@link Mac} instances are made per use).
 */
final class SnapshotMac {

	private static final String ALGORITHM = "HmacSHA256";

	/** The end of a document carrying a MAC: the member, then the closing brace and optional whitespace. */
	private static final Pattern TRAILER = Pattern.compile(",\"mac\":\"([A-Za-z0-9+/=]{44})\"}\\s*\\z");

	private final SecretKeySpec key;

	SnapshotMac(String secret) {
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
	}

	/** The MAC of a document, in standard base64. */
	String of(String document) {
		return Base64.getEncoder().encodeToString(mac(document.getBytes(StandardCharsets.UTF_8)));
	}

	/** Whether the file's text ends with a MAC of the document before it, compared in constant time. */
	boolean verifies(String text) {
		Matcher trailer = TRAILER.matcher(text);
		if (!trailer.find()) {
			return false;
		}
		String document = text.substring(0, trailer.start()) + "}";
		byte[] expected = mac(document.getBytes(StandardCharsets.UTF_8));
		return MessageDigest.isEqual(expected, Base64.getDecoder().decode(trailer.group(1)));
	}

	private byte[] mac(byte[] content) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(content);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JDK", ex);
		}
	}

}
