package dev.offlineauth.jwks;

/**
 * A JWKS could not be obtained or was not acceptable. The {@link Reason} is bounded, so it can be a
 * metric tag; the message may carry detail for logs but never a response body.
 */
public class JwksException extends Exception {

	private final Reason reason;

	public JwksException(Reason reason, String message) {
		this(reason, message, null);
	}

	public JwksException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why a JWKS was not used. */
	public enum Reason {

		/** The connection was refused, reset or otherwise failed. */
		CONNECTION("connection"),

		/** No complete response within the read timeout. */
		TIMEOUT("timeout"),

		/** A status other than 200 (redirects are not followed). */
		HTTP_STATUS("http_status"),

		/** The response is larger than the configured limit. */
		TOO_LARGE("too_large"),

		/** The body is not a JWKS document. */
		MALFORMED("malformed"),

		/** The document holds private or symmetric key material. */
		PRIVATE_KEY("private_key"),

		/** The document holds no key usable with the allowed algorithms. */
		NO_USABLE_KEYS("no_usable_keys");

		private final String value;

		Reason(String value) {
			this.value = value;
		}

		/** The name used in logs and metric tags. */
		public String value() {
			return this.value;
		}

		/** Whether the JWKS URL answered 200, with a body that is not a usable key set. */
		public boolean answeredOk() {
			return this == TOO_LARGE || this == MALFORMED || this == PRIVATE_KEY || this == NO_USABLE_KEYS;
		}

	}

}
