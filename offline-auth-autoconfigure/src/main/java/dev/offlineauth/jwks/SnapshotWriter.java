package dev.offlineauth.jwks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.offlineauth.offline.FusionAuthContacts;
import dev.offlineauth.offline.KeyFreshness;
import dev.offlineauth.offline.TrustedClock;

/**
 * Writes the snapshot after every successful fetch, and puts a snapshot's times back at startup: the last
 * key refresh (so that {@code max-offline} keeps counting across a restart) and what the trusted clock knew.
 *
 * <p>Thread-safe.
 */
public final class SnapshotWriter implements JwksFetchListener {

	private final SnapshotFile file;

	private final FusionAuthContacts contacts;

	public SnapshotWriter(SnapshotFile file, FusionAuthContacts contacts) {
		this.file = Objects.requireNonNull(file, "file");
		this.contacts = Objects.requireNonNull(contacts, "contacts");
	}

	@Override
	public void fetched(KeyRing ring, FetchedJwks fetched) {
		TrustedClock clock = this.contacts.trustedClock();
		KeyFreshness freshness = this.contacts.keyFreshness();
		Instant lastKeyRefresh = clock.read().now().minus(freshness.sinceLastRefresh(freshness.state()));
		this.file.write(new SnapshotFile.Snapshot(ring, lastKeyRefresh, clock.serverTime(), clock.issuedAtFloor()));
	}

	/**
	 * Continues from a snapshot of an earlier run: the time since its last key refresh counts towards
	 * {@code max-offline}, and its times are lower bounds for the trusted clock (which clamps them).
	 * @param contacts where they go
	 * @param snapshot what was read
	 */
	public static void restore(FusionAuthContacts contacts, SnapshotFile.Snapshot snapshot) {
		TrustedClock clock = contacts.trustedClock();
		clock.restore(snapshot.issuedAtFloor(), snapshot.serverTime());
		Duration elapsed = Duration.between(snapshot.lastKeyRefresh(), clock.read().now());
		contacts.keyFreshness().restore(elapsed);
	}

}
