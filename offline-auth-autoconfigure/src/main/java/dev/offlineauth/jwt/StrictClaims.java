package dev.offlineauth.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a token's parsed header or claims into what Spring's {@code Jwt} holds, in place and in one pass,
 * reading the registered claims strictly:
 * <ul>
 * <li>{@code exp}, {@code nbf} and {@code iat} must be JSON integers between 1970 and the end of year
 * 9999, as FusionAuth writes them, and become {@link Instant}s (Nimbus would truncate {@code 1.7E9} or
 * {@code 1700000000.5}, and take any 64-bit value that later overflows);</li>
 * <li>{@code iss}, {@code sub} and {@code jti} must be strings, and stay strings: {@code iss} is compared as
 * written, not turned into a URL (FusionAuth's default issuer {@code acme.com} is not one);</li>
 * <li>{@code aud} must be a string or a list of strings, and becomes a list.</li>
 * </ul>
 * Members that are JSON {@code null} are dropped. Nested lists and objects come unmodifiable from
 * {@link TokenJson}, so that one verified token can be shared by every request that presents it.
 */
final class StrictClaims {

	/** 9999-12-31T23:59:59Z. */
	private static final long LATEST = 253_402_300_799L;

	private static final String[] NUMERIC_DATES = { "exp", "nbf", "iat" };

	private static final String[] STRINGS = { "iss", "sub", "jti" };

	private StrictClaims() {
	}

	/**
	 * Checks and converts the claims.
	 * @param claims the parsed payload (nested values already unmodifiable), changed in place
	 * @return a description of the first claim that is not acceptable, or {@code null} when all are
	 */
	static String convertClaims(Map<String, Object> claims) {
		claims.values().removeIf(Objects::isNull);
		for (String name : NUMERIC_DATES) {
			Object value = claims.get(name);
			if (value != null) {
				if (!(value instanceof Long seconds && seconds >= 0 && seconds <= LATEST)) {
					return "A time claim is not a whole number of seconds within range";
				}
				claims.put(name, Instant.ofEpochSecond(seconds));
			}
		}
		for (String name : STRINGS) {
			Object value = claims.get(name);
			if (value != null && !(value instanceof String)) {
				return "The iss, sub or jti claim is not a string";
			}
		}
		Object audience = claims.get("aud");
		if (audience != null) {
			audience = audience(audience);
			if (audience == null) {
				return "The aud claim is not a string or a list of strings";
			}
			claims.put("aud", audience);
		}
		return null;
	}

	/**
	 * Drops the header's {@code null} members.
	 * @param header the parsed header (nested values already unmodifiable), changed in place
	 */
	static void convertHeader(Map<String, Object> header) {
		header.values().removeIf(Objects::isNull);
	}

	private static Object audience(Object value) {
		if (value instanceof String single) {
			return List.of(single);
		}
		if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				if (!(list.get(i) instanceof String)) {
					return null;
				}
			}
			return list;
		}
		return null;
	}

}
