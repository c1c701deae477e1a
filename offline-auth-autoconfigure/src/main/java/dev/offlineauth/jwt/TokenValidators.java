package dev.offlineauth.jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * The claim checks other than time: exact {@code iss}, at least one accepted {@code aud}, a principal claim
 * that is a string, an authorities claim that is absent, a string or a list of strings, then the
 * application's own validators. Time ({@code exp}, {@code nbf}, {@code iat}) is left to the offline
 * policy, which alone knows about grace. A wrong {@code iss} or {@code aud} is also told in the log (see
 * {@link TokenRefusals}): it is usually the service's configuration that is wrong.
 *
 * <p>They run on every request, cached token or not, so they are written to cost nothing when a token
 * passes: {@code iss} is compared as the string it is (Spring's {@code JwtIssuerValidator} would be
 * handed a claim that its converter first tried, and failed with an exception, to turn into a URL), and a
 * passing token allocates nothing.
 */
public final class TokenValidators {

	private static final OAuth2TokenValidatorResult WRONG_ISSUER = failure("The iss claim is not valid");

	private static final OAuth2TokenValidatorResult WRONG_AUDIENCE = failure("The aud claim is not valid");

	private static final OAuth2TokenValidatorResult NO_PRINCIPAL = failure("The principal claim is not valid");

	private static final OAuth2TokenValidatorResult WRONG_AUTHORITIES = failure(
			"The authorities claim is not a list of strings");

	private TokenValidators() {
	}

	/**
	 * @param issuer the expected {@code iss}, compared exactly
	 * @param audiences accepted {@code aud} values
	 * @param principalClaim the claim that must name the principal
	 * @param additional further validators (the application's own)
	 * @return one validator running them all, with {@code roles} as the authorities claim
	 */
	public static OAuth2TokenValidator<Jwt> of(String issuer, Collection<String> audiences, String principalClaim,
			List<OAuth2TokenValidator<Jwt>> additional) {
		return of(issuer, audiences, principalClaim, "roles", additional);
	}

	/**
	 * @param issuer the expected {@code iss}, compared exactly
	 * @param audiences accepted {@code aud} values
	 * @param principalClaim the claim that must name the principal
	 * @param authoritiesClaim the claim the authorities are read from, which must be a list of strings (or
	 * one space-separated string) when present
	 * @param additional further validators (the application's own)
	 * @return one validator running them all
	 */
	public static OAuth2TokenValidator<Jwt> of(String issuer, Collection<String> audiences, String principalClaim,
			String authoritiesClaim, List<OAuth2TokenValidator<Jwt>> additional) {
		OAuth2TokenValidator<Jwt> then = switch (additional.size()) {
			case 0 -> null;
			case 1 -> additional.get(0);
			default -> new DelegatingOAuth2TokenValidator<>(new ArrayList<>(additional));
		};
		return new ClaimsValidator(Objects.requireNonNull(issuer, "issuer"), Set.copyOf(audiences),
				Objects.requireNonNull(principalClaim, "principalClaim"),
				Objects.requireNonNull(authoritiesClaim, "authoritiesClaim"), then);
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

	private record ClaimsValidator(String issuer, Set<String> audiences, String principalClaim,
			String authoritiesClaim, OAuth2TokenValidator<Jwt> then) implements OAuth2TokenValidator<Jwt> {

		@Override
		public OAuth2TokenValidatorResult validate(Jwt jwt) {
			Map<String, Object> claims = jwt.getClaims();
			Object issued = claims.get(JwtClaimNames.ISS);
			if (!this.issuer.equals(issued)) {
				TokenRefusals.issuer(this.issuer, issued);
				return WRONG_ISSUER;
			}
			if (!acceptedAudience(claims.get(JwtClaimNames.AUD))) {
				TokenRefusals.audience(this.audiences, claims.get(JwtClaimNames.AUD));
				return WRONG_AUDIENCE;
			}
			// Of the wrong type, a claim is a bad token, never an exception further on.
			if (!(claims.get(this.principalClaim) instanceof String name && !name.isBlank())) {
				return NO_PRINCIPAL;
			}
			if (!authoritiesOfTheRightType(claims.get(this.authoritiesClaim))) {
				return WRONG_AUTHORITIES;
			}
			return (this.then != null) ? this.then.validate(jwt) : OAuth2TokenValidatorResult.success();
		}

		private static boolean authoritiesOfTheRightType(Object authorities) {
			if (authorities == null || authorities instanceof String) {
				return true;
			}
			if (authorities instanceof List<?> list) {
				for (int i = 0; i < list.size(); i++) {
					if (!(list.get(i) instanceof String)) {
						return false;
					}
				}
				return true;
			}
			return false;
		}

		private boolean acceptedAudience(Object audience) {
			if (audience instanceof String single) {
				return this.audiences.contains(single);
			}
			if (audience instanceof List<?> list) {
				// Indexed, not iterated: no iterator per request.
				for (int i = 0; i < list.size(); i++) {
					if (this.audiences.contains(list.get(i))) {
						return true;
					}
				}
				return false;
			}
			if (audience instanceof Collection<?> collection) {
				for (Object value : collection) {
					if (this.audiences.contains(value)) {
						return true;
					}
				}
			}
			return false;
		}

	}

}
