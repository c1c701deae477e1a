package dev.offlineauth.jwks;

import java.util.Objects;

/** Keys that never change: the bundled JWKS when FusionAuth is never contacted. */
public final class StaticKeyRingProvider implements KeyRingProvider {

	private final KeyRing ring;

	public StaticKeyRingProvider(KeyRing ring) {
		this.ring = Objects.requireNonNull(ring, "ring");
	}

	@Override
	public KeyRing current() {
		return this.ring;
	}

	@Override
	public KeyRing refetch(String kid) {
		return this.ring;
	}

}
