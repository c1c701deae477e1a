package dev.offlineauth.jwt;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Nimbus's processor, reading the claims a little more strictly: {@code exp}, {@code nbf} and {@code iat}
 * must be JSON integers between 1970 and the end of year 9999, as FusionAuth writes them. Nimbus would
 * truncate {@code 1.7E9} or {@code 1700000000.5} to a date, and take any 64-bit value; such tokens come
 * from no FusionAuth, and values past year 9999 overflow the conversions that follow.
 *
 * <p>The payload is parsed once, here, and the claims built from that one parse.
 */
final class StrictClaimsJwtProcessor extends DefaultJWTProcessor<SecurityContext> {

	private static final List<String> NUMERIC_DATES = List.of("exp", "nbf", "iat");

	/** 9999-12-31T23:59:59Z. */
	private static final long LATEST = 253_402_300_799L;

	@Override
	protected JWTClaimsSet extractJWTClaimsSet(JWT jwt) throws BadJWTException {
		Map<String, Object> json = (jwt instanceof JOSEObject jose) ? jose.getPayload().toJSONObject() : null;
		if (json == null) {
			throw new BadJWTException("The payload is not a JSON object");
		}
		for (String claim : NUMERIC_DATES) {
			Object value = json.get(claim);
			if (value != null && !(value instanceof Long seconds && seconds >= 0 && seconds <= LATEST)) {
				throw new BadJWTException("The " + claim + " claim is not a whole number of seconds within range");
			}
		}
		try {
			return JWTClaimsSet.parse(json);
		}
		catch (ParseException ex) {
			throw new BadJWTException("Invalid claims: " + ex.getMessage(), ex);
		}
	}

}
