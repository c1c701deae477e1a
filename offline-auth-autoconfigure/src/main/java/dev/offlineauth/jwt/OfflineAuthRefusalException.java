package dev.offlineauth.jwt;

import java.util.Objects;

import org.springframework.security.oauth2.jwt.BadJwtException;

import dev.offlineauth.offline.Refusal;

/**
 * A token was refused, and why. It extends {@link BadJwtException} even for the 503 refusals, so that an
 * application chain that uses the decoder without the starter's configuration still answers 401 (Spring
 * turns any other {@code JwtException} into a 500); with the starter's configuration the response carries
 * the refusal's own status and code.
 */
public class OfflineAuthRefusalException extends BadJwtException {

	private final transient Refusal refusal;

	public OfflineAuthRefusalException(Refusal refusal, String message) {
		this(refusal, message, null);
	}

	public OfflineAuthRefusalException(Refusal refusal, String message, Throwable cause) {
		super(message, cause);
		this.refusal = Objects.requireNonNull(refusal, "refusal");
	}

	public Refusal refusal() {
		return this.refusal;
	}

}
