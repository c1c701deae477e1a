package dev.offlineauth.web;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The read-only rule of both stacks: the methods a token in grace may use. Methods compare exactly (HTTP
 * methods are case-sensitive), against the configuration upper-cased once.
 *
 * <p>Immutable and thread-safe.
 */
public final class GraceReadOnlyRule {

	private final Set<String> allowedMethods;

	/**
	 * @param allowedMethods {@code offline-auth.grace.allowed-methods}
	 */
	public GraceReadOnlyRule(Collection<String> allowedMethods) {
		this.allowedMethods = allowedMethods.stream()
			.map((method) -> method.trim().toUpperCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * @param method the request's method, as sent
	 * @return whether a token in grace may use it
	 */
	public boolean allows(String method) {
		return this.allowedMethods.contains(method);
	}

}
