package dev.offlineauth.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import dev.offlineauth.jwt.VerifiedJwt;
import dev.offlineauth.offline.TokenStatus;

/**
 * Turns a decoded token into an {@link OfflineAuthenticationToken}: authorities from the roles claim (a
 * list of strings, or one space-separated string, as Spring's {@code JwtGrantedAuthoritiesConverter} reads
 * it) with a prefix, the principal name from the configured claim, and the status and key source the
 * decoder recorded.
 *
 * <p>offline-auth's decoder has already refused claims of the wrong type; with an application's own decoder,
 * a roles claim that is not strings, or a principal claim that is not a string, is an invalid token
 * ({@code 401 invalid_token}), never an exception that would end as a server error.
 *
 * <p>Immutable and thread-safe.
 */
public final class OfflineJwtAuthenticationConverter implements Converter<Jwt, OfflineAuthenticationToken> {

	private final String authoritiesClaim;

	private final String authorityPrefix;

	private final String principalClaim;

	/**
	 * @param authoritiesClaim the claim holding the roles
	 * @param authorityPrefix the prefix added to each role
	 * @param principalClaim the claim naming the principal
	 */
	public OfflineJwtAuthenticationConverter(String authoritiesClaim, String authorityPrefix, String principalClaim) {
		this.authoritiesClaim = Objects.requireNonNull(authoritiesClaim, "authoritiesClaim");
		this.authorityPrefix = Objects.requireNonNull(authorityPrefix, "authorityPrefix");
		this.principalClaim = Objects.requireNonNull(principalClaim, "principalClaim");
	}

	@Override
	public OfflineAuthenticationToken convert(Jwt jwt) {
		Collection<GrantedAuthority> granted = authorities(jwt.getClaims().get(this.authoritiesClaim));
		Object principal = jwt.getClaims().get(this.principalClaim);
		if (principal != null && !(principal instanceof String)) {
			throw new InvalidBearerTokenException("The principal claim is not a string");
		}
		String name = (principal != null) ? (String) principal : jwt.getSubject();
		if (jwt instanceof VerifiedJwt verified) {
			return new OfflineAuthenticationToken(jwt, granted, name, verified.getTokenStatus(),
					verified.getKeySource());
		}
		// Verified by an application-provided decoder: it has no notion of grace.
		return new OfflineAuthenticationToken(jwt, granted, name, TokenStatus.FRESH, null);
	}

	private Collection<GrantedAuthority> authorities(Object claim) {
		if (claim == null) {
			return List.of();
		}
		List<GrantedAuthority> granted = new ArrayList<>();
		if (claim instanceof String roles) {
			for (String role : roles.trim().split("\\s+")) {
				if (!role.isEmpty()) {
					granted.add(new SimpleGrantedAuthority(this.authorityPrefix + role));
				}
			}
			return granted;
		}
		if (claim instanceof Collection<?> roles) {
			for (Object role : roles) {
				if (!(role instanceof String name)) {
					throw new InvalidBearerTokenException("The authorities claim is not a list of strings");
				}
				granted.add(new SimpleGrantedAuthority(this.authorityPrefix + name));
			}
			return granted;
		}
		throw new InvalidBearerTokenException("The authorities claim is not a list of strings");
	}

}
