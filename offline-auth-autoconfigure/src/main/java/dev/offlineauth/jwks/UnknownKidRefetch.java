package dev.offlineauth.jwks;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * What a request whose token names a {@code kid} the ring lacks may make the service do: wait for a fetch,
 * but only one that can help, and only a few requests at a time.
 * <ul>
 * <li>A fetch that <em>started</em> after the kid was first seen can tell whether FusionAuth publishes it;
 * one that started before may not, so after it, one more fetch is made if the rate limit allows.</li>
 * <li>Fetches are started for unknown kids at most once per minimum refetch interval; joining a fetch
 * already under way (a background refresh) does not spend that allowance.</li>
 * <li>A kid still unknown after a fetch that started after it was first seen is refused at once for one
 * interval (until new keys arrive), so a flood of made-up kids costs FusionAuth nothing more.</li>
 * <li>At most {@value #MAX_WAITING} requests wait at once, each at most the maximum wait; the others are
 * answered at once, so that a FusionAuth that hangs holds back few request threads.</li>
 * </ul>
 * The same rules hold for {@link #refetchAsync(String)}, which waits without a thread: it never parks the
 * caller, and what follows a fetch runs on the thread that completed it (a fetch thread, or the JDK's timer
 * for a wait that ran out).
 *
 * <p>Thread-safe.
 */
final class UnknownKidRefetch {

	/** How many requests may wait for a fetch at the same time. */
	static final int MAX_WAITING = 8;

	private static final long SETTLE_NANOS = Duration.ofMillis(1).toNanos();

	private static final int MAX_SETTLES = 50;

	/** Runs a look-again after the settling time, on the JDK's timer and common pool, never a caller's thread. */
	private static final Executor SETTLE_LATER = CompletableFuture.delayedExecutor(SETTLE_NANOS,
			TimeUnit.NANOSECONDS);

	/** Told by {@link #fetchThatCanHelp} when the fetch under way has completed and is being installed. */
	private static final CompletableFuture<KeyRing> SETTLING = new CompletableFuture<>();

	private final Fetches fetches;

	private final Ticker ticker;

	private final long minRefetchNanos;

	private final long maxWaitNanos;

	private final Semaphore waiting = new Semaphore(MAX_WAITING);

	/** Kids known to be unpublished: a fetch that started after each was first seen lacked it. */
	private final Cache<String, Boolean> unpublished;

	/** When each kid not in the ring was first seen. */
	private final Cache<String, Long> firstSeen;

	private final Object startLock = new Object();

	private long lastStartedHere;

	private CompletableFuture<KeyRing> startedHere;

	UnknownKidRefetch(Fetches fetches, Ticker ticker, Duration minRefetchInterval, Duration maxWait) {
		this.fetches = Objects.requireNonNull(fetches, "fetches");
		this.ticker = Objects.requireNonNull(ticker, "ticker");
		this.minRefetchNanos = minRefetchInterval.toNanos();
		this.maxWaitNanos = maxWait.toNanos();
		this.unpublished = Caffeine.newBuilder()
			.maximumSize(1024)
			.expireAfterWrite(minRefetchInterval)
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
		this.firstSeen = Caffeine.newBuilder()
			.maximumSize(4096)
			.expireAfterWrite(minRefetchInterval.multipliedBy(2))
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
		// Allow the first fetch at once.
		this.lastStartedHere = ticker.read() - this.minRefetchNanos;
	}

	/**
	 * @param kid the missing key id, or {@code null} when the ring is empty
	 * @return the ring after a fetch that could help, or the current one at once when none can
	 */
	KeyRing refetch(String kid) {
		Wait wait = begin(kid);
		if (wait == null) {
			return this.fetches.current();
		}
		try {
			KeyRing ring = wait.ring;
			// At most two: the fetch under way, then one started after the kid was seen.
			for (int attempt = 0; attempt < 2; attempt++) {
				CompletableFuture<KeyRing> fetch = fetchThatCanHelpWaitingOutSettling(wait.seen);
				if (fetch == null) {
					return ring;
				}
				ring = await(fetch, wait.deadline);
				if (ring == null) {
					return this.fetches.current();
				}
				if (wait.answeredBy(ring)) {
					return ring;
				}
			}
			return ring;
		}
		finally {
			this.waiting.release();
		}
	}

	/**
	 * {@link #refetch(String)} without holding a thread: the same fetches, rate limit, limit on waiting
	 * requests and bounded wait, the wait being a future's rather than a thread's.
	 * @param kid the missing key id, or {@code null} when the ring is empty
	 * @return completes with the ring after a fetch that could help, or at once with the current one
	 */
	CompletableFuture<KeyRing> refetchAsync(String kid) {
		Wait wait = begin(kid);
		if (wait == null) {
			return CompletableFuture.completedFuture(this.fetches.current());
		}
		CompletableFuture<KeyRing> result = new CompletableFuture<>();
		result.whenComplete((ring, failure) -> this.waiting.release());
		attemptAsync(wait, 0, 0, result);
		return result;
	}

	/** The wait of one request, or {@code null} when no fetch can help it or too many wait already. */
	private Wait begin(String kid) {
		KeyRing ring = this.fetches.current();
		if (satisfied(ring, kid) || (kid != null && this.unpublished.getIfPresent(kid) != null)) {
			return null;
		}
		long now = this.ticker.read();
		long seen = (kid != null) ? this.firstSeen.get(kid, (k) -> now) : now;
		if (!this.waiting.tryAcquire()) {
			return null;
		}
		return new Wait(kid, seen, now + this.maxWaitNanos, ring);
	}

	private void attemptAsync(Wait wait, int attempt, int settles, CompletableFuture<KeyRing> result) {
		try {
			CompletableFuture<KeyRing> fetch = fetchThatCanHelp(wait.seen,
					(settles < MAX_SETTLES) ? Settling.REPORT : Settling.IGNORE);
			if (fetch == SETTLING) {
				// Look again in a moment, on a timer thread rather than by parking the caller.
				SETTLE_LATER.execute(() -> attemptAsync(wait, attempt, settles + 1, result));
				return;
			}
			if (fetch == null) {
				result.complete(wait.ring);
				return;
			}
			long left = wait.deadline - this.ticker.read();
			// A copy: running out of time ends this request's wait, not the fetch others share.
			CompletableFuture<KeyRing> bounded = fetch.copy();
			if (left > 0) {
				bounded.completeOnTimeout(null, left, TimeUnit.NANOSECONDS);
			}
			else {
				bounded.complete(null);
			}
			bounded.handle((ring, failure) -> (failure != null) ? null : ring).thenAccept((ring) -> {
				if (ring == null) {
					result.complete(this.fetches.current());
					return;
				}
				wait.ring = ring;
				if (wait.answeredBy(ring) || attempt == 1) {
					result.complete(ring);
				}
				else {
					attemptAsync(wait, attempt + 1, 0, result);
				}
			});
		}
		catch (RuntimeException | Error ex) {
			result.completeExceptionally(ex);
		}
	}

	/**
	 * Starts a fetch now if the rate limit allows, and returns at once: for when FusionAuth says its keys
	 * changed. A fetch already under way that began after now cannot be, so it does not count.
	 */
	void fetchIfAllowed() {
		fetchThatCanHelpWaitingOutSettling(this.ticker.read() + 1);
	}

	/** New keys arrived: every kid gets its chance again. */
	void keysChanged() {
		this.unpublished.invalidateAll();
	}

	private static boolean satisfied(KeyRing ring, String kid) {
		return (kid != null) ? ring.contains(kid) : !ring.isEmpty();
	}

	/**
	 * The fetch under way if it began after the kid was seen; else a new one if the rate limit allows (after
	 * the one under way, if any); else nothing.
	 */
	private CompletableFuture<KeyRing> fetchThatCanHelp(long seen, Settling settling) {
		synchronized (this.startLock) {
			CompletableFuture<KeyRing> inFlight = underWay(settling);
			if (inFlight == SETTLING) {
				return SETTLING;
			}
			boolean allowed = this.ticker.read() - this.lastStartedHere >= this.minRefetchNanos;
			if (inFlight != null) {
				// A fetch this class started began when it was asked for; of any other, the loader knows.
				long started = (inFlight == this.startedHere) ? this.lastStartedHere : this.fetches.lastStarted();
				return (started - seen >= 0 || allowed) ? inFlight : null;
			}
			if (!allowed) {
				return null;
			}
			this.lastStartedHere = this.ticker.read();
			this.startedHere = this.fetches.start();
			return this.startedHere;
		}
	}

	/**
	 * {@link #fetchThatCanHelp} for a caller that may wait: a fetch that has just completed is waited out a
	 * millisecond at a time, outside the lock, so that no other caller (an event loop among them) ever waits
	 * on the lock while this one parks.
	 */
	private CompletableFuture<KeyRing> fetchThatCanHelpWaitingOutSettling(long seen) {
		for (int settles = 0;; settles++) {
			CompletableFuture<KeyRing> fetch = fetchThatCanHelp(seen,
					(settles < MAX_SETTLES) ? Settling.REPORT : Settling.IGNORE);
			if (fetch != SETTLING) {
				return fetch;
			}
			LockSupport.parkNanos(SETTLE_NANOS);
		}
	}

	/**
	 * The fetch under way, or {@code null}. A fetch that has just completed stays listed for a moment while
	 * the cache installs its keys; it is waited out rather than joined, since it can tell nothing new: the
	 * caller is told {@link #SETTLING} to look again ({@link Settling#REPORT}), or it counts as gone
	 * ({@link Settling#IGNORE}).
	 */
	private CompletableFuture<KeyRing> underWay(Settling settling) {
		CompletableFuture<KeyRing> inFlight = this.fetches.inFlight();
		if (inFlight != null && inFlight.isDone()) {
			return (settling == Settling.REPORT) ? SETTLING : null;
		}
		return inFlight;
	}

	/** The fetch's ring, or {@code null} if it did not complete by the deadline (it goes on for others). */
	private KeyRing await(CompletableFuture<KeyRing> fetch, long deadline) {
		long left = deadline - this.ticker.read();
		try {
			return (left > 0) ? fetch.get(left, TimeUnit.NANOSECONDS) : fetch.getNow(null);
		}
		catch (TimeoutException | ExecutionException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** What to do about a fetch that has completed but is still listed while the cache installs its keys. */
	private enum Settling {

		/** Return {@link #SETTLING}, so that the caller looks again later. */
		REPORT,

		/** Treat it as gone. */
		IGNORE

	}

	/** One request's wait for keys: confined to that request, handed from one fetch's completion to the next. */
	private final class Wait {

		private final String kid;

		private final long seen;

		private final long deadline;

		private volatile KeyRing ring;

		private Wait(String kid, long seen, long deadline, KeyRing ring) {
			this.kid = kid;
			this.seen = seen;
			this.deadline = deadline;
			this.ring = ring;
		}

		/**
		 * Whether this ring settles the request: it has the key, or a fetch that started after the kid was
		 * seen lacked it, which then marks the kid unpublished for an interval.
		 */
		private boolean answeredBy(KeyRing ring) {
			if (satisfied(ring, this.kid)) {
				return true;
			}
			if (UnknownKidRefetch.this.fetches.lastCompleted() - this.seen >= 0) {
				if (this.kid != null) {
					UnknownKidRefetch.this.unpublished.put(this.kid, Boolean.TRUE);
				}
				return true;
			}
			return false;
		}

	}

	/** The fetches of the key cache, as this class needs them. */
	interface Fetches {

		/** The ring now. */
		KeyRing current();

		/** The fetch under way, or {@code null}. */
		CompletableFuture<KeyRing> inFlight();

		/** Starts a fetch now (or returns the one under way). */
		CompletableFuture<KeyRing> start();

		/** The monotonic start of the latest fetch to begin. */
		long lastStarted();

		/** The monotonic start of the latest fetch to complete. */
		long lastCompleted();

	}

}
