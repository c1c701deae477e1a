package dev.offlineauth.web;

import java.util.Collection;
import java.util.Objects;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.offline.TokenStatus;

/**
 * The authentication of a request with a bearer token accepted by offline-auth: a
 * {@link JwtAuthenticationToken} (so {@code @AuthenticationPrincipal Jwt} and existing code keep working)
 * that also tells whether the token is fresh or in grace, and which key source verified it.
 *
 * <p>It deliberately does not redeclare {@code toBuilder()}: Spring Security only rebuilds (and would drop
 * these fields from) authentications whose class declares it.
 */
public class OfflineAuthenticationToken extends JwtAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final TokenStatus tokenStatus;

	private final KeySource keySource;

	/**
	 * @param jwt the token
	 * @param authorities the granted authorities
	 * @param name the principal name
	 * @param tokenStatus fresh or grace
	 * @param keySource the source of the verifying key, or {@code null} when an application-provided
	 * decoder verified the token
	 */
	public OfflineAuthenticationToken(Jwt jwt, Collection<? extends GrantedAuthority> authorities, String name,
			TokenStatus tokenStatus, KeySource keySource) {
		super(jwt, authorities, name);
		this.tokenStatus = Objects.requireNonNull(tokenStatus, "tokenStatus");
		this.keySource = keySource;
	}

	/** Fresh, or in grace. */
	public TokenStatus getTokenStatus() {
		return this.tokenStatus;
	}

	/** Whether the token is in grace: expired while FusionAuth is unreachable, read-only. */
	public boolean isGrace() {
		return this.tokenStatus == TokenStatus.GRACE;
	}

	/**
	 * Which key source verified the token: remote, last-known-good or bundled; {@code null} when the
	 * application provides its own {@code JwtDecoder}.
	 */
	public KeySource getKeySource() {
		return this.keySource;
	}

	@Override
	public boolean equals(Object obj) {
		return super.equals(obj) && obj instanceof OfflineAuthenticationToken other
				&& this.tokenStatus == other.tokenStatus && this.keySource == other.keySource;
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.tokenStatus, this.keySource);
	}

}
