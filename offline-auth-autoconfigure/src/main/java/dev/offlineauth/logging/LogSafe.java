package dev.offlineauth.logging;

/**
 * Makes a value from outside (a {@code kid}, a claim, a host, a reason built from a response) safe to put
 * in a log line: control characters and line separators are escaped, so that nobody can forge a log line
 * or hide one, and the length is capped, so that nobody can flood the log. Every outside value goes
 * through here before it reaches a logger.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogSafe {

	/** The longest part of a value that is logged. */
	public static final int MAX_LENGTH = 120;

	private LogSafe() {
	}

	/**
	 * @param value anything, possibly {@code null}
	 * @return the value's text, escaped and capped, in single quotes; {@code (none)} for {@code null}
	 */
	public static String quoted(Object value) {
		return (value != null) ? "'" + of(value) + "'" : "(none)";
	}

	/**
	 * @param value anything, possibly {@code null}
	 * @return the value's text with control characters escaped ({@code \n}, {@code \u001b}, ...) and at most
	 * {@link #MAX_LENGTH} characters of it kept
	 */
	public static String of(Object value) {
		if (value == null) {
			return "null";
		}
		String text = String.valueOf(value);
		int keep = Math.min(text.length(), MAX_LENGTH);
		StringBuilder safe = new StringBuilder(keep + 16);
		for (int i = 0; i < keep; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> safe.append("\\n");
				case '\r' -> safe.append("\\r");
				case '\t' -> safe.append("\\t");
				case '\\' -> safe.append("\\\\");
				default -> {
					if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
							|| Character.getType(c) == Character.FORMAT) {
						safe.append(String.format("\\u%04x", (int) c));
					}
					else {
						safe.append(c);
					}
				}
			}
		}
		if (text.length() > keep) {
			safe.append("...(").append(text.length() - keep).append(" more)");
		}
		return safe.toString();
	}

}
