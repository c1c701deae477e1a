package dev.offlineauth.test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.fusionauth.jwt.domain.JWT;

/**
 * Builds an access token as FusionAuth issues one from its Login API, with fusionauth-jwt (the library
 * FusionAuth signs with): header {@code alg}, {@code typ: JWT}, {@code kid}; claims {@code iss},
 * {@code aud} (the application id), {@code sub} (a user id), {@code exp}, {@code iat}, {@code auth_time},
 * {@code jti}, {@code tid}, {@code applicationId}, {@code roles} and {@code authenticationType}. Obtained
 * from {@link FakeFusionAuth#token()}; times are FusionAuth's, the real time of the fake's clock.
 *
 * <p>Not thread-safe: one builder per token.
 */
public final class AccessTokenBuilder {

	/** How long a token lives unless told otherwise: the access-token TTL this project recommends. */
	static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(15);

	private final FakeFusionAuth fusionAuth;

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private String subject = UUID.randomUUID().toString();

	private List<String> roles = List.of();

	private List<String> audiences;

	private String issuer;

	private String tenant;

	private Duration expiresIn = DEFAULT_TIME_TO_LIVE;

	private Duration expiredAgo;

	private FakeFusionAuth.KeyType keyType = FakeFusionAuth.KeyType.RSA;

	AccessTokenBuilder(FakeFusionAuth fusionAuth) {
		this.fusionAuth = fusionAuth;
	}

	/**
	 * The user's id, the {@code sub} claim; by default a new random UUID for each token.
	 * @param subject the user id
	 * @return this builder
	 */
	public AccessTokenBuilder subject(String subject) {
		this.subject = Objects.requireNonNull(subject, "subject");
		return this;
	}

	/**
	 * The user's roles in the application, the {@code roles} claim; by default none.
	 * @param roles the role names, e.g. {@code "user", "admin"}
	 * @return this builder
	 */
	public AccessTokenBuilder roles(String... roles) {
		this.roles = List.of(roles);
		return this;
	}

	/**
	 * The {@code aud} claim: one application id, or several (a JSON array, as FusionAuth 1.67+ may send).
	 * The first is also the {@code applicationId} claim. By default, the first of the service's
	 * {@code offline-auth.audiences}.
	 * @param audiences the application ids
	 * @return this builder
	 */
	public AccessTokenBuilder audience(String... audiences) {
		if (audiences.length == 0) {
			throw new IllegalArgumentException("At least one audience");
		}
		this.audiences = List.of(audiences);
		return this;
	}

	/**
	 * The {@code iss} claim; by default the service's {@code offline-auth.issuer}.
	 * @param issuer the issuer
	 * @return this builder
	 */
	public AccessTokenBuilder issuer(String issuer) {
		this.issuer = Objects.requireNonNull(issuer, "issuer");
		return this;
	}

	/**
	 * The tenant id, the {@code tid} claim; by default the fake's own tenant.
	 * @param tenantId the tenant id
	 * @return this builder
	 */
	public AccessTokenBuilder tenant(String tenantId) {
		this.tenant = Objects.requireNonNull(tenantId, "tenantId");
		return this;
	}

	/**
	 * Any other claim, or a different value for one of the above (set last, it wins).
	 * @param name the claim name
	 * @param value its value: a string, number, boolean, list or map
	 * @return this builder
	 */
	public AccessTokenBuilder claim(String name, Object value) {
		this.claims.put(Objects.requireNonNull(name, "name"), value);
		return this;
	}

	/**
	 * A token issued now that expires after this long (default 15 minutes).
	 * @param timeToLive how long it lives, not negative
	 * @return this builder
	 */
	public AccessTokenBuilder expiresIn(Duration timeToLive) {
		if (timeToLive.isNegative()) {
			throw new IllegalArgumentException("A negative time to live: use expiredAgo");
		}
		this.expiresIn = timeToLive;
		this.expiredAgo = null;
		return this;
	}

	/**
	 * A token that expired this long ago (after living 15 minutes): what a client still holds after
	 * FusionAuth became unreachable and it could not refresh.
	 * @param ago how long ago it expired, not negative
	 * @return this builder
	 */
	public AccessTokenBuilder expiredAgo(Duration ago) {
		if (ago.isNegative()) {
			throw new IllegalArgumentException("A negative expiry in the past: use expiresIn");
		}
		this.expiredAgo = ago;
		return this;
	}

	/**
	 * Which of the fake's current keys signs the token (default {@code RSA}, RS256).
	 * @param keyType the key type
	 * @return this builder
	 */
	public AccessTokenBuilder keyType(FakeFusionAuth.KeyType keyType) {
		this.keyType = Objects.requireNonNull(keyType, "keyType");
		return this;
	}

	/** The signed token, in compact form (what follows {@code Bearer }). */
	public String build() {
		Instant now = this.fusionAuth.clock().realTime();
		Instant expiresAt = (this.expiredAgo != null) ? now.minus(this.expiredAgo) : now.plus(this.expiresIn);
		Instant issuedAt = (this.expiredAgo != null) ? expiresAt.minus(DEFAULT_TIME_TO_LIVE) : now;
		List<String> audiences = (this.audiences != null) ? this.audiences : List.of(this.fusionAuth.audience());
		JWT jwt = new JWT().setIssuer((this.issuer != null) ? this.issuer : this.fusionAuth.issuer())
			.setAudience((audiences.size() == 1) ? audiences.get(0) : audiences)
			.setSubject(this.subject)
			.setExpiration(at(expiresAt))
			.setIssuedAt(at(issuedAt))
			.setUniqueId(UUID.randomUUID().toString())
			.addClaim("auth_time", issuedAt.getEpochSecond())
			.addClaim("tid", (this.tenant != null) ? this.tenant : this.fusionAuth.tenantId())
			.addClaim("applicationId", audiences.get(0))
			.addClaim("roles", this.roles)
			.addClaim("authenticationType", "PASSWORD");
		this.claims.forEach(jwt::addClaim);
		return JWT.getEncoder().encode(jwt, this.fusionAuth.currentKey(this.keyType).signer());
	}

	private static ZonedDateTime at(Instant instant) {
		return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
