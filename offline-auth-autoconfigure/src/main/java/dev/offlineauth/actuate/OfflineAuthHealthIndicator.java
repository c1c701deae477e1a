package dev.offlineauth.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.KeyFreshness;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TrustedClock;
import dev.offlineauth.revocation.RevocationStatus;

/**
 * The {@code offlineAuth} health component. It is DOWN only when the service cannot verify any token: no
 * usable key, no key refresh for longer than {@code max-offline}, or the clock wound back. FusionAuth being unreachable is
 * not a reason: the service keeps verifying tokens then, which is its whole point, and an orchestrator
 * killing its pods in the middle of an identity-provider outage would turn that outage into its own.
 */
public class OfflineAuthHealthIndicator extends AbstractHealthIndicator {

	private final KeyRingProvider keys;

	private final OfflinePolicy policy;

	private final List<String> graceAllowedMethods;

	private final RevocationStatus revocation;

	/**
	 * @param keys the keys in use
	 * @param policy the offline policy
	 * @param graceAllowedMethods the methods a token in grace may use, for the details
	 */
	public OfflineAuthHealthIndicator(KeyRingProvider keys, OfflinePolicy policy, List<String> graceAllowedMethods) {
		this(keys, policy, graceAllowedMethods, null);
	}

	/**
	 * @param keys the keys in use
	 * @param policy the offline policy
	 * @param graceAllowedMethods the methods a token in grace may use, for the details
	 * @param revocation the revocation details (never a reason for DOWN), or {@code null} when not enabled
	 */
	public OfflineAuthHealthIndicator(KeyRingProvider keys, OfflinePolicy policy, List<String> graceAllowedMethods,
			RevocationStatus revocation) {
		super("offline-auth health check failed");
		this.keys = Objects.requireNonNull(keys, "keys");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.graceAllowedMethods = List.copyOf(graceAllowedMethods);
		this.revocation = revocation;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		KeyRing ring = this.keys.current();
		OfflinePolicy.Evaluation evaluation = this.policy.evaluate();
		Refusal refusal = ring.isEmpty() ? Refusal.KEYS_UNAVAILABLE : evaluation.serviceRefusal();
		if (refusal != null) {
			builder.down().withDetail("reason", refusal.code());
		}
		else {
			builder.up();
		}
		Connectivity.State connectivity = evaluation.connectivity();
		OfflinePolicy.Settings settings = evaluation.settings();
		builder.withDetail("connectivity", connectivity.status().value());
		if (connectivity.lastReached() != null) {
			builder.withDetail("lastContact", connectivity.lastReached().toString());
		}
		if (connectivity.lastFailure() != null) {
			builder.withDetail("lastFailure", connectivity.lastFailure());
		}
		builder.withDetail("keySource", ring.source().value()).withDetail("kids", List.copyOf(ring.kids()));
		if (settings.contactConfigured()) {
			builder.withDetail("keys", keys(evaluation));
		}
		Map<String, Object> grace = new LinkedHashMap<>();
		grace.put("period", settings.gracePeriod().toString());
		grace.put("allowedMethods", this.graceAllowedMethods);
		grace.put("available", evaluation.graceAvailable());
		builder.withDetail("grace", grace);
		Duration left = evaluation.timeLeftBeforeMaxOffline();
		if (left != null) {
			builder.withDetail("maxOffline", settings.maxOffline().toString())
				.withDetail("timeLeftBeforeMaxOffline", left.toString());
		}
		builder.withDetail("clock", clock(evaluation.clock(), this.policy.trustedClock()));
		if (this.revocation != null) {
			builder.withDetail("revocation", this.revocation.details());
		}
	}

	private static Map<String, Object> keys(OfflinePolicy.Evaluation evaluation) {
		KeyFreshness.State freshness = evaluation.keys();
		Map<String, Object> keys = new LinkedHashMap<>();
		keys.put("state", freshness.stale() ? "stale" : freshness.refreshed() ? "fresh" : "not-refreshed-yet");
		if (freshness.stale()) {
			keys.put("reason", freshness.staleReason());
		}
		keys.put("sinceLastRefresh", evaluation.sinceLastKeyRefresh().withNanos(0).toString());
		return keys;
	}

	private static Map<String, Object> clock(TrustedClock.Reading reading, TrustedClock trustedClock) {
		Map<String, Object> clock = new LinkedHashMap<>();
		clock.put("rolledBack", reading.rolledBack());
		clock.put("local", reading.local().toString());
		if (reading.trusted() != null) {
			clock.put("trusted", reading.trusted().toString());
		}
		Instant pending = trustedClock.pendingServerTime();
		if (pending != null) {
			// FusionAuth claimed a time far ahead of this host's once; not trusted until confirmed.
			clock.put("unconfirmedServerTime", pending.toString());
		}
		return clock;
	}

}
