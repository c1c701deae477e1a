package dev.offlineauth.jwt;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.springframework.security.oauth2.jwt.Jwt;

import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.offline.TokenStatus;

/**
 * A {@link Jwt} that the offline-auth decoder accepted, with how it was accepted (fresh or in grace) and
 * which key source verified it. Being a {@code Jwt}, it flows through Spring Security's own
 * {@code JwtAuthenticationProvider} unchanged.
 */
public class VerifiedJwt extends Jwt {

	private static final long serialVersionUID = 1L;

	private final TokenStatus tokenStatus;

	private final KeySource keySource;

	public VerifiedJwt(Jwt jwt, TokenStatus tokenStatus, KeySource keySource) {
		this(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getHeaders(), jwt.getClaims(),
				tokenStatus, keySource);
	}

	/** Built straight from the parsed token: the header and claims are copied once, by {@code Jwt}. */
	VerifiedJwt(String tokenValue, Instant issuedAt, Instant expiresAt, Map<String, Object> headers,
			Map<String, Object> claims, TokenStatus tokenStatus, KeySource keySource) {
		super(tokenValue, issuedAt, expiresAt, headers, claims);
		this.tokenStatus = Objects.requireNonNull(tokenStatus, "tokenStatus");
		this.keySource = Objects.requireNonNull(keySource, "keySource");
	}

	/** Fresh, or in grace. */
	public TokenStatus getTokenStatus() {
		return this.tokenStatus;
	}

	/** The source of the key that verified the signature. */
	public KeySource getKeySource() {
		return this.keySource;
	}

	@Override
	public boolean equals(Object obj) {
		return super.equals(obj) && obj instanceof VerifiedJwt other && this.tokenStatus == other.tokenStatus
				&& this.keySource == other.keySource;
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.tokenStatus, this.keySource);
	}

}
