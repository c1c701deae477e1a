package dev.offlineauth.offline;

/** How an accepted token was accepted. */
public enum TokenStatus {

	/** Not expired (within the clock skew). */
	FRESH("fresh"),

	/**
	 * Expired, but accepted because FusionAuth cannot be reached to refresh it and the grace period has not
	 * run out. Such a token may only use the read-only methods.
	 */
	GRACE("grace");

	private final String value;

	TokenStatus(String value) {
		this.value = value;
	}

	/** The name used in responses and metrics. */
	public String value() {
		return this.value;
	}

}
