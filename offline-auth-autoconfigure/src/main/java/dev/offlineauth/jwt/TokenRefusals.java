package dev.offlineauth.jwt;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.stream.Collectors;

import dev.offlineauth.logging.LogSafe;
import dev.offlineauth.logging.RateLimitedLog;

/**
 * Says why tokens are refused when the reason is likely the service's configuration rather than the token:
 * an {@code iss}, {@code aud}, {@code typ} or algorithm other than the one expected. Every request with
 * such a token is refused with a plain 401 {@code invalid_token}; the log tells the expected and the
 * received value (escaped), at WARN, at most once a minute per reason, so that a wrong
 * {@code offline-auth.issuer} is found in minutes rather than guessed at, and a flood of bad tokens costs
 * the log one line a minute.
 *
 * <p>Stateless apart from the rate limit; thread-safe. Only the refusal path calls it.
 */
final class TokenRefusals {

	private static final RateLimitedLog log = RateLimitedLog
		.perMinute(System.getLogger(TokenRefusals.class.getName()));

	private TokenRefusals() {
	}

	static void issuer(String expected, Object received) {
		log.log(Level.WARNING, "iss", () -> "Refused a token for its iss claim: expected " + LogSafe.quoted(expected)
				+ " (offline-auth.issuer), received " + LogSafe.quoted(received), null);
	}

	static void audience(Collection<String> expected, Object received) {
		log.log(Level.WARNING, "aud", () -> "Refused a token for its aud claim: expected one of " + quoted(expected)
				+ " (offline-auth.audiences), received " + LogSafe.quoted(received), null);
	}

	static void type(Object received) {
		log.log(Level.WARNING, "typ", () -> "Refused a token for its typ header: expected 'JWT' or none, received "
				+ LogSafe.quoted(received), null);
	}

	static void algorithm(Collection<String> allowed, Object received) {
		log.log(Level.WARNING, "alg", () -> "Refused a token for its alg header: expected one of " + quoted(allowed)
				+ " (offline-auth.algorithms), received " + LogSafe.quoted(received), null);
	}

	/** Forgets what was logged (for tests, which each start with a log that has said nothing yet). */
	static void reset() {
		log.reset();
	}

	private static String quoted(Collection<String> values) {
		return values.stream().sorted().map(LogSafe::quoted).collect(Collectors.joining(", ", "[", "]"));
	}

}
