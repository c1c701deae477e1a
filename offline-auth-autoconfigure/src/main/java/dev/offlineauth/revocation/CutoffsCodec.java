package dev.offlineauth.revocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cutoffs as a JSON value (a list of objects, the form the snapshot file keeps them in) and back, strictly:
 * a value that is not exactly such a list, with ids that are ids and instants that are whole milliseconds,
 * is refused as a whole. Stateless.
 *
 * <pre class="code">
 * [{"tenantId": "...", "userId": "...", "applicationId": "...", "at": 1767225600000, "expiresAt": 1767229260000}]
 * </pre>
 */
public final class CutoffsCodec {

	/** Far more than any FusionAuth sends within one token lifetime; a larger list is not ours. */
	static final int MAX_CUTOFFS = 100_000;

	private static final Set<String> MEMBERS = Set.of("tenantId", "userId", "applicationId", "at", "expiresAt");

	private CutoffsCodec() {
	}

	/** The cutoffs as a JSON value: a list of maps of strings and numbers. */
	public static List<Map<String, Object>> toJson(Collection<Cutoff> cutoffs) {
		List<Map<String, Object>> json = new ArrayList<>(cutoffs.size());
		for (Cutoff cutoff : cutoffs) {
			Map<String, Object> member = new LinkedHashMap<>();
			putIfPresent(member, "tenantId", cutoff.tenantId());
			putIfPresent(member, "userId", cutoff.userId());
			putIfPresent(member, "applicationId", cutoff.applicationId());
			member.put("at", cutoff.at());
			member.put("expiresAt", cutoff.expiresAt());
			json.add(member);
		}
		return json;
	}

	/**
	 * Reads cutoffs written by {@link #toJson}.
	 * @param json the JSON value, as parsed
	 * @throws IllegalArgumentException if it is anything else
	 */
	public static List<Cutoff> fromJson(Object json) {
		if (!(json instanceof List<?> list) || list.size() > MAX_CUTOFFS) {
			throw new IllegalArgumentException("Not a list of cutoffs");
		}
		List<Cutoff> cutoffs = new ArrayList<>(list.size());
		for (Object element : list) {
			if (!(element instanceof Map<?, ?> member) || !MEMBERS.containsAll(member.keySet())) {
				throw new IllegalArgumentException("Not a cutoff");
			}
			cutoffs.add(new Cutoff(id(member.get("tenantId")), id(member.get("userId")), id(member.get("applicationId")),
					millis(member.get("at")), millis(member.get("expiresAt"))));
		}
		return cutoffs;
	}

	private static String id(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof String id && Cutoff.isValidId(id)) {
			return id;
		}
		throw new IllegalArgumentException("Not an id");
	}

	private static long millis(Object value) {
		if ((value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0) {
			return ((Number) value).longValue();
		}
		if (value instanceof Number number && number.doubleValue() >= 0 && number.doubleValue() < 1e15
				&& number.doubleValue() == Math.rint(number.doubleValue())) {
			return number.longValue();
		}
		throw new IllegalArgumentException("Not an instant in milliseconds");
	}

	private static void putIfPresent(Map<String, Object> member, String name, String value) {
		if (value != null) {
			member.put(name, value);
		}
	}

}
