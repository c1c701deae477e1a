package dev.offlineauth.offline;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether FusionAuth can be reached, which decides grace: online when the latest contact answered, offline
 * when it did not. Outcomes are ordered by when each contact <em>started</em>, so a slow contact that ends
 * late never overrides a newer one (a probe timing out after a later fetch succeeded says nothing new).
 * Which contacts count, and how, is decided by {@link FusionAuthContacts}.
 *
 * <p>Thread-safe. The state is one immutable value behind a volatile reference: a request reads it once and
 * decides with that reading. Transitions are logged once each (WARN going offline, INFO coming back), never
 * per request or per attempt.
 */
public final class Connectivity {

	private static final System.Logger logger = System.getLogger(Connectivity.class.getName());

	private final TimeSource time;

	private volatile State state;

	/**
	 * @param time the clocks
	 * @param contactConfigured whether FusionAuth is contacted at all; without it (bundled keys only) the
	 * state is {@link ConnectivityStatus#OFFLINE} for good
	 */
	public Connectivity(TimeSource time, boolean contactConfigured) {
		this.time = Objects.requireNonNull(time, "time");
		ConnectivityStatus initial = contactConfigured ? ConnectivityStatus.UNKNOWN : ConnectivityStatus.OFFLINE;
		long now = time.nanoTime();
		this.state = new State(initial, now, null, now, null);
	}

	/**
	 * FusionAuth answered a contact.
	 * @param startedNanos when the contact started, by {@link TimeSource#nanoTime()}
	 */
	public synchronized void reached(long startedNanos) {
		State previous = this.state;
		if (startedNanos - previous.decidedBy < 0) {
			return;
		}
		Instant at = this.time.wallTime().minusNanos(Math.max(0, this.time.nanoTime() - startedNanos));
		this.state = new State(ConnectivityStatus.ONLINE, startedNanos, at, startedNanos, null);
		if (previous.status != ConnectivityStatus.ONLINE) {
			logger.log(Level.INFO, "FusionAuth is reachable{0}",
					(previous.status == ConnectivityStatus.OFFLINE) ? " again: expired tokens get no more grace" : "");
		}
	}

	/**
	 * FusionAuth did not answer a contact.
	 * @param startedNanos when the contact started, by {@link TimeSource#nanoTime()}
	 * @param reason a short, bounded description (never a token or a response body)
	 */
	public synchronized void unreachable(long startedNanos, String reason) {
		State previous = this.state;
		if (startedNanos - previous.decidedBy < 0) {
			return;
		}
		this.state = new State(ConnectivityStatus.OFFLINE, startedNanos, previous.lastReached,
				previous.lastReachedNanos, reason);
		if (previous.status != ConnectivityStatus.OFFLINE) {
			logger.log(Level.WARNING, "FusionAuth is unreachable ({0}): tokens are verified with the keys at hand, "
					+ "and expired tokens may enter grace", reason);
		}
	}

	/** The current state; read it once per decision. */
	public State state() {
		return this.state;
	}

	/** The time elapsed since FusionAuth last answered (since startup when it has not). */
	public Duration sinceLastReached(State state) {
		return Duration.ofNanos(Math.max(0, this.time.nanoTime() - state.lastReachedNanos));
	}

	/**
	 * One state of reachability.
	 *
	 * @param status online, offline, or not yet known
	 * @param decidedBy the start of the contact that set the status (of startup before any)
	 * @param lastReached when FusionAuth last answered (by the wall clock, for display), or {@code null}
	 * @param lastReachedNanos the monotonic time of that contact; of startup when there was none
	 * @param lastFailure why the latest contact failed, when the status is offline
	 */
	public record State(ConnectivityStatus status, long decidedBy, Instant lastReached, long lastReachedNanos,
			String lastFailure) {
	}

}
