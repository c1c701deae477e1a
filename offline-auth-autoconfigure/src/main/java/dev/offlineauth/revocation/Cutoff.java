package dev.offlineauth.revocation;

import java.util.regex.Pattern;

/**
 * One revocation: every token of its scope issued at or before {@link #at()} is refused, until
 * {@link #expiresAt()}, by when no token it could refuse is valid any more. The scope is a user in one
 * application, a user in every application, or every user of one application. A user scope without a
 * tenant matches the user in any tenant (FusionAuth's user ids are unique across tenants); an application
 * scope never names a tenant (application ids are too). Immutable.
 *
 * @param tenantId the tenant, or {@code null}
 * @param userId the user, or {@code null} for every user of the application
 * @param applicationId the application, or {@code null} for the user in every application
 * @param at epoch milliseconds: tokens issued at or before this are refused
 * @param expiresAt epoch milliseconds: when the cutoff ends
 */
public record Cutoff(String tenantId, String userId, String applicationId, long at, long expiresAt) {

	/** FusionAuth's ids are UUIDs; anything else here came from somewhere it should not have. */
	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	public Cutoff {
		requireId(tenantId, "tenantId");
		requireId(userId, "userId");
		requireId(applicationId, "applicationId");
		if (userId == null && applicationId == null) {
			throw new IllegalArgumentException("A cutoff names a user, an application or both");
		}
		if (userId == null) {
			tenantId = null;
		}
		if (at < 0 || expiresAt < at) {
			throw new IllegalArgumentException("A cutoff ends after it begins, at a time after 1970");
		}
	}

	/** Whether {@code id} can be part of a cutoff's scope: a FusionAuth id, nothing that needs escaping. */
	public static boolean isValidId(String id) {
		return id != null && ID.matcher(id).matches();
	}

	/** Whether both cutoffs concern exactly the same tokens. */
	public boolean sameScope(Cutoff other) {
		return equal(this.tenantId, other.tenantId) && equal(this.userId, other.userId)
				&& equal(this.applicationId, other.applicationId);
	}

	/**
	 * The later of both cutoffs, lasting as long as the longer: the same result whatever the order in
	 * which they arrive, and however often.
	 */
	public Cutoff mergedWith(Cutoff other) {
		if (!sameScope(other)) {
			throw new IllegalArgumentException("Only cutoffs of one scope merge");
		}
		return new Cutoff(this.tenantId, this.userId, this.applicationId, Math.max(this.at, other.at),
				Math.max(this.expiresAt, other.expiresAt));
	}

	/** Whether a token issued at {@code issuedAt} is refused at {@code now} (both epoch milliseconds). */
	public boolean refuses(long issuedAt, long now) {
		return issuedAt <= this.at && now < this.expiresAt;
	}

	public boolean isExpired(long now) {
		return now >= this.expiresAt;
	}

	/** The scope as {@code tenant:user:application}, absent parts empty; ids never contain a colon. */
	public String scope() {
		return text(this.tenantId) + ":" + text(this.userId) + ":" + text(this.applicationId);
	}

	/**
	 * The cutoff of a scope written by {@link #scope()}.
	 * @throws IllegalArgumentException if it is not one
	 */
	public static Cutoff of(String scope, long at, long expiresAt) {
		String[] parts = scope.split(":", -1);
		if (parts.length != 3) {
			throw new IllegalArgumentException("Not a cutoff scope");
		}
		return new Cutoff(part(parts[0]), part(parts[1]), part(parts[2]), at, expiresAt);
	}

	@Override
	public String toString() {
		return "Cutoff[" + scope() + ", at=" + this.at + ", expiresAt=" + this.expiresAt + "]";
	}

	private static void requireId(String id, String name) {
		if (id != null && !isValidId(id)) {
			throw new IllegalArgumentException(name + " is not an id");
		}
	}

	private static String part(String text) {
		return text.isEmpty() ? null : text;
	}

	private static String text(String id) {
		return (id != null) ? id : "";
	}

	private static boolean equal(String a, String b) {
		return (a == null) ? b == null : a.equals(b);
	}

}
