package dev.offlineauth.jwt;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Whether a verified token was revoked since it was issued. The decoder asks on every request, after the
 * offline policy, whether the token was just verified or found verified before: a revocation may arrive at
 * any moment. It must answer from memory, without I/O.
 */
@FunctionalInterface
public interface TokenRevocation {

	/** Revokes nothing: revocation is not enabled. */
	TokenRevocation NONE = (jwt) -> false;

	/**
	 * @param jwt a token whose signature and claims are verified
	 * @return {@code true} if it must be refused ({@code token_revoked})
	 */
	boolean isRevoked(Jwt jwt);

}
