package dev.offlineauth.jwks;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityProbe;
import dev.offlineauth.offline.ConnectivityStatus;

/**
 * Everything that talks to FusionAuth without a request asking for it: the first fetch at startup (not
 * awaited, so startup is never held back), then every probe interval a probe and a look at the key cache,
 * which refreshes the keys once they are older than the refresh interval, even when no request comes.
 * When a probe finds FusionAuth back after an outage, the keys are fetched at once: they may have been
 * rotated meanwhile.
 */
public final class BackgroundContact {

	private static final System.Logger logger = System.getLogger(BackgroundContact.class.getName());

	private final RefreshingKeyRingProvider keys;

	private final ConnectivityProbe probe;

	private final Connectivity connectivity;

	private final Duration probeInterval;

	private final ScheduledExecutorService scheduler;

	private ScheduledFuture<?> ticks;

	/**
	 * @param keys the key cache
	 * @param probe the probe
	 * @param connectivity connectivity, to notice FusionAuth coming back
	 * @param probeInterval how often to probe
	 * @param scheduler runs the work; owned by the caller, who shuts it down
	 */
	public BackgroundContact(RefreshingKeyRingProvider keys, ConnectivityProbe probe, Connectivity connectivity,
			Duration probeInterval, ScheduledExecutorService scheduler) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.probe = Objects.requireNonNull(probe, "probe");
		this.connectivity = Objects.requireNonNull(connectivity, "connectivity");
		this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
	}

	/** Starts the first fetch and schedules the probe. Returns at once. */
	public synchronized void start() {
		if (this.ticks != null) {
			return;
		}
		this.keys.refresh();
		long interval = this.probeInterval.toMillis();
		this.ticks = this.scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * One round: probe, then refresh the keys if FusionAuth just came back or they are due. Runs on the
	 * schedule, and may be run at any time from elsewhere (a test that changed FusionAuth runs one so that
	 * the service notices at once); the probe is done when this returns, a refresh it started may not be.
	 */
	public void tick() {
		try {
			ConnectivityStatus before = this.connectivity.state().status();
			boolean reachable = this.probe.probe();
			if (reachable && before != ConnectivityStatus.ONLINE) {
				this.keys.refresh();
			}
			else {
				this.keys.current();
			}
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again; keep the schedule alive.
			logger.log(Level.WARNING, "Background contact with FusionAuth failed", ex);
		}
	}

	public synchronized boolean isRunning() {
		return this.ticks != null;
	}

	/** Stops probing; a round under way finishes. */
	public synchronized void stop() {
		if (this.ticks != null) {
			this.ticks.cancel(false);
			this.ticks = null;
		}
	}

}
