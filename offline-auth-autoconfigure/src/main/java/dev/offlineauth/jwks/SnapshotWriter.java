package dev.offlineauth.jwks;

import java.util.Objects;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.TrustedClock;

/** Writes the snapshot after every successful fetch, with the contact it just made. */
public final class SnapshotWriter implements JwksFetchListener {

	private final SnapshotFile file;

	private final Connectivity connectivity;

	private final TrustedClock trustedClock;

	public SnapshotWriter(SnapshotFile file, Connectivity connectivity, TrustedClock trustedClock) {
		this.file = Objects.requireNonNull(file, "file");
		this.connectivity = Objects.requireNonNull(connectivity, "connectivity");
		this.trustedClock = Objects.requireNonNull(trustedClock, "trustedClock");
	}

	@Override
	public void fetched(KeyRing ring, FetchedJwks fetched) {
		Connectivity.State state = this.connectivity.state();
		if (state.lastContact() != null) {
			this.file.write(ring, state.lastContact(), this.trustedClock.lastServerTime());
		}
	}

}
