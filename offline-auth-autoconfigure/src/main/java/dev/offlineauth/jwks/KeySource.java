package dev.offlineauth.jwks;

/** Where the keys of a {@link KeyRing} came from. */
public enum KeySource {

	/** FusionAuth's JWKS, from the latest fetch, which succeeded. */
	REMOTE("remote"),

	/**
	 * FusionAuth's JWKS as last obtained: kept because later fetches failed, or read from the snapshot file
	 * at startup before FusionAuth answered.
	 */
	LAST_KNOWN_GOOD("last-known-good"),

	/** The JWKS shipped with the application; used only until FusionAuth has been reached once. */
	BUNDLED("bundled"),

	/** No key at all. */
	NONE("none");

	private final String value;

	KeySource(String value) {
		this.value = value;
	}

	/** The name used in responses, health details and metrics. */
	public String value() {
		return this.value;
	}

}
