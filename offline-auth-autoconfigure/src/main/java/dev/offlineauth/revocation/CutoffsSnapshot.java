package dev.offlineauth.revocation;

import java.lang.System.Logger.Level;
import java.util.Objects;

import dev.offlineauth.jwks.SnapshotFile;

/**
 * Keeps the cutoffs in the snapshot file, next to the keys, so that a restart during an outage forgets no
 * revocation: restored at startup, written again whenever the table changes (and with every fetch).
 * Expired cutoffs are neither written nor restored.
 */
public final class CutoffsSnapshot {

	/** The snapshot member that holds the cutoffs. */
	public static final String MEMBER = "cutoffs";

	private static final System.Logger logger = System.getLogger(CutoffsSnapshot.class.getName());

	private final SnapshotFile file;

	private final CutoffTable table;

	public CutoffsSnapshot(SnapshotFile file, CutoffTable table) {
		this.file = Objects.requireNonNull(file, "file");
		this.table = Objects.requireNonNull(table, "table");
	}

	/**
	 * Applies the cutoffs of the snapshot read at startup (if any), then keeps the snapshot in step with the
	 * table.
	 */
	public void restoreAndFollow() {
		this.file.last().map((snapshot) -> snapshot.members().get(MEMBER)).ifPresent(this::restore);
		this.file.include(MEMBER, () -> CutoffsCodec.toJson(this.table.live()));
		this.table.onChange((cutoff) -> this.file.rewrite());
	}

	private void restore(Object json) {
		try {
			CutoffsCodec.fromJson(json).forEach(this.table::apply);
		}
		catch (IllegalArgumentException ex) {
			logger.log(Level.WARNING, "Ignoring the revocation cutoffs of the snapshot {0}: {1}", this.file.path(),
					ex.getMessage());
		}
	}

}
