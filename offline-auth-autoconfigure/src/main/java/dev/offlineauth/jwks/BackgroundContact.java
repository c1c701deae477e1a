package dev.offlineauth.jwks;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.offlineauth.logging.LogSafe;
import dev.offlineauth.offline.ConnectivityProbe;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.FusionAuthContacts;

/**
 * Everything that talks to FusionAuth without a request asking for it: the first fetch and probe at startup
 * (not awaited, so startup is never held back), then every probe interval a probe and a look at the key cache,
 * which refreshes the keys once they are older than the refresh interval, even when no request comes.
 * When a probe finds FusionAuth back after an outage, or reachable while the latest fetch failed, the keys
 * are fetched at once: they may have been rotated meanwhile, and {@code max-offline} counts until they are.
 *
 * <p>Thread-safe; rounds run one at a time on the scheduler.
 */
public final class BackgroundContact {

	private static final System.Logger logger = System.getLogger(BackgroundContact.class.getName());

	private final KeyRingProvider keys;

	private final ConnectivityProbe probe;

	private final FusionAuthContacts contacts;

	private final Duration probeInterval;

	private final ScheduledExecutorService scheduler;

	private ScheduledFuture<?> ticks;

	/**
	 * @param keys the keys; a {@link RefreshingKeyRingProvider} is refreshed, any other is left to itself
	 * @param probe the probe
	 * @param contacts reachability and key freshness, to notice FusionAuth coming back or keys gone stale
	 * @param probeInterval how often to probe
	 * @param scheduler runs the work; owned by the caller, who shuts it down
	 */
	public BackgroundContact(KeyRingProvider keys, ConnectivityProbe probe, FusionAuthContacts contacts,
			Duration probeInterval, ScheduledExecutorService scheduler) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.probe = Objects.requireNonNull(probe, "probe");
		this.contacts = Objects.requireNonNull(contacts, "contacts");
		this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
	}

	/** Starts the first fetch and the first probe, and schedules the next rounds. Returns at once. */
	public synchronized void start() {
		if (this.ticks != null) {
			return;
		}
		refresh();
		// The first probe at once, beside the first fetch: until one answers, nobody knows whether grace applies.
		long interval = this.probeInterval.toMillis();
		this.ticks = this.scheduler.scheduleWithFixedDelay(this::tick, 0, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * One round: probe, then refresh the keys if FusionAuth just came back, they are stale, or they are due.
	 * Runs on the schedule, and may be run at any time from elsewhere (a test that changed FusionAuth runs one
	 * so that the service notices at once); the probe is done when this returns, a refresh it started may not be.
	 */
	public void tick() {
		try {
			ConnectivityStatus before = this.contacts.connectivity().state().status();
			boolean reachable = this.probe.probe();
			if (reachable && (before != ConnectivityStatus.ONLINE || this.contacts.keyFreshness().state().stale())) {
				refresh();
			}
			else {
				this.keys.current();
			}
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again; keep the schedule alive.
			logger.log(Level.WARNING, "Background contact with FusionAuth failed: {0}", LogSafe.of(ex));
			logger.log(Level.DEBUG, "Background contact with FusionAuth failed", ex);
		}
	}

	private void refresh() {
		if (this.keys instanceof RefreshingKeyRingProvider refreshing) {
			refreshing.refresh();
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
