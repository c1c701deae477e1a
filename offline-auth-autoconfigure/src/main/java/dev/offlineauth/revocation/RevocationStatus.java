package dev.offlineauth.revocation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What health details tell of revocation: cutoffs held, the store, and whether it is reachable. */
public final class RevocationStatus {

	private final CutoffTable table;

	private final CutoffStore store;

	public RevocationStatus(CutoffTable table, CutoffStore store) {
		this.table = Objects.requireNonNull(table, "table");
		this.store = Objects.requireNonNull(store, "store");
	}

	/** {@code cutoffs}, {@code store} and, for a shared store, {@code storeReachable}. */
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("cutoffs", this.table.size());
		details.put("store", this.store.name());
		Boolean reachable = this.store.reachable();
		if (reachable != null) {
			details.put("storeReachable", reachable);
		}
		return details;
	}

}
