package dev.offlineauth.offline;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * When the keys were last refreshed: the start of the last JWKS fetch that produced a usable key set. This,
 * not reachability, is what {@code max-offline} counts from, so that a FusionAuth (or anything in its place)
 * that answers probes while its JWKS is unusable never keeps the service going on keys it cannot renew.
 * Before any refresh the count starts at startup, or continues from an earlier run's snapshot.
 *
 * <p>Thread-safe; one immutable state behind a volatile reference. The keys becoming stale while FusionAuth
 * is reachable is logged once (WARN), and their recovery once (INFO); while FusionAuth is unreachable,
 * {@link Connectivity} has said it already.
 */
public final class KeyFreshness {

	private static final System.Logger logger = System.getLogger(KeyFreshness.class.getName());

	/** Longer than any sensible {@code max-offline}, short enough never to overflow nanosecond arithmetic. */
	private static final Duration LONGEST = Duration.ofDays(365L * 100);

	private final TimeSource time;

	private volatile State state;

	private boolean staleLogged;

	public KeyFreshness(TimeSource time) {
		this.time = Objects.requireNonNull(time, "time");
		this.state = new State(time.nanoTime(), false, null);
	}

	/**
	 * Continues from an earlier run, whose last refresh was {@code elapsed} ago.
	 * @param elapsed the time since that refresh; negative values count as none, huge ones are capped
	 */
	public synchronized void restore(Duration elapsed) {
		Objects.requireNonNull(elapsed, "elapsed");
		Duration bounded = elapsed.isNegative() ? Duration.ZERO : (elapsed.compareTo(LONGEST) > 0) ? LONGEST : elapsed;
		long refreshed = this.time.nanoTime() - bounded.toNanos();
		State current = this.state;
		if (current.refreshed) {
			return;
		}
		// Never later than what this run already counts from: a restored time can only shorten what is left.
		this.state = new State(Math.min(refreshed, current.lastRefreshNanos), false, current.staleReason);
	}

	/**
	 * A fetch that started at {@code startedNanos} produced a usable key set.
	 * @param startedNanos when it started, by {@link TimeSource#nanoTime()}
	 */
	public synchronized void refreshed(long startedNanos) {
		State current = this.state;
		long latest = (current.refreshed && current.lastRefreshNanos - startedNanos > 0) ? current.lastRefreshNanos
				: startedNanos;
		this.state = new State(latest, true, null);
		if (this.staleLogged) {
			logger.log(Level.INFO, "Keys from FusionAuth are usable again: the max-offline count starts afresh");
			this.staleLogged = false;
		}
	}

	/**
	 * A fetch produced no usable key set; the keys in use are kept, and the count goes on.
	 * @param reason a short, bounded description
	 * @param reachable whether FusionAuth is reachable meanwhile (then the stale keys are worth a warning)
	 */
	public synchronized void refreshFailed(String reason, boolean reachable) {
		State current = this.state;
		this.state = new State(current.lastRefreshNanos, current.refreshed, reason);
		if (reachable && !this.staleLogged) {
			logger.log(Level.WARNING, "FusionAuth answers, but its JWKS could not be used ({0}): the keys at hand "
					+ "are kept, expired tokens get no grace, and the max-offline count goes on", reason);
			this.staleLogged = true;
		}
	}

	/** The current state; read it once per decision. */
	public State state() {
		return this.state;
	}

	/** The time since the last refresh (since startup, or the restored one, when there has been none). */
	public Duration sinceLastRefresh(State state) {
		return Duration.ofNanos(Math.max(0, this.time.nanoTime() - state.lastRefreshNanos));
	}

	/**
	 * One state of key freshness.
	 *
	 * @param lastRefreshNanos the monotonic start of the last refresh; of startup (or as restored) before any
	 * @param refreshed whether this run has refreshed the keys at all
	 * @param staleReason why the latest fetch produced no usable keys, or {@code null} if it did
	 */
	public record State(long lastRefreshNanos, boolean refreshed, String staleReason) {

		/** Whether the latest fetch failed, so the keys at hand are older than the last attempt. */
		public boolean stale() {
			return this.staleReason != null;
		}

	}

}
