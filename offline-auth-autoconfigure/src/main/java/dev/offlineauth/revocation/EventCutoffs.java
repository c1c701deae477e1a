package dev.offlineauth.revocation;

import java.time.Duration;
import java.util.Objects;

/**
 * Turns an event into the cutoff it creates, at the event's {@code createInstant}:
 * <ul>
 * <li>{@code jwt.refresh-token.revoke}: the user in the application when both are named, the user in every
 * application when only the user is, every user of the application when only it is;</li>
 * <li>{@code user.deactivate}, {@code user.delete}: the user in every application;</li>
 * <li>{@code user.registration.delete}: the user in the application.</li>
 * </ul>
 * A cutoff lasts {@code createInstant + ttl + clock-skew + grace.period}: after that, every token it could
 * refuse has expired and is refused anyway. {@code ttl} is the event's access-token lifetime for the
 * cutoff's application when it gives one, else {@code max-token-lifetime}; a cutoff of a user in every
 * application lasts as long as the longest of these. Immutable.
 */
public final class EventCutoffs {

	private final long maxTokenLifetimeMillis;

	private final long afterLifetimeMillis;

	/**
	 * @param maxTokenLifetime how long a token may live when the event does not say
	 * @param clockSkew the tolerance on {@code exp}
	 * @param gracePeriod how long past {@code exp} a token may still be accepted
	 */
	public EventCutoffs(Duration maxTokenLifetime, Duration clockSkew, Duration gracePeriod) {
		this.maxTokenLifetimeMillis = Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime").toMillis();
		this.afterLifetimeMillis = clockSkew.plus(gracePeriod).toMillis();
	}

	/**
	 * The cutoff an event creates.
	 * @param event an event of a type that creates one
	 * @throws MalformedEventException if the event lacks the ids its type needs
	 */
	public Cutoff cutoffFor(FusionAuthEvent event) throws MalformedEventException {
		String user = event.userId();
		String application = event.applicationId();
		switch (event.type()) {
			case REFRESH_TOKEN_REVOKE -> require(user != null || application != null, "a user or an application");
			case USER_DEACTIVATE, USER_DELETE -> {
				require(user != null, "a user");
				application = null;
			}
			case USER_REGISTRATION_DELETE -> require(user != null && application != null, "a user and an application");
			default -> throw new IllegalArgumentException("No cutoff for " + event.type());
		}
		long at = event.createInstant();
		return new Cutoff(event.tenantId(), user, application, at, at + lifetime(event, application) + this.afterLifetimeMillis);
	}

	private long lifetime(FusionAuthEvent event, String application) {
		if (application != null) {
			Long seconds = event.timeToLiveSeconds().get(application);
			return (seconds != null) ? seconds * 1000 : this.maxTokenLifetimeMillis;
		}
		long longest = this.maxTokenLifetimeMillis;
		for (long seconds : event.timeToLiveSeconds().values()) {
			longest = Math.max(longest, seconds * 1000);
		}
		return longest;
	}

	private static void require(boolean condition, String what) throws MalformedEventException {
		if (!condition) {
			throw new MalformedEventException("The event does not name " + what);
		}
	}

}
