package dev.offlineauth.revocation;

/**
 * The FusionAuth event types offline-auth acts on, and the two values that stand for all the others: a
 * small, fixed set, so that it can tag metrics.
 */
public enum EventType {

	/** Refresh tokens of a user, of a user in an application, or of an application were revoked. */
	REFRESH_TOKEN_REVOKE("jwt.refresh-token.revoke"),

	/** A user was deactivated. */
	USER_DEACTIVATE("user.deactivate"),

	/** A user was deleted. */
	USER_DELETE("user.delete"),

	/** A user's registration with an application was deleted. */
	USER_REGISTRATION_DELETE("user.registration.delete"),

	/** FusionAuth's keys changed: fetch the JWKS now. */
	PUBLIC_KEY_UPDATE("jwt.public-key.update"),

	/** Any other event: acknowledged and ignored. */
	OTHER("other"),

	/** The request was refused before its event could be read. */
	UNKNOWN("unknown");

	private final String value;

	EventType(String value) {
		this.value = value;
	}

	/** FusionAuth's name of the type, or {@code other} / {@code unknown}. */
	public String value() {
		return this.value;
	}

	/** The type of an event's {@code type} member; {@link #OTHER} for any type not acted on. */
	public static EventType of(String type) {
		for (EventType candidate : values()) {
			if (candidate != OTHER && candidate != UNKNOWN && candidate.value.equals(type)) {
				return candidate;
			}
		}
		return OTHER;
	}

}
