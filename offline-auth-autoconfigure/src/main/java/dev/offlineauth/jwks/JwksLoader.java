package dev.offlineauth.jwks;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.CacheLoader;

import dev.offlineauth.jwks.JwksException.Reason;
import dev.offlineauth.logging.LogSafe;
import dev.offlineauth.logging.RateLimitedLog;
import dev.offlineauth.offline.FusionAuthContacts;

/**
 * Fetches the JWKS for the cache and applies the trust rule: an acceptable remote set replaces the ring
 * whole; a failure of any kind keeps the ring as it is, its keys now told as last-known-good. Every
 * outcome is a contact, recorded by {@link FusionAuthContacts}.
 *
 * <p>Failures are returned as the kept ring, not thrown: a value resets Caffeine's refresh timer, so a
 * FusionAuth that stays down is asked again after another refresh interval rather than on every read,
 * and Caffeine logs nothing per failure.
 */
final class JwksLoader implements CacheLoader<String, KeyRing> {

	private static final System.Logger logger = System.getLogger(JwksLoader.class.getName());

	private static final RateLimitedLog listenerFailures = RateLimitedLog.perMinute(logger);

	private final JwksClient client;

	private final JwksReader reader;

	private final FusionAuthContacts contacts;

	private final KeyRing initial;

	private final List<JwksFetchListener> listeners;

	private volatile long lastStarted;

	private volatile long lastCompleted;

	JwksLoader(JwksClient client, JwksReader reader, FusionAuthContacts contacts, KeyRing initial,
			List<JwksFetchListener> listeners) {
		this.client = Objects.requireNonNull(client, "client");
		this.reader = Objects.requireNonNull(reader, "reader");
		this.contacts = Objects.requireNonNull(contacts, "contacts");
		this.initial = Objects.requireNonNull(initial, "initial");
		this.listeners = List.copyOf(listeners);
		// Before any fetch: earlier than any kid can be seen.
		this.lastStarted = contacts.begin() - 1;
		this.lastCompleted = this.lastStarted;
	}

	/** Key ids are the JWKS's text: escaped and capped before they reach the log. */
	private static String describe(KeyRing ring) {
		StringBuilder kids = new StringBuilder(ring.source().value()).append(' ').append('[');
		int shown = 0;
		for (String kid : ring.kids()) {
			if (shown++ == 10) {
				kids.append(", ...").append(ring.kids().size() - 10).append(" more");
				break;
			}
			kids.append((shown > 1) ? ", " : "").append(LogSafe.quoted(kid));
		}
		return kids.append(']').toString();
	}

	/** The cache is seeded with the initial ring; this runs only if it were ever empty. */
	@Override
	public KeyRing load(String key) {
		return this.initial;
	}

	@Override
	public KeyRing reload(String key, KeyRing current) {
		return fetchOrKeep(current);
	}

	KeyRing fetchOrKeep(KeyRing current) {
		JwksException failure;
		long started = this.contacts.begin();
		this.lastStarted = started;
		try {
			FetchedJwks fetched = this.client.fetch();
			KeyRing ring = this.reader.read(fetched.json(), KeySource.REMOTE);
			this.contacts.keysFetched(started, fetched.serverTime());
			if (!ring.sameKidsAs(current) || current.source() != KeySource.REMOTE) {
				logger.log(Level.INFO, "Keys from FusionAuth: {0} (were {1})", describe(ring), describe(current));
			}
			for (JwksFetchListener listener : this.listeners) {
				tell(listener, () -> listener.fetched(ring, fetched));
			}
			this.lastCompleted = started;
			return ring;
		}
		catch (JwksException ex) {
			failure = ex;
		}
		catch (RuntimeException ex) {
			// Not expected from the client or the reader; still never a reason to lose the keys.
			// Its message may quote the response: escaped here, the stack trace at DEBUG.
			logger.log(Level.WARNING, "Unexpected failure while refreshing the JWKS: {0}", LogSafe.of(ex));
			logger.log(Level.DEBUG, "Unexpected failure while refreshing the JWKS", ex);
			failure = new JwksException(Reason.MALFORMED, "Unexpected failure: " + ex, ex);
		}
		if (logger.isLoggable(Level.DEBUG)) {
			logger.log(Level.DEBUG, "JWKS fetch failed ({0}): {1}", failure.reason().value(),
					LogSafe.of(failure.getMessage()));
		}
		this.contacts.keysFailed(started, failure.reason().value(), failure.reason().answeredOk());
		JwksException reported = failure;
		for (JwksFetchListener listener : this.listeners) {
			tell(listener, () -> listener.failed(reported));
		}
		this.lastCompleted = started;
		return (current.source() == KeySource.REMOTE) ? current.withSource(KeySource.LAST_KNOWN_GOOD) : current;
	}

	/** A listener's failure is the listener's: the new keys stand, and the contact counts as it went. */
	private static void tell(JwksFetchListener listener, Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			listenerFailures.log(Level.WARNING, listener.getClass().getName(),
					() -> "A JwksFetchListener failed and was ignored: " + listener.getClass().getName(), ex);
		}
	}

	/** The monotonic start of the latest fetch to begin. */
	long lastStarted() {
		return this.lastStarted;
	}

	/** The monotonic start of the latest fetch to complete, successful or not. */
	long lastCompleted() {
		return this.lastCompleted;
	}

}
