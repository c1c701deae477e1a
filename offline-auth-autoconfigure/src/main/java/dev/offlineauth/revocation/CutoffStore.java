package dev.offlineauth.revocation;

/**
 * Where a cutoff received by this instance goes so that every instance applies it. Requests never read a
 * store: each instance answers from its own {@link CutoffTable}, which the store keeps up to date.
 */
public interface CutoffStore {

	/** Cutoffs stay on the instance that received them: a single instance, or one FusionAuth calls each of. */
	CutoffStore MEMORY = new CutoffStore() {

		@Override
		public boolean share(Cutoff cutoff) {
			return true;
		}

		@Override
		public String name() {
			return "memory";
		}

		@Override
		public Boolean reachable() {
			return null;
		}

	};

	/**
	 * Shares a cutoff this instance has already applied.
	 * @return {@code false} if it could not be shared now; the store keeps it and shares it once it can
	 */
	boolean share(Cutoff cutoff);

	/** {@code memory} or {@code redis}: for health details. */
	String name();

	/** Whether the shared store answered its latest contact, or {@code null} when there is none. */
	Boolean reachable();

}
