package dev.offlineauth.offline;

/** Whether FusionAuth answered the latest contact. */
public enum ConnectivityStatus {

	/** No contact has completed since startup. Grace is not granted before FusionAuth is known to be down. */
	UNKNOWN("unknown"),

	/** The latest contact succeeded. */
	ONLINE("online"),

	/** The latest contact failed, or FusionAuth is never contacted (bundled keys only). */
	OFFLINE("offline");

	private final String value;

	ConnectivityStatus(String value) {
		this.value = value;
	}

	/** The name used in responses, health details and metrics. */
	public String value() {
		return this.value;
	}

}
