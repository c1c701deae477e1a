package dev.offlineauth.test;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A FusionAuth kickstart file, read as far as a test needs it: its variables (resolving
 * {@code #{name}} references) and the API key it creates.
 *
 * <p>Immutable.
 */
final class Kickstart {

	private static final Pattern REFERENCE = Pattern.compile("#\\{([A-Za-z0-9_]+)}");

	private final Map<String, Object> document;

	private Kickstart(Map<String, Object> document) {
		this.document = document;
	}

	/**
	 * @param json the kickstart file's content
	 * @param origin where it came from, for messages
	 * @return the kickstart
	 */
	static Kickstart parse(String json, String origin) {
		try {
			return new Kickstart(JSONObjectUtils.parse(json));
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("The kickstart file " + origin + " is not JSON: " + ex.getMessage(), ex);
		}
	}

	/** The value of a kickstart variable, or {@code null}. */
	String variable(String name) {
		Object variables = this.document.get("variables");
		Object value = (variables instanceof Map<?, ?> map) ? map.get(name) : null;
		return (value != null) ? value.toString() : null;
	}

	/** The first API key the kickstart creates, with its variables resolved, or {@code null}. */
	String apiKey() {
		Object keys = this.document.get("apiKeys");
		if (keys instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> key
				&& key.get("key") instanceof String value) {
			return resolve(value);
		}
		return null;
	}

	/** A value with every {@code #{name}} replaced by the variable's value. */
	String resolve(String value) {
		Matcher references = REFERENCE.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (references.find()) {
			String replacement = variable(references.group(1));
			references.appendReplacement(resolved,
					Matcher.quoteReplacement((replacement != null) ? replacement : references.group()));
		}
		references.appendTail(resolved);
		return resolved.toString();
	}

}
