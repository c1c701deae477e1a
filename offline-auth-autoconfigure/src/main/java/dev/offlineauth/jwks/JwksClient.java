package dev.offlineauth.jwks;

/** Fetches FusionAuth's JWKS. */
@FunctionalInterface
public interface JwksClient {

	/**
	 * Fetches the JWKS once. Blocks for at most the connect timeout plus the read timeout.
	 * @return the document
	 * @throws JwksException if no acceptable response arrived
	 */
	FetchedJwks fetch() throws JwksException;

}
