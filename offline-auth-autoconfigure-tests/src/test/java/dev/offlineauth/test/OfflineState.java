package dev.offlineauth.test;

import java.time.Duration;
import java.time.Instant;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.FusionAuthContacts;
import dev.offlineauth.offline.KeyFreshness;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.offline.TrustedClock;

/**
 * Reachability, key freshness and the trusted clock of one service, wired as the auto-configuration wires
 * them, on any clocks, with the contacts a test needs in one line each.
 */
public final class OfflineState {

	public static final Duration TOLERANCE = Duration.ofMinutes(5);

	private final TimeSource time;

	private final TrustedClock clock;

	private final Connectivity connectivity;

	private final KeyFreshness keyFreshness;

	private final FusionAuthContacts contacts;

	public OfflineState(TimeSource time) {
		this(time, true, false);
	}

	public OfflineState(TimeSource time, boolean contactConfigured, boolean jwksIsProbeTarget) {
		this.time = time;
		this.clock = new TrustedClock(time, TOLERANCE);
		this.connectivity = new Connectivity(time, contactConfigured);
		this.keyFreshness = new KeyFreshness(time);
		this.contacts = new FusionAuthContacts(time, this.connectivity, this.keyFreshness, this.clock,
				jwksIsProbeTarget);
	}

	public OfflinePolicy policy(Duration skew, Duration grace, Duration maxOffline) {
		return new OfflinePolicy(new OfflinePolicy.Settings(skew, grace, maxOffline, true), this.clock,
				this.connectivity, this.keyFreshness);
	}

	/** The policy with the default bounds: 60 s skew, 24 h grace, 7 days max-offline. */
	public OfflinePolicy policy() {
		return policy(Duration.ofSeconds(60), Duration.ofHours(24), Duration.ofDays(7));
	}

	/** The probe answered 200. */
	public void probeOk() {
		this.contacts.probeAnswered(this.contacts.begin(), 200, null);
	}

	/** The probe got no answer. */
	public void probeFailed() {
		this.contacts.probeFailed(this.contacts.begin(), "test");
	}

	/** A fetch produced usable keys, FusionAuth saying it is {@code serverTime} (or nothing). */
	public void keysFetched(Instant serverTime) {
		this.contacts.keysFetched(this.contacts.begin(), serverTime);
	}

	/** FusionAuth answers and its keys were refreshed: online, the max-offline count starts afresh. */
	public void online() {
		keysFetched(null);
	}

	/** FusionAuth does not answer. */
	public void offline() {
		probeFailed();
	}

	public TimeSource time() {
		return this.time;
	}

	public TrustedClock clock() {
		return this.clock;
	}

	public Connectivity connectivity() {
		return this.connectivity;
	}

	public KeyFreshness keyFreshness() {
		return this.keyFreshness;
	}

	public FusionAuthContacts contacts() {
		return this.contacts;
	}

}
