package dev.offlineauth.revocation.redis;

import java.util.Objects;

import dev.offlineauth.revocation.Cutoff;

/**
 * How cutoffs look in Redis: one key per scope, {@code {prefix}cutoff:{tenant}:{user}:{application}}
 * (absent parts empty), holding {@code {at}:{expiresAt}} in epoch milliseconds and expiring with the cutoff;
 * and one message per change on the channel {@code {prefix}cutoffs}, {@code {scope}:{at}:{expiresAt}}.
 * Whatever Redis holds is read as strictly as an event: anything else is ignored. Immutable.
 */
final class RedisCutoffFormat {

	private final String prefix;

	RedisCutoffFormat(String prefix) {
		this.prefix = Objects.requireNonNull(prefix, "prefix");
	}

	String channel() {
		return this.prefix + "cutoffs";
	}

	String key(Cutoff cutoff) {
		return this.prefix + "cutoff:" + cutoff.scope();
	}

	/** A SCAN pattern matching every cutoff key, the prefix's own glob characters escaped. */
	String keyPattern() {
		StringBuilder pattern = new StringBuilder();
		for (char c : (this.prefix + "cutoff:").toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				pattern.append('\\');
			}
			pattern.append(c);
		}
		return pattern.append('*').toString();
	}

	/** What a message starts with, followed by the merged value: the script appends it. */
	String messagePrefix(Cutoff cutoff) {
		return cutoff.scope() + ":";
	}

	/** The cutoff a key holds, or {@code null} if the key or value is not one. */
	Cutoff fromKey(String key, String value) {
		String start = this.prefix + "cutoff:";
		if (key == null || value == null || !key.startsWith(start)) {
			return null;
		}
		return parse(key.substring(start.length()) + ":" + value);
	}

	/** The cutoff a message announces, or {@code null} if it is not one. */
	Cutoff fromMessage(String message) {
		return parse(message);
	}

	private static Cutoff parse(String text) {
		if (text.length() > 512) {
			return null;
		}
		String[] parts = text.split(":", -1);
		if (parts.length != 5) {
			return null;
		}
		try {
			return Cutoff.of(parts[0] + ":" + parts[1] + ":" + parts[2], Long.parseLong(parts[3]),
					Long.parseLong(parts[4]));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
