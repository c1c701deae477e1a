package dev.offlineauth.jwt;

import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

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
 * Members that are JSON {@code null} are dropped, and nested lists and objects are made unmodifiable, so
 * that one verified token can be shared by every request that presents it.
 */
final class StrictClaims {

	/** 9999-12-31T23:59:59Z. */
	private static final long LATEST = 253_402_300_799L;

	private StrictClaims() {
	}

	/**
	 * Checks and converts the claims.
	 * @param claims the parsed payload, changed in place
	 * @return a description of the first claim that is not acceptable, or {@code null} when all are
	 */
	static String convertClaims(Map<String, Object> claims) {
		Iterator<Map.Entry<String, Object>> entries = claims.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Object> entry = entries.next();
			Object value = entry.getValue();
			if (value == null) {
				entries.remove();
				continue;
			}
			switch (entry.getKey()) {
				case "exp", "nbf", "iat" -> {
					if (!(value instanceof Long seconds && seconds >= 0 && seconds <= LATEST)) {
						return "The " + entry.getKey() + " claim is not a whole number of seconds within range";
					}
					entry.setValue(Instant.ofEpochSecond(seconds));
				}
				case "iss", "sub", "jti" -> {
					if (!(value instanceof String)) {
						return "The " + entry.getKey() + " claim is not a string";
					}
				}
				case "aud" -> {
					Object audience = audience(value);
					if (audience == null) {
						return "The aud claim is not a string or a list of strings";
					}
					entry.setValue(audience);
				}
				default -> entry.setValue(unmodifiable(value));
			}
		}
		return null;
	}

	/**
	 * Makes the header's nested values unmodifiable and drops its {@code null} members.
	 * @param header the parsed header, changed in place
	 */
	static void convertHeader(Map<String, Object> header) {
		Iterator<Map.Entry<String, Object>> entries = header.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Object> entry = entries.next();
			if (entry.getValue() == null) {
				entries.remove();
			}
			else {
				entry.setValue(unmodifiable(entry.getValue()));
			}
		}
	}

	private static Object audience(Object value) {
		if (value instanceof String single) {
			return List.of(single);
		}
		if (value instanceof List<?> list) {
			for (Object element : list) {
				if (!(element instanceof String)) {
					return null;
				}
			}
			return Collections.unmodifiableList(list);
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private static Object unmodifiable(Object value) {
		if (value instanceof List<?> list) {
			ListIterator<Object> elements = ((List<Object>) list).listIterator();
			while (elements.hasNext()) {
				Object element = elements.next();
				if (element instanceof List<?> || element instanceof Map<?, ?>) {
					elements.set(unmodifiable(element));
				}
			}
			return Collections.unmodifiableList(list);
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
				Object element = entry.getValue();
				if (element instanceof List<?> || element instanceof Map<?, ?>) {
					entry.setValue(unmodifiable(element));
				}
			}
			return Collections.unmodifiableMap(map);
		}
		return value;
	}

}
