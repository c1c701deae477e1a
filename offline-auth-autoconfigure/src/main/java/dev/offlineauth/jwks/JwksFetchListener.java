package dev.offlineauth.jwks;

/** Told the outcome of every JWKS fetch, on the thread that fetched. */
public interface JwksFetchListener {

	/**
	 * A fetch returned an acceptable JWKS, which now replaces the ring.
	 * @param ring the new keys
	 * @param fetched the response they were read from
	 */
	default void fetched(KeyRing ring, FetchedJwks fetched) {
	}

	/**
	 * A fetch failed; the ring is kept.
	 * @param failure why
	 */
	default void failed(JwksException failure) {
	}

}
