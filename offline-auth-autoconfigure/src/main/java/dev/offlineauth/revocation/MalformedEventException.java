package dev.offlineauth.revocation;

/** A signed body that is not a FusionAuth event offline-auth can act on. */
public class MalformedEventException extends Exception {

	public MalformedEventException(String message) {
		super(message, null, false, false);
	}

}
