package dev.offlineauth.offline;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether FusionAuth answered its latest contact (a JWKS fetch or a probe), and when it last did.
 *
 * <p>The state is one immutable value behind a volatile reference: a request reads it once and decides
 * with that reading, so a decision never mixes two states. Transitions are logged once each (WARN going
 * offline, INFO coming back), never per request or per failed attempt.
 */
public final class Connectivity {

	private static final System.Logger logger = System.getLogger(Connectivity.class.getName());

	private final TimeSource time;

	private final TrustedClock trustedClock;

	private volatile State state;

	/**
	 * @param time the clocks
	 * @param trustedClock where FusionAuth's {@code Date} headers are recorded
	 * @param contactConfigured whether FusionAuth is contacted at all; without it (bundled keys only) the
	 * state is {@link ConnectivityStatus#OFFLINE} for good
	 */
	public Connectivity(TimeSource time, TrustedClock trustedClock, boolean contactConfigured) {
		this.time = Objects.requireNonNull(time, "time");
		this.trustedClock = Objects.requireNonNull(trustedClock, "trustedClock");
		ConnectivityStatus initial = contactConfigured ? ConnectivityStatus.UNKNOWN : ConnectivityStatus.OFFLINE;
		// Without any contact, time offline is counted from startup.
		this.state = new State(initial, null, time.nanoTime(), null);
	}

	/**
	 * Continues from an earlier run: FusionAuth was last reached at {@code lastContact} by the clocks of
	 * that run, and said its time was {@code serverTime}. Time offline keeps counting from then instead of
	 * starting again at this startup.
	 * @param lastContact when FusionAuth last answered
	 * @param serverTime FusionAuth's last known time, or {@code null}
	 */
	public synchronized void restore(Instant lastContact, Instant serverTime) {
		Objects.requireNonNull(lastContact, "lastContact");
		if (serverTime != null && this.trustedClock.lastServerTime() == null) {
			// Still a lower bound for the real time: the host cannot have gone back in time since then.
			this.trustedClock.observe(serverTime);
		}
		State current = this.state;
		if (current.lastContact != null && !current.lastContact.isBefore(lastContact)) {
			return;
		}
		Duration elapsed = Duration.between(lastContact, this.trustedClock.read().now());
		long contactNanos = this.time.nanoTime() - Math.max(0, elapsed.toNanos());
		this.state = new State(current.status, lastContact, contactNanos, current.lastFailure);
	}

	/**
	 * Records a successful contact.
	 * @param serverTime FusionAuth's time from the response's {@code Date} header, or {@code null}
	 */
	public synchronized void contactSucceeded(Instant serverTime) {
		if (serverTime != null) {
			this.trustedClock.observe(serverTime);
		}
		State previous = this.state;
		this.state = new State(ConnectivityStatus.ONLINE, this.trustedClock.read().now(), this.time.nanoTime(), null);
		if (previous.status != ConnectivityStatus.ONLINE) {
			logger.log(Level.INFO, "FusionAuth is reachable{0}",
					(previous.status == ConnectivityStatus.OFFLINE) ? " again: tokens are verified without grace" : "");
		}
	}

	/**
	 * Records a failed contact.
	 * @param reason a short, bounded description (never a token or a response body)
	 */
	public synchronized void contactFailed(String reason) {
		State previous = this.state;
		this.state = new State(ConnectivityStatus.OFFLINE, previous.lastContact, previous.contactNanos, reason);
		if (previous.status != ConnectivityStatus.OFFLINE) {
			logger.log(Level.WARNING, "FusionAuth is unreachable ({0}): tokens are verified with the keys at hand, "
					+ "expired tokens may enter grace, and the max-offline limit is counting", reason);
		}
	}

	/** The current state; read it once per decision. */
	public State state() {
		return this.state;
	}

	/** The time elapsed since the last successful contact (since startup when there has been none). */
	public Duration sinceLastContact(State state) {
		return Duration.ofNanos(this.time.nanoTime() - state.contactNanos);
	}

	/**
	 * One state of connectivity.
	 *
	 * @param status online, offline, or not yet known
	 * @param lastContact when FusionAuth last answered (by the trusted clock), or {@code null}
	 * @param contactNanos the monotonic time of that contact; of startup when there was none
	 * @param lastFailure why the latest contact failed, when it did
	 */
	public record State(ConnectivityStatus status, Instant lastContact, long contactNanos, String lastFailure) {
	}

}
