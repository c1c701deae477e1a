package dev.offlineauth.jwks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import dev.offlineauth.offline.FusionAuthContacts;

/**
 * FusionAuth's keys in a Caffeine cache that refreshes ahead: once the ring is older than the refresh
 * interval, the next read returns it at once and starts a fetch in the background
 * (stale-while-revalidate). Requests therefore never wait when a usable key is known.
 *
 * <p>A token with an unknown {@code kid} may cause a fetch, but at most one per minimum refetch interval
 * across all requests; concurrent requests share a fetch under way; and a {@code kid} still unknown after
 * a fetch is remembered for one interval (cleared when new keys arrive), so that a flood of made-up key
 * ids costs FusionAuth nothing more.
 */
public final class RefreshingKeyRingProvider implements KeyRingProvider {

	private static final String KEY = "jwks";

	private static final CompletableFuture<KeyRing> NONE_IN_FLIGHT = CompletableFuture.completedFuture(null);

	private final LoadingCache<String, KeyRing> cache;

	private final Cache<String, Boolean> unknownKids;

	private final Ticker ticker;

	private final long minRefetchNanos;

	private final Duration maxWait;

	private final Object refetchLock = new Object();

	private long lastRefetchNanos;

	private CompletableFuture<KeyRing> refetchInFlight = NONE_IN_FLIGHT;

	/**
	 * @param client fetches the JWKS
	 * @param reader checks and prepares the keys
	 * @param contacts records every fetch as a contact
	 * @param initial the ring to serve until the first fetch succeeds (bundled or snapshot keys, or empty)
	 * @param settings intervals
	 * @param ticker the monotonic clock
	 * @param executor where fetches run (never a request thread)
	 * @param listeners told of every fetch
	 */
	public RefreshingKeyRingProvider(JwksClient client, JwksReader reader, FusionAuthContacts contacts,
			KeyRing initial, Settings settings, Ticker ticker, Executor executor, List<JwksFetchListener> listeners) {
		Objects.requireNonNull(settings, "settings");
		this.ticker = Objects.requireNonNull(ticker, "ticker");
		this.minRefetchNanos = settings.minRefetchInterval().toNanos();
		this.maxWait = settings.maxWait();
		this.unknownKids = Caffeine.newBuilder()
			.maximumSize(1024)
			.expireAfterWrite(settings.minRefetchInterval())
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
		List<JwksFetchListener> all = new ArrayList<>(listeners);
		all.add(new JwksFetchListener() {
			@Override
			public void fetched(KeyRing ring, FetchedJwks fetched) {
				RefreshingKeyRingProvider.this.unknownKids.invalidateAll();
			}
		});
		this.cache = Caffeine.newBuilder()
			.refreshAfterWrite(settings.refreshInterval())
			.ticker(ticker)
			.executor(executor)
			.build(new JwksLoader(client, reader, contacts, initial, all));
		this.cache.put(KEY, initial);
		// Allow the first on-demand fetch at once.
		this.lastRefetchNanos = ticker.read() - this.minRefetchNanos;
	}

	@Override
	public KeyRing current() {
		return this.cache.get(KEY);
	}

	/**
	 * Starts a fetch in the background now (or returns the one under way), whatever the refresh timer
	 * says: at startup, and when FusionAuth comes back.
	 * @return the ring the fetch leaves in place
	 */
	public CompletableFuture<KeyRing> refresh() {
		return this.cache.refresh(KEY);
	}

	@Override
	public KeyRing refetch(String kid) {
		if (kid != null && this.unknownKids.getIfPresent(kid) != null) {
			return current();
		}
		CompletableFuture<KeyRing> fetch = startOrJoinRefetch();
		if (fetch == null) {
			return current();
		}
		KeyRing ring = await(fetch);
		if (kid != null && !ring.contains(kid)) {
			this.unknownKids.put(kid, Boolean.TRUE);
		}
		return ring;
	}

	private CompletableFuture<KeyRing> startOrJoinRefetch() {
		synchronized (this.refetchLock) {
			if (!this.refetchInFlight.isDone()) {
				return this.refetchInFlight;
			}
			long now = this.ticker.read();
			if (now - this.lastRefetchNanos < this.minRefetchNanos) {
				return null;
			}
			this.lastRefetchNanos = now;
			this.refetchInFlight = this.cache.refresh(KEY);
			return this.refetchInFlight;
		}
	}

	private KeyRing await(CompletableFuture<KeyRing> fetch) {
		try {
			KeyRing ring = fetch.get(this.maxWait.toNanos(), TimeUnit.NANOSECONDS);
			return (ring != null) ? ring : current();
		}
		catch (TimeoutException | ExecutionException ex) {
			// The fetch goes on in the background for everyone else; this request stops waiting.
			return current();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return current();
		}
	}

	/**
	 * Timing of fetches.
	 *
	 * @param refreshInterval how old the ring may get before a read starts a background refresh
	 * @param minRefetchInterval the least time between two fetches caused by unknown key ids
	 * @param maxWait how long a request may wait for such a fetch
	 */
	public record Settings(Duration refreshInterval, Duration minRefetchInterval, Duration maxWait) {

		public Settings {
			Objects.requireNonNull(refreshInterval, "refreshInterval");
			Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
			Objects.requireNonNull(maxWait, "maxWait");
		}

	}

}
