package dev.offlineauth.jwt;

import com.nimbusds.jose.KeySourceException;

/** The token's {@code kid} is not in the ring it was checked against; the decoder may fetch and retry. */
final class UnknownKeyIdException extends KeySourceException {

	private final String kid;

	UnknownKeyIdException(String kid) {
		super("Unknown kid");
		this.kid = kid;
	}

	String kid() {
		return this.kid;
	}

}
