package dev.offlineauth.jwt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON object of a token's header or payload straight from its decoded UTF-8 bytes, strictly
 * (RFC 8259): one object, no comments, no single quotes, no unquoted names, no trailing commas, no
 * control characters in strings, no duplicate names, at most {@value #MAX_DEPTH} levels deep, nothing after
 * it. Values come out as Nimbus's own parser gives them, {@code String}, {@code Long} for an integer
 * that fits (else {@code Double}), {@code Boolean}, {@code null}, objects and lists, except that nested
 * objects and lists are unmodifiable: a verified token is shared by every request that presents it.
 *
 * <p>It exists because a token is parsed on every first sight: Nimbus's Gson-based parser allocates a
 * 2 KB read buffer and more per document, more than all the rest of the work besides the signature. The
 * names FusionAuth writes are shared constants, so they cost nothing per token.
 *
 * <p>Stateless; each call reads one document.
 */
final class TokenJson {

	static final int MAX_DEPTH = 16;

	/**
	 * The names of FusionAuth's headers and claims, in an open-addressing table by {@link String#hashCode()},
	 * so that each costs no new string and one comparison.
	 */
	private static final String[] KNOWN_NAMES = table("alg", "typ", "kid", "aud", "exp", "iat", "iss", "sub",
			"jti", "nbf", "tid", "sid", "scope", "roles", "email", "email_verified", "applicationId", "auth_time",
			"authenticationType", "preferred_username", "given_name", "family_name", "name", "at_hash", "c_hash",
			"nonce", "amr", "acr", "azp", "gty", "x5t", "jku", "x5u", "jwk", "x5c", "crit", "b64", "cty");

	private final byte[] json;

	private final int end;

	private int position;

	private TokenJson(byte[] json, int offset, int length) {
		this.json = json;
		this.position = offset;
		this.end = offset + length;
	}

	/**
	 * @param json UTF-8 bytes
	 * @param offset where the document starts
	 * @param length how long it is
	 * @return the object
	 * @throws MalformedException if the bytes are not one JSON object
	 */
	static Map<String, Object> parseObject(byte[] json, int offset, int length) throws MalformedException {
		TokenJson reader = new TokenJson(json, offset, length);
		reader.skipWhitespace();
		if (reader.peek() != '{') {
			throw new MalformedException();
		}
		Map<String, Object> object = reader.object(1);
		reader.skipWhitespace();
		if (reader.position != reader.end) {
			throw new MalformedException();
		}
		return object;
	}

	private Object value(int depth) throws MalformedException {
		skipWhitespace();
		int c = peek();
		switch (c) {
			case '{':
				return Collections.unmodifiableMap(object(depth + 1));
			case '[':
				return Collections.unmodifiableList(array(depth + 1));
			case '"':
				return string(false);
			case 't':
				literal("true");
				return Boolean.TRUE;
			case 'f':
				literal("false");
				return Boolean.FALSE;
			case 'n':
				literal("null");
				return null;
			default:
				if (c == '-' || (c >= '0' && c <= '9')) {
					return number();
				}
				throw new MalformedException();
		}
	}

	private Map<String, Object> object(int depth) throws MalformedException {
		if (depth > MAX_DEPTH) {
			throw new MalformedException();
		}
		this.position++;
		Map<String, Object> object = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return object;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw new MalformedException();
			}
			String name = string(true);
			skipWhitespace();
			expect(':');
			Object value = value(depth);
			if (object.containsKey(name)) {
				// Two values for one name: which one a reader sees would depend on the reader.
				throw new MalformedException();
			}
			object.put(name, value);
			skipWhitespace();
			int c = next();
			if (c == '}') {
				return object;
			}
			if (c != ',') {
				throw new MalformedException();
			}
		}
	}

	private List<Object> array(int depth) throws MalformedException {
		if (depth > MAX_DEPTH) {
			throw new MalformedException();
		}
		this.position++;
		List<Object> array = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return array;
		}
		while (true) {
			array.add(value(depth));
			skipWhitespace();
			int c = next();
			if (c == ']') {
				return array;
			}
			if (c != ',') {
				throw new MalformedException();
			}
		}
	}

	private String string(boolean name) throws MalformedException {
		int start = ++this.position;
		int hash = 0;
		while (this.position < this.end) {
			int c = this.json[this.position] & 0xff;
			if (c == '"') {
				int length = this.position - start;
				this.position++;
				String known = name ? known(start, length, hash) : null;
				return (known != null) ? known : new String(this.json, start, length, StandardCharsets.UTF_8);
			}
			if (c == '\\') {
				return escapedString(start);
			}
			if (c < 0x20) {
				throw new MalformedException();
			}
			hash = 31 * hash + c;
			this.position++;
		}
		throw new MalformedException();
	}

	/** The slow path, for a string with escapes: rare in tokens. */
	private String escapedString(int start) throws MalformedException {
		StringBuilder text = new StringBuilder(new String(this.json, start, this.position - start,
				StandardCharsets.UTF_8));
		int run = this.position;
		while (this.position < this.end) {
			int c = this.json[this.position] & 0xff;
			if (c == '"' || c == '\\') {
				text.append(new String(this.json, run, this.position - run, StandardCharsets.UTF_8));
				this.position++;
				if (c == '"') {
					return text.toString();
				}
				text.append(escape());
				run = this.position;
			}
			else if (c < 0x20) {
				throw new MalformedException();
			}
			else {
				this.position++;
			}
		}
		throw new MalformedException();
	}

	private char escape() throws MalformedException {
		int c = next();
		switch (c) {
			case '"':
				return '"';
			case '\\':
				return '\\';
			case '/':
				return '/';
			case 'b':
				return '\b';
			case 'f':
				return '\f';
			case 'n':
				return '\n';
			case 'r':
				return '\r';
			case 't':
				return '\t';
			case 'u':
				int value = 0;
				for (int i = 0; i < 4; i++) {
					int digit = Character.digit(next(), 16);
					if (digit < 0) {
						throw new MalformedException();
					}
					value = (value << 4) | digit;
				}
				return (char) value;
			default:
				throw new MalformedException();
		}
	}

	private Object number() throws MalformedException {
		int start = this.position;
		boolean negative = peek() == '-';
		if (negative) {
			this.position++;
		}
		int firstDigit = this.position;
		long value = 0;
		boolean fits = true;
		while (this.position < this.end && isDigit(this.json[this.position])) {
			int digit = this.json[this.position++] - '0';
			if (fits) {
				// Accumulated negatively, so that Long.MIN_VALUE fits too.
				if (value < (Long.MIN_VALUE + digit) / 10) {
					fits = false;
				}
				else {
					value = value * 10 - digit;
				}
			}
		}
		int digits = this.position - firstDigit;
		if (digits == 0 || (digits > 1 && this.json[firstDigit] == '0')) {
			throw new MalformedException();
		}
		boolean integer = true;
		if (this.position < this.end && this.json[this.position] == '.') {
			integer = false;
			this.position++;
			requireDigits();
		}
		if (this.position < this.end && (this.json[this.position] == 'e' || this.json[this.position] == 'E')) {
			integer = false;
			this.position++;
			if (this.position < this.end && (this.json[this.position] == '+' || this.json[this.position] == '-')) {
				this.position++;
			}
			requireDigits();
		}
		if (integer && fits && (negative || value != Long.MIN_VALUE)) {
			return negative ? value : -value;
		}
		return Double.parseDouble(new String(this.json, start, this.position - start, StandardCharsets.US_ASCII));
	}

	private void requireDigits() throws MalformedException {
		int start = this.position;
		while (this.position < this.end && isDigit(this.json[this.position])) {
			this.position++;
		}
		if (this.position == start) {
			throw new MalformedException();
		}
	}

	private static boolean isDigit(byte c) {
		return c >= '0' && c <= '9';
	}

	private void literal(String literal) throws MalformedException {
		for (int i = 0; i < literal.length(); i++) {
			if (next() != literal.charAt(i)) {
				throw new MalformedException();
			}
		}
	}

	private void expect(char c) throws MalformedException {
		if (next() != c) {
			throw new MalformedException();
		}
	}

	private void skipWhitespace() {
		while (this.position < this.end) {
			byte c = this.json[this.position];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private int peek() {
		return (this.position < this.end) ? (this.json[this.position] & 0xff) : -1;
	}

	private int next() {
		return (this.position < this.end) ? (this.json[this.position++] & 0xff) : -1;
	}

	/** The known name spelled by these bytes, given their {@code String.hashCode()} as ASCII, or {@code null}. */
	private String known(int start, int length, int hash) {
		int mask = KNOWN_NAMES.length - 1;
		for (int i = spread(hash) & mask;; i = (i + 1) & mask) {
			String candidate = KNOWN_NAMES[i];
			if (candidate == null) {
				return null;
			}
			if (candidate.hashCode() == hash && candidate.length() == length && spells(candidate, start)) {
				return candidate;
			}
		}
	}

	private boolean spells(String candidate, int start) {
		for (int i = 0; i < candidate.length(); i++) {
			if (this.json[start + i] != candidate.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static int spread(int hash) {
		return hash ^ (hash >>> 16);
	}

	private static String[] table(String... names) {
		String[] table = new String[128];
		for (String name : names) {
			int i = spread(name.hashCode()) & (table.length - 1);
			while (table[i] != null) {
				i = (i + 1) & (table.length - 1);
			}
			table[i] = name;
		}
		return table;
	}

	/** The bytes are not one acceptable JSON object. Carries no message and no stack trace. */
	static final class MalformedException extends Exception {

		MalformedException() {
			super(null, null, false, false);
		}

	}

}
