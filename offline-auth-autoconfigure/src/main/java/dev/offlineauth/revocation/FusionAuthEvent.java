package dev.offlineauth.revocation;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * What offline-auth reads of a FusionAuth event ({@code {"event": {...}}}), once its signature is verified.
 * Only the members the cutoff rules need are read, and each is checked: ids are ids, instants are whole
 * milliseconds. The ids of the user and the application are taken from where each event type carries
 * them ({@code userId} or {@code user.id}, {@code applicationId} or {@code registration.applicationId}).
 * Immutable.
 *
 * @param type the type, {@link EventType#OTHER} for those not acted on
 * @param id the event's id (for duplicates), or {@code null}
 * @param createInstant when FusionAuth created the event, epoch milliseconds, or {@code null} for an
 * ignored type
 * @param tenantId the tenant, or {@code null}
 * @param userId the user, or {@code null}
 * @param applicationId the application, or {@code null}
 * @param timeToLiveSeconds access-token lifetimes by application id ({@code applicationTimeToLiveInSeconds})
 */
public record FusionAuthEvent(EventType type, String id, Long createInstant, String tenantId, String userId,
		String applicationId, Map<String, Long> timeToLiveSeconds) {

	public FusionAuthEvent {
		timeToLiveSeconds = Map.copyOf(timeToLiveSeconds);
	}

	/**
	 * Reads an event.
	 * @param body the request body, already verified as signed by FusionAuth
	 * @throws MalformedEventException if it is not JSON, not an event, or an event acted on lacks what it
	 * needs
	 */
	public static FusionAuthEvent parse(byte[] body) throws MalformedEventException {
		try {
			Map<String, Object> root = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
			Map<String, Object> event = (root != null) ? JSONObjectUtils.getJSONObject(root, "event") : null;
			String typeName = (event != null) ? JSONObjectUtils.getString(event, "type") : null;
			if (typeName == null) {
				throw new MalformedEventException("Not a FusionAuth event");
			}
			EventType type = EventType.of(typeName);
			String id = optionalId(event.get("id"));
			if (type == EventType.OTHER || type == EventType.PUBLIC_KEY_UPDATE) {
				return new FusionAuthEvent(type, id, null, null, null, null, Map.of());
			}
			Map<String, Object> user = JSONObjectUtils.getJSONObject(event, "user");
			Map<String, Object> registration = JSONObjectUtils.getJSONObject(event, "registration");
			return new FusionAuthEvent(type, id, instant(event.get("createInstant")),
					id(event, "tenantId", user, "tenantId"), id(event, "userId", user, "id"),
					id(event, "applicationId", registration, "applicationId"),
					lifetimes(JSONObjectUtils.getJSONObject(event, "applicationTimeToLiveInSeconds")));
		}
		catch (ParseException | RuntimeException ex) {
			// Not JSON, a member of the wrong type, or whatever else a body provokes in parsing.
			throw new MalformedEventException("Not a FusionAuth event (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static String optionalId(Object value) {
		return (value instanceof String id && Cutoff.isValidId(id)) ? id : null;
	}

	private static String id(Map<String, Object> event, String name, Map<String, Object> nested, String nestedName)
			throws MalformedEventException {
		Object value = event.get(name);
		if (value == null && nested != null) {
			value = nested.get(nestedName);
		}
		if (value == null) {
			return null;
		}
		if (!(value instanceof String id) || !Cutoff.isValidId(id)) {
			throw new MalformedEventException("The event's " + name + " is not an id");
		}
		return id;
	}

	private static long instant(Object value) throws MalformedEventException {
		Long millis = wholeNumber(value);
		if (millis == null || millis <= 0) {
			throw new MalformedEventException("The event has no createInstant");
		}
		return millis;
	}

	private static Map<String, Long> lifetimes(Map<String, Object> value) throws MalformedEventException {
		Map<String, Long> lifetimes = new LinkedHashMap<>();
		if (value == null) {
			return lifetimes;
		}
		for (Map.Entry<String, Object> entry : value.entrySet()) {
			Long seconds = wholeNumber(entry.getValue());
			if (!Cutoff.isValidId(entry.getKey()) || seconds == null) {
				throw new MalformedEventException("The event's applicationTimeToLiveInSeconds is not a map of lifetimes");
			}
			if (seconds > 0) {
				lifetimes.put(entry.getKey(), seconds);
			}
		}
		return lifetimes;
	}

	private static Long wholeNumber(Object value) {
		if (value instanceof Long whole) {
			return whole;
		}
		if (value instanceof Integer whole) {
			return whole.longValue();
		}
		if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
				&& Math.abs(number.doubleValue()) < 1e15) {
			return number.longValue();
		}
		return null;
	}

}
