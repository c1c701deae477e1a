package dev.offlineauth.web;

import org.springframework.security.access.AccessDeniedException;

/** A token in grace used a method outside {@code offline-auth.grace.allowed-methods}. */
public class GraceReadOnlyException extends AccessDeniedException {

	public GraceReadOnlyException(String method) {
		super("A token in grace may not use " + method);
	}

}
