package dev.offlineauth.offline;

import java.time.Instant;
import java.util.Objects;

/**
 * The one place the rules of "Connectivity and time" are applied to each contact with FusionAuth:
 * <ul>
 * <li>a probe that answered 2xx makes FusionAuth reachable, any other outcome unreachable;</li>
 * <li>a JWKS fetch that produced usable keys refreshes them (the {@code max-offline} count starts afresh)
 * and makes FusionAuth reachable; a failed one leaves the keys stale and says nothing about reachability,
 * unless the JWKS URL is also the probe target, where it counts as the probe would;</li>
 * <li>a {@code Date} header moves the trusted clock; the HTTP layer passes one only from a source that
 * could not have forged it (HTTPS or loopback).</li>
 * </ul>
 * Every outcome carries the monotonic time its contact started, obtained from {@link #begin()}.
 *
 * <p>Thread-safe: it only forwards to thread-safe state.
 */
public final class FusionAuthContacts {

	private final TimeSource time;

	private final Connectivity connectivity;

	private final KeyFreshness keyFreshness;

	private final TrustedClock trustedClock;

	private final boolean jwksIsProbeTarget;

	/**
	 * @param time the clocks
	 * @param connectivity reachability
	 * @param keyFreshness when the keys were last refreshed
	 * @param trustedClock where FusionAuth's time goes
	 * @param jwksIsProbeTarget whether the probe asks the JWKS URL itself (only {@code jwks.uri} is set)
	 */
	public FusionAuthContacts(TimeSource time, Connectivity connectivity, KeyFreshness keyFreshness,
			TrustedClock trustedClock, boolean jwksIsProbeTarget) {
		this.time = Objects.requireNonNull(time, "time");
		this.connectivity = Objects.requireNonNull(connectivity, "connectivity");
		this.keyFreshness = Objects.requireNonNull(keyFreshness, "keyFreshness");
		this.trustedClock = Objects.requireNonNull(trustedClock, "trustedClock");
		this.jwksIsProbeTarget = jwksIsProbeTarget;
	}

	/** Marks the start of a contact; pass the result to the outcome. */
	public long begin() {
		return this.time.nanoTime();
	}

	/**
	 * The probe got an answer.
	 * @param started from {@link #begin()}
	 * @param status the HTTP status
	 * @param serverTime a trustworthy {@code Date} of the response, or {@code null}
	 */
	public void probeAnswered(long started, int status, Instant serverTime) {
		observe(serverTime);
		if (status / 100 == 2) {
			this.connectivity.reached(started);
		}
		else {
			this.connectivity.unreachable(started, "probe answered HTTP " + status);
		}
	}

	/**
	 * The probe got no answer.
	 * @param started from {@link #begin()}
	 * @param reason a short, bounded description
	 */
	public void probeFailed(long started, String reason) {
		this.connectivity.unreachable(started, reason);
	}

	/**
	 * A JWKS fetch produced a usable key set.
	 * @param started from {@link #begin()}
	 * @param serverTime a trustworthy {@code Date} of the response, or {@code null}
	 */
	public void keysFetched(long started, Instant serverTime) {
		observe(serverTime);
		this.keyFreshness.refreshed(started);
		this.connectivity.reached(started);
	}

	/**
	 * A JWKS fetch produced no usable key set.
	 * @param started from {@link #begin()}
	 * @param reason a short, bounded description
	 * @param answeredOk whether FusionAuth answered 200 (with a body that was not a usable JWKS)
	 */
	public void keysFailed(long started, String reason, boolean answeredOk) {
		if (this.jwksIsProbeTarget) {
			if (answeredOk) {
				this.connectivity.reached(started);
			}
			else {
				this.connectivity.unreachable(started, "JWKS fetch failed: " + reason);
			}
		}
		boolean reachable = this.connectivity.state().status() == ConnectivityStatus.ONLINE;
		this.keyFreshness.refreshFailed(reason, reachable);
	}

	private void observe(Instant serverTime) {
		if (serverTime != null) {
			this.trustedClock.observeServerDate(serverTime);
		}
	}

	public Connectivity connectivity() {
		return this.connectivity;
	}

	public KeyFreshness keyFreshness() {
		return this.keyFreshness;
	}

	public TrustedClock trustedClock() {
		return this.trustedClock;
	}

}
