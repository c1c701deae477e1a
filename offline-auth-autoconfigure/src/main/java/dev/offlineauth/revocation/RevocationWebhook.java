package dev.offlineauth.revocation;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Receives one FusionAuth webhook, whatever the web stack: the signature first (nothing of the body is read
 * before it is verified), then the event, then its cutoff, applied here and shared through the store. An
 * event id already applied is acknowledged again without doing anything; one whose store write failed is
 * not remembered, so that a delivery again retries it. Thread-safe.
 */
public final class RevocationWebhook {

	private static final System.Logger logger = System.getLogger(RevocationWebhook.class.getName());

	/** Ids of events applied; merging makes a forgotten duplicate harmless, so a bound is enough. */
	private static final int REMEMBERED_EVENTS = 10_000;

	private final WebhookSignature signature;

	private final EventCutoffs rules;

	private final CutoffTable table;

	private final CutoffStore store;

	private final Runnable keysChanged;

	private final RevocationObserver observer;

	private final Cache<String, Boolean> applied = Caffeine.newBuilder()
		.maximumSize(REMEMBERED_EVENTS)
		.executor(Runnable::run)
		.build();

	/**
	 * @param signature checks the signature
	 * @param rules turn events into cutoffs
	 * @param table this instance's cutoffs
	 * @param store shares them with the other instances
	 * @param keysChanged starts a JWKS fetch off the calling thread (within the refetch rate limit)
	 * @param observer told how each request ended
	 */
	public RevocationWebhook(WebhookSignature signature, EventCutoffs rules, CutoffTable table, CutoffStore store,
			Runnable keysChanged, RevocationObserver observer) {
		this.signature = Objects.requireNonNull(signature, "signature");
		this.rules = Objects.requireNonNull(rules, "rules");
		this.table = Objects.requireNonNull(table, "table");
		this.store = Objects.requireNonNull(store, "store");
		this.keysChanged = Objects.requireNonNull(keysChanged, "keysChanged");
		this.observer = Objects.requireNonNull(observer, "observer");
	}

	/**
	 * Handles one request.
	 * @param signatureHeader the {@code X-FusionAuth-Signature-JWT} header, or {@code null}
	 * @param body the raw body, already within the size limit
	 */
	public WebhookOutcome receive(String signatureHeader, byte[] body) {
		switch (this.signature.verify(signatureHeader, body)) {
			case INVALID -> {
				return report(EventType.UNKNOWN, WebhookOutcome.INVALID_SIGNATURE);
			}
			case KEY_UNAVAILABLE -> {
				return report(EventType.UNKNOWN, WebhookOutcome.KEYS_UNAVAILABLE);
			}
			case VALID -> {
			}
		}
		FusionAuthEvent event;
		try {
			event = FusionAuthEvent.parse(body);
		}
		catch (MalformedEventException ex) {
			return report(EventType.UNKNOWN, WebhookOutcome.MALFORMED);
		}
		if (event.id() != null && this.applied.getIfPresent(event.id()) != null) {
			return report(event.type(), WebhookOutcome.DUPLICATE);
		}
		WebhookOutcome outcome;
		try {
			outcome = act(event);
		}
		catch (MalformedEventException | IllegalArgumentException ex) {
			// IllegalArgumentException: ids and instants that make no cutoff, however FusionAuth sent them.
			outcome = WebhookOutcome.MALFORMED;
		}
		if (outcome.httpStatus() == 200 && event.id() != null) {
			this.applied.put(event.id(), Boolean.TRUE);
		}
		return report(event.type(), outcome);
	}

	/** A body over the size limit was refused before being read. */
	public WebhookOutcome tooLarge() {
		return report(EventType.UNKNOWN, WebhookOutcome.TOO_LARGE);
	}

	private WebhookOutcome act(FusionAuthEvent event) throws MalformedEventException {
		switch (event.type()) {
			case OTHER, UNKNOWN -> {
				return WebhookOutcome.IGNORED;
			}
			case PUBLIC_KEY_UPDATE -> {
				this.keysChanged.run();
				return WebhookOutcome.APPLIED;
			}
			default -> {
				Cutoff cutoff = this.rules.cutoffFor(event);
				if (this.table.hasEnded(cutoff)) {
					return WebhookOutcome.EXPIRED;
				}
				if (this.table.apply(cutoff)) {
					logger.log(Level.INFO, "Tokens of {0} issued at or before {1} are revoked until {2}",
							describe(cutoff), Instant.ofEpochMilli(cutoff.at()), Instant.ofEpochMilli(cutoff.expiresAt()));
				}
				// Shared even when this instance had it already: an earlier share may have failed.
				return this.store.share(cutoff) ? WebhookOutcome.APPLIED : WebhookOutcome.STORE_UNAVAILABLE;
			}
		}
	}

	private WebhookOutcome report(EventType type, WebhookOutcome outcome) {
		this.observer.received(type, outcome);
		return outcome;
	}

	/** Ids only, each checked to be an id: nothing else from the body reaches the log. */
	static String describe(Cutoff cutoff) {
		String user = (cutoff.userId() != null) ? "user " + cutoff.userId()
				+ ((cutoff.tenantId() != null) ? " of tenant " + cutoff.tenantId() : "") : "every user";
		String application = (cutoff.applicationId() != null) ? "application " + cutoff.applicationId()
				: "every application";
		return user + " in " + application;
	}

}
