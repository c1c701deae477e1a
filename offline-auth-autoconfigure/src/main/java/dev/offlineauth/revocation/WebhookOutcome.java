package dev.offlineauth.revocation;

/** How a webhook request ended: the HTTP status it gets, and a fixed name for metrics. */
public enum WebhookOutcome {

	/** Signed, read, and applied (a cutoff, or a key fetch started). */
	APPLIED(200, "applied"),

	/** An event already applied (same {@code event.id}). */
	DUPLICATE(200, "duplicate"),

	/** A type offline-auth does not act on. */
	IGNORED(200, "ignored"),

	/** A cutoff that has already ended: nothing left to refuse. */
	EXPIRED(200, "expired"),

	/** Signed, but not a FusionAuth event offline-auth can act on. */
	MALFORMED(400, "malformed"),

	/** The signature is missing or wrong: nothing is applied. */
	INVALID_SIGNATURE(401, "invalid_signature"),

	/** The body is larger than {@code offline-auth.revocation.webhook.max-body-size}. */
	TOO_LARGE(413, "too_large"),

	/** Applied here, but the shared store could not take it: FusionAuth should deliver it again. */
	STORE_UNAVAILABLE(503, "store_unavailable"),

	/** Signed by an allowed key that is not known yet: nothing is applied. */
	KEYS_UNAVAILABLE(503, "keys_unavailable");

	private final int httpStatus;

	private final String value;

	WebhookOutcome(int httpStatus, String value) {
		this.httpStatus = httpStatus;
		this.value = value;
	}

	public int httpStatus() {
		return this.httpStatus;
	}

	/** The {@code outcome} tag of {@code offline.auth.revocation.events}. */
	public String value() {
		return this.value;
	}

}
