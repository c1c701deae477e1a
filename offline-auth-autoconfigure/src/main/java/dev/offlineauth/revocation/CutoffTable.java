package dev.offlineauth.revocation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The cutoffs this instance holds, and the check a request runs against them: two map lookups and a scan
 * of the (few) cutoffs of one user, no lock, no allocation. Cutoffs of one scope merge to the latest, so
 * duplicates and any order of arrival leave the same table; expired ones no longer refuse anything and are
 * dropped as the table is written. Thread-safe: readers never block, writers merge atomically per key.
 */
public final class CutoffTable {

	private static final long PURGE_INTERVAL_MILLIS = 60_000;

	private static final Cutoff[] NONE = new Cutoff[0];

	private final Clock clock;

	/** Cutoffs of every user of an application, by application id. */
	private final ConcurrentHashMap<String, Cutoff> byApplication = new ConcurrentHashMap<>();

	/** Cutoffs of one user (in one or every application, one or any tenant), by user id; arrays never change. */
	private final ConcurrentHashMap<String, Cutoff[]> byUser = new ConcurrentHashMap<>();

	private final List<Consumer<Cutoff>> listeners = new CopyOnWriteArrayList<>();

	private volatile long lastPurge;

	/**
	 * @param clock the wall clock cutoffs expire by
	 */
	public CutoffTable(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Tells {@code listener} of every change, with the cutoff as merged, on the thread that applied it.
	 */
	public void onChange(Consumer<Cutoff> listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Merges a cutoff into the table.
	 * @return whether the table changed (a new or later cutoff, or a longer one)
	 */
	public boolean apply(Cutoff cutoff) {
		long now = this.clock.millis();
		if (cutoff.isExpired(now)) {
			return false;
		}
		purgeIfDue(now);
		Cutoff[] merged = new Cutoff[1];
		if (cutoff.userId() == null) {
			this.byApplication.compute(cutoff.applicationId(), (id, current) -> {
				Cutoff next = (current == null || current.isExpired(now)) ? cutoff : current.mergedWith(cutoff);
				merged[0] = next.equals(current) ? null : next;
				return next;
			});
		}
		else {
			this.byUser.compute(cutoff.userId(), (id, current) -> withMerged(current, cutoff, now, merged));
		}
		if (merged[0] == null) {
			return false;
		}
		this.listeners.forEach((listener) -> listener.accept(merged[0]));
		return true;
	}

	private static Cutoff[] withMerged(Cutoff[] current, Cutoff cutoff, long now, Cutoff[] merged) {
		List<Cutoff> next = new ArrayList<>();
		Cutoff result = cutoff;
		boolean changed = true;
		for (Cutoff existing : (current != null) ? current : NONE) {
			if (existing.sameScope(cutoff)) {
				result = existing.mergedWith(cutoff);
				changed = !result.equals(existing);
			}
			else if (!existing.isExpired(now)) {
				next.add(existing);
			}
		}
		next.add(result);
		merged[0] = changed ? result : null;
		return next.toArray(NONE);
	}

	/**
	 * Whether a token is revoked: issued at or before a cutoff, not yet expired, for its application, for
	 * its user in any application, or for its user in its application. A token that names no tenant cannot
	 * show it belongs to another one, so a user's cutoff in any tenant applies to it.
	 * @param tenantId the token's tenant ({@code tid}), or {@code null}
	 * @param userId the token's user ({@code sub}), or {@code null}
	 * @param applicationId the token's application, or {@code null}
	 * @param issuedAt when the token was issued, epoch milliseconds ({@link Long#MIN_VALUE} when it does not
	 * say, so that any cutoff of its scope refuses it)
	 */
	public boolean isRevoked(String tenantId, String userId, String applicationId, long issuedAt) {
		if (this.byApplication.isEmpty() && this.byUser.isEmpty()) {
			return false;
		}
		long now = this.clock.millis();
		if (applicationId != null) {
			Cutoff application = this.byApplication.get(applicationId);
			if (application != null && application.refuses(issuedAt, now)) {
				return true;
			}
		}
		Cutoff[] user = (userId != null) ? this.byUser.get(userId) : null;
		if (user != null) {
			for (Cutoff cutoff : user) {
				if ((cutoff.tenantId() == null || tenantId == null || cutoff.tenantId().equals(tenantId))
						&& (cutoff.applicationId() == null || cutoff.applicationId().equals(applicationId))
						&& cutoff.refuses(issuedAt, now)) {
					return true;
				}
			}
		}
		return false;
	}

	/** Whether a cutoff has ended by this table's clock, so that it would refuse nothing. */
	public boolean hasEnded(Cutoff cutoff) {
		return cutoff.isExpired(this.clock.millis());
	}

	/** The cutoffs that still refuse tokens. */
	public List<Cutoff> live() {
		long now = this.clock.millis();
		List<Cutoff> live = new ArrayList<>();
		this.byApplication.values().stream().filter((cutoff) -> !cutoff.isExpired(now)).forEach(live::add);
		this.byUser.values()
			.forEach((cutoffs) -> List.of(cutoffs).stream().filter((cutoff) -> !cutoff.isExpired(now)).forEach(live::add));
		return live;
	}

	/** How many cutoffs still refuse tokens. */
	public int size() {
		return live().size();
	}

	/** Drops the cutoffs that have expired. */
	public void purgeExpired() {
		long now = this.clock.millis();
		this.lastPurge = now;
		this.byApplication.values().removeIf((cutoff) -> cutoff.isExpired(now));
		for (String userId : this.byUser.keySet()) {
			this.byUser.computeIfPresent(userId, (id, cutoffs) -> {
				Cutoff[] live = List.of(cutoffs).stream().filter((cutoff) -> !cutoff.isExpired(now)).toArray(Cutoff[]::new);
				return (live.length > 0) ? live : null;
			});
		}
	}

	private void purgeIfDue(long now) {
		if (now - this.lastPurge >= PURGE_INTERVAL_MILLIS) {
			purgeExpired();
		}
	}

}
