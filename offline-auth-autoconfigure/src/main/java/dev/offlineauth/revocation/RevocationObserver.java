package dev.offlineauth.revocation;

/** Told how each webhook request ended, with the event's type when it could be read. */
public interface RevocationObserver {

	/** Observes nothing. */
	RevocationObserver NONE = (type, outcome) -> {
	};

	/**
	 * @param type the event's type, {@link EventType#UNKNOWN} when refused before it was read
	 * @param outcome how it ended
	 */
	void received(EventType type, WebhookOutcome outcome);

}
