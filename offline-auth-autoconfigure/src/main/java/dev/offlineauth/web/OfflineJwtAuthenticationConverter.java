package dev.offlineauth.web;

import java.util.Collection;
import java.util.Objects;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import dev.offlineauth.jwt.VerifiedJwt;
import dev.offlineauth.offline.TokenStatus;

/**
 * Turns a decoded token into an {@link OfflineAuthenticationToken}: authorities from the roles claim with
 * a prefix (Spring's {@link JwtGrantedAuthoritiesConverter}, which reads a list or a space-separated
 * string), the principal name from the configured claim, and the status and key source the decoder
 * recorded.
 */
public final class OfflineJwtAuthenticationConverter implements Converter<Jwt, OfflineAuthenticationToken> {

	private final JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();

	private final String principalClaim;

	/**
	 * @param authoritiesClaim the claim holding the roles
	 * @param authorityPrefix the prefix added to each role
	 * @param principalClaim the claim naming the principal
	 */
	public OfflineJwtAuthenticationConverter(String authoritiesClaim, String authorityPrefix, String principalClaim) {
		this.authorities.setAuthoritiesClaimName(Objects.requireNonNull(authoritiesClaim, "authoritiesClaim"));
		this.authorities.setAuthorityPrefix(Objects.requireNonNull(authorityPrefix, "authorityPrefix"));
		this.principalClaim = Objects.requireNonNull(principalClaim, "principalClaim");
	}

	@Override
	public OfflineAuthenticationToken convert(Jwt jwt) {
		Collection<GrantedAuthority> granted = this.authorities.convert(jwt);
		Object principal = jwt.getClaims().get(this.principalClaim);
		String name = (principal != null) ? principal.toString() : jwt.getSubject();
		if (jwt instanceof VerifiedJwt verified) {
			return new OfflineAuthenticationToken(jwt, granted, name, verified.getTokenStatus(),
					verified.getKeySource());
		}
		// Verified by an application-provided decoder: it has no notion of grace.
		return new OfflineAuthenticationToken(jwt, granted, name, TokenStatus.FRESH, null);
	}

}
