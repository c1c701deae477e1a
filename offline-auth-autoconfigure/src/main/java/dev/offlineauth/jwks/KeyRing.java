package dev.offlineauth.jwks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable set of prepared verification keys, indexed by {@code kid}, and where it came from. A new
 * set replaces the ring as a whole; nothing ever changes a ring in place.
 */
public final class KeyRing {

	private static final KeyRing EMPTY = new KeyRing(Map.of(), KeySource.NONE, null);

	private final Map<String, VerificationKey> keys;

	private final KeySource source;

	private final String jwksJson;

	private KeyRing(Map<String, VerificationKey> keys, KeySource source, String jwksJson) {
		this.keys = keys;
		this.source = source;
		this.jwksJson = jwksJson;
	}

	/** A ring of the given keys. */
	public static KeyRing of(List<VerificationKey> keys, KeySource source, String jwksJson) {
		Objects.requireNonNull(source, "source");
		Map<String, VerificationKey> byKid = new LinkedHashMap<>();
		for (VerificationKey key : keys) {
			if (byKid.putIfAbsent(key.kid(), key) != null) {
				throw new IllegalArgumentException("Duplicate kid " + key.kid());
			}
		}
		return new KeyRing(Collections.unmodifiableMap(byKid), source, jwksJson);
	}

	/** The ring with no keys, before any source provided one. */
	public static KeyRing empty() {
		return EMPTY;
	}

	/** The key with this {@code kid}, or {@code null}. */
	public VerificationKey find(String kid) {
		return (kid != null) ? this.keys.get(kid) : null;
	}

	public boolean contains(String kid) {
		return find(kid) != null;
	}

	public boolean isEmpty() {
		return this.keys.isEmpty();
	}

	/** The key ids, in the order of the JWKS. */
	public Set<String> kids() {
		return this.keys.keySet();
	}

	public KeySource source() {
		return this.source;
	}

	/** The JWKS document these keys were read from (public keys only), or {@code null} for the empty ring. */
	public String jwksJson() {
		return this.jwksJson;
	}

	/** The same keys, with their origin told differently. */
	public KeyRing withSource(KeySource source) {
		return (source == this.source || this.keys.isEmpty()) ? this : new KeyRing(this.keys, source, this.jwksJson);
	}

	/** Whether both rings hold the same key ids. */
	public boolean sameKidsAs(KeyRing other) {
		return this.keys.keySet().equals(other.keys.keySet());
	}

	@Override
	public String toString() {
		return "KeyRing[source=" + this.source.value() + ", kids=" + this.keys.keySet() + "]";
	}

}
