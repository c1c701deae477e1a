package dev.offlineauth.jwks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import dev.offlineauth.offline.FusionAuthContacts;

/**
 * FusionAuth's keys in a Caffeine cache that refreshes ahead: once the ring is older than the refresh
 * interval, the next read returns it at once and starts a fetch in the background
 * (stale-while-revalidate). Requests therefore never wait when a usable key is known.
 *
 * <p>A token with an unknown {@code kid} may cause a fetch, within the rules of {@link UnknownKidRefetch}:
 * rate-limited, waited for only when it can help, by a few requests at a time.
 *
 * <p>Once closed (the application is shutting down) it only serves the ring it holds and starts no fetch,
 * so that a request during shutdown never meets a stopped executor.
 *
 * <p>Thread-safe.
 */
public final class RefreshingKeyRingProvider implements KeyRingProvider, AutoCloseable {

	private static final String KEY = "jwks";

	private final LoadingCache<String, KeyRing> cache;

	private final JwksLoader loader;

	private final UnknownKidRefetch unknownKids;

	private volatile boolean closed;

	/**
	 * @param client fetches the JWKS
	 * @param reader checks and prepares the keys
	 * @param contacts records every fetch as a contact
	 * @param initial the ring to serve until the first fetch succeeds (bundled or snapshot keys, or empty)
	 * @param settings intervals
	 * @param ticker the monotonic clock; the one of the {@code TimeSource} that {@code contacts} uses
	 * @param executor where fetches run (never a request thread)
	 * @param listeners told of every fetch
	 */
	public RefreshingKeyRingProvider(JwksClient client, JwksReader reader, FusionAuthContacts contacts,
			KeyRing initial, Settings settings, Ticker ticker, Executor executor, List<JwksFetchListener> listeners) {
		Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(ticker, "ticker");
		List<JwksFetchListener> all = new ArrayList<>(listeners);
		all.add(new JwksFetchListener() {
			@Override
			public void fetched(KeyRing ring, FetchedJwks fetched) {
				RefreshingKeyRingProvider.this.unknownKids.keysChanged();
			}
		});
		this.loader = new JwksLoader(client, reader, contacts, initial, all);
		this.cache = Caffeine.newBuilder()
			.refreshAfterWrite(settings.refreshInterval())
			.ticker(ticker)
			.executor(executor)
			.build(this.loader);
		this.cache.put(KEY, initial);
		this.unknownKids = new UnknownKidRefetch(new CacheFetches(), ticker, settings.minRefetchInterval(),
				settings.maxWait());
	}

	@Override
	public KeyRing current() {
		if (this.closed) {
			return held();
		}
		try {
			return this.cache.get(KEY);
		}
		catch (RejectedExecutionException ex) {
			return held();
		}
	}

	private KeyRing held() {
		KeyRing ring = this.cache.policy().getIfPresentQuietly(KEY);
		return (ring != null) ? ring : KeyRing.empty();
	}

	/**
	 * Starts a fetch in the background now (or returns the one under way), whatever the refresh timer
	 * says: at startup, and when FusionAuth comes back.
	 * @return the ring the fetch leaves in place; once closed, the ring held
	 */
	public CompletableFuture<KeyRing> refresh() {
		if (this.closed) {
			return CompletableFuture.completedFuture(held());
		}
		try {
			return this.cache.refresh(KEY);
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.completedFuture(held());
		}
	}

	@Override
	public KeyRing refetch(String kid) {
		return this.closed ? held() : this.unknownKids.refetch(kid);
	}

	@Override
	public CompletableFuture<KeyRing> refetchAsync(String kid) {
		return this.closed ? CompletableFuture.completedFuture(held()) : this.unknownKids.refetchAsync(kid);
	}

	@Override
	public void keysChanged() {
		if (!this.closed) {
			this.unknownKids.fetchIfAllowed();
		}
	}

	/** Starts no more fetches; the ring held keeps serving. */
	@Override
	public void close() {
		this.closed = true;
	}

	/** The cache's fetches, as {@link UnknownKidRefetch} sees them. */
	private final class CacheFetches implements UnknownKidRefetch.Fetches {

		@Override
		public KeyRing current() {
			return RefreshingKeyRingProvider.this.current();
		}

		@Override
		public CompletableFuture<KeyRing> inFlight() {
			return RefreshingKeyRingProvider.this.cache.policy().refreshes().get(KEY);
		}

		@Override
		public CompletableFuture<KeyRing> start() {
			return refresh();
		}

		@Override
		public long lastStarted() {
			return RefreshingKeyRingProvider.this.loader.lastStarted();
		}

		@Override
		public long lastCompleted() {
			return RefreshingKeyRingProvider.this.loader.lastCompleted();
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
