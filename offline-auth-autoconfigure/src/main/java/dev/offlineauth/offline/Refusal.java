package dev.offlineauth.offline;

/**
 * Every reason offline-auth refuses a request, with the HTTP status and the {@code code} member of the
 * problem body that the client receives. The codes are public: clients branch on them.
 */
public enum Refusal {

	/**
	 * The request itself is refused before any token is looked at: Spring Security's firewall found it
	 * malformed ({@code ;}, {@code ..}, encoded separators in the path), or it asked for the error path
	 * directly. RFC 6750 calls this {@code invalid_request}.
	 */
	INVALID_REQUEST("invalid_request", 400, "The request is malformed or not allowed on this path."),

	/** The firewall refused the request's method (TRACE, a lowercase or a made-up one). */
	METHOD_NOT_ALLOWED("invalid_request", 405, "The request method is not supported."),

	/** A protected path was called without a bearer token. */
	MISSING_TOKEN("missing_token", 401, "A bearer token is required."),

	/** Malformed, not signed by a trusted key, or with claims that are not accepted. */
	INVALID_TOKEN("invalid_token", 401, "The bearer token is not valid."),

	/** Expired, and grace does not apply. */
	TOKEN_EXPIRED("token_expired", 401, "The bearer token has expired."),

	/** Issued at or before a revocation FusionAuth announced (a cutoff that applies to it). */
	TOKEN_REVOKED("token_revoked", 401, "The bearer token has been revoked."),

	/** A token in grace used a method other than the read-only ones. */
	GRACE_READ_ONLY("grace_read_only", 403,
			"The token expired while the identity provider was unreachable; until it is refreshed it may only read."),

	/** The application's own authorization rules refused an authenticated request. */
	INSUFFICIENT_SCOPE("insufficient_scope", 403, "The token does not grant access to this resource."),

	/** No usable key is known at all. */
	KEYS_UNAVAILABLE("keys_unavailable", 503, "No key to verify tokens is available yet."),

	/** FusionAuth has not been reached for longer than the configured maximum. */
	OFFLINE_TOO_LONG("offline_too_long", 503,
			"The identity provider has been unreachable for longer than this service accepts."),

	/** The local clock reads earlier than the time FusionAuth last told. */
	CLOCK_ROLLBACK("clock_rollback", 503, "The server clock is behind the trusted time; tokens cannot be checked.");

	private final String code;

	private final int httpStatus;

	private final String detail;

	Refusal(String code, int httpStatus, String detail) {
		this.code = code;
		this.httpStatus = httpStatus;
		this.detail = detail;
	}

	/** The {@code code} member of the problem body. */
	public String code() {
		return this.code;
	}

	/** The HTTP status of the response. */
	public int httpStatus() {
		return this.httpStatus;
	}

	/** A sentence for the {@code detail} member; the same for every request, never derived from input. */
	public String detail() {
		return this.detail;
	}

}
