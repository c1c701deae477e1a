package dev.offlineauth.jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

/**
 * The claim checks other than time, from Spring Security's own validators: exact {@code iss}, at least
 * one accepted {@code aud}, and a principal claim. Time ({@code exp}, {@code nbf}, {@code iat}) is left to
 * the offline policy, which alone knows about grace.
 */
public final class TokenValidators {

	private TokenValidators() {
	}

	/**
	 * @param issuer the expected {@code iss}, compared exactly
	 * @param audiences accepted {@code aud} values
	 * @param principalClaim the claim that must name the principal
	 * @param additional further validators (the application's own)
	 * @return one validator running them all
	 */
	public static OAuth2TokenValidator<Jwt> of(String issuer, Collection<String> audiences, String principalClaim,
			List<OAuth2TokenValidator<Jwt>> additional) {
		Set<String> accepted = Set.copyOf(audiences);
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(new JwtIssuerValidator(Objects.requireNonNull(issuer, "issuer")));
		validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && !Collections.disjoint(aud, accepted)));
		validators.add(new JwtClaimValidator<Object>(principalClaim,
				(principal) -> (principal instanceof String name && !name.isBlank()) || principal instanceof Number));
		validators.addAll(additional);
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
