package dev.offlineauth.jwks;

import java.util.concurrent.CompletableFuture;

/** What the decoder asks for keys. */
public interface KeyRingProvider {

	/**
	 * The keys to verify with now. Never waits for the network; may start a background refresh.
	 * @return the current ring, possibly empty
	 */
	KeyRing current();

	/**
	 * Called when a token names a {@code kid} the current ring lacks, or when the ring is empty: fetches
	 * the JWKS again if the rate limit allows (or joins a fetch already under way), waiting at most the
	 * read timeout.
	 * @param kid the missing key id, or {@code null} when the ring is empty
	 * @return the ring after that fetch, or the current one when no fetch was allowed or it did not finish
	 */
	KeyRing refetch(String kid);

	/**
	 * {@link #refetch(String)} for callers that must not wait on their own thread (a reactive application's
	 * event loop): the same fetch and rate limit, the bounded wait a future's. The default completes at once
	 * with what {@code refetch} returns, which is right for keys that never change; a provider whose
	 * {@code refetch} waits overrides it.
	 * @param kid the missing key id, or {@code null} when the ring is empty
	 * @return completes with the ring after that fetch, or the current one when no fetch was allowed or it
	 * did not finish in time
	 */
	default CompletableFuture<KeyRing> refetchAsync(String kid) {
		return CompletableFuture.completedFuture(refetch(kid));
	}

	/**
	 * FusionAuth says its keys changed ({@code jwt.public-key.update}): fetch them now if the rate limit
	 * allows, without waiting for the fetch. Keys that never change ignore it.
	 */
	default void keysChanged() {
	}

}
