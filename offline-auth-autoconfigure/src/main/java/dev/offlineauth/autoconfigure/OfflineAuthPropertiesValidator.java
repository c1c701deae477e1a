package dev.offlineauth.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.offline.FusionAuthHttpClient;

/**
 * Fails startup on a missing or contradictory setting, with one message that names the property and says
 * what to write instead. A service that cannot check tokens as configured must not start and guess.
 */
final class OfflineAuthPropertiesValidator {

	private static final String PREFIX = "offline-auth.";

	private static final Pattern URI_PATH = Pattern.compile("[A-Za-z0-9/._~%!$&'()*+,;=:@-]+");

	private final OfflineAuthProperties properties;

	OfflineAuthPropertiesValidator(OfflineAuthProperties properties) {
		this.properties = properties;
	}

	void validate() {
		OfflineAuthProperties p = this.properties;
		require(StringUtils.hasText(p.getIssuer()), "issuer", p.getIssuer(),
				"it is required: write the 'iss' claim of your FusionAuth tenant's tokens, e.g. acme.com");
		require(!p.getAudiences().isEmpty() && p.getAudiences().stream().allMatch(StringUtils::hasText), "audiences",
				p.getAudiences(), "it is required: write your FusionAuth application id (the 'aud' claim)");
		algorithms(p.getAlgorithms());
		notNegative("clock-skew", p.getClockSkew());
		positive("fusionauth.connect-timeout", p.getFusionauth().getConnectTimeout());
		positive("fusionauth.read-timeout", p.getFusionauth().getReadTimeout());
		httpUri("fusionauth.base-url", p.getFusionauth().getBaseUrl(), p.getFusionauth().isAllowHttp());
		httpUri("jwks.uri", p.getJwks().getUri(), p.getFusionauth().isAllowHttp());
		require(p.isContactConfigured() || p.getJwks().hasBundled(), "fusionauth.base-url", null,
				"no key source is configured: write FusionAuth's base URL (or offline-auth.jwks.uri), "
						+ "or offline-auth.jwks.bundled for a service that never contacts FusionAuth");
		require(!StringUtils.hasText(p.getJwks().getSnapshot()) || p.isContactConfigured(), "jwks.snapshot",
				p.getJwks().getSnapshot(), "FusionAuth is never contacted, so there is nothing to keep: set "
						+ "offline-auth.fusionauth.base-url (or offline-auth.jwks.uri), or remove the snapshot");
		positive("jwks.refresh-interval", p.getJwks().getRefreshInterval());
		positive("jwks.min-refetch-interval", p.getJwks().getMinRefetchInterval());
		require(p.getJwks().getMinRefetchInterval().compareTo(p.getJwks().getRefreshInterval()) <= 0,
				"jwks.min-refetch-interval", p.getJwks().getMinRefetchInterval(),
				"it must not be longer than offline-auth.jwks.refresh-interval (" + p.getJwks().getRefreshInterval()
						+ "): write a shorter interval, e.g. 30s");
		require(p.getJwks().getMaxResponseSize() != null && p.getJwks().getMaxResponseSize().toBytes() > 0,
				"jwks.max-response-size", p.getJwks().getMaxResponseSize(), "write a positive size, e.g. 64KB");
		require(p.getCache().getVerifiedTokens() >= 0, "cache.verified-tokens", p.getCache().getVerifiedTokens(),
				"write a number of tokens, e.g. 10000, or 0 to disable the cache");
		positive("connectivity.probe-interval", p.getConnectivity().getProbeInterval());
		String probePath = p.getConnectivity().getProbePath();
		require(probePath != null && probePath.startsWith("/") && !probePath.startsWith("//")
				&& URI_PATH.matcher(probePath).matches(), "connectivity.probe-path", probePath,
				"write an absolute path under the base URL, e.g. /api/health (or /api/status for FusionAuth "
						+ "before 1.51.1)");
		notNegative("grace.period", p.getGrace().getPeriod());
		notNegative("max-offline", p.getMaxOffline());
		notNegative("clock.rollback-tolerance", p.getClock().getRollbackTolerance());
		offlineLimits(p);
		methods(p.getGrace().getAllowedMethods());
		require(StringUtils.hasText(p.getAuthorities().getClaim()), "authorities.claim", p.getAuthorities().getClaim(),
				"write the claim that holds the roles, e.g. roles");
		require(StringUtils.hasText(p.getPrincipalClaim()), "principal-claim", p.getPrincipalClaim(),
				"write the claim that names the principal, e.g. sub");
		revocation(p.getRevocation());
	}

	private void revocation(OfflineAuthProperties.Revocation revocation) {
		if (!revocation.isEnabled()) {
			return;
		}
		List<String> kids = revocation.getWebhook().getSigningKeyIds();
		require(kids != null && !kids.isEmpty() && kids.stream().allMatch(StringUtils::hasText),
				"revocation.webhook.signing-key-ids", kids,
				"it is required when revocation is enabled: write the kid of the FusionAuth key your webhook signs "
						+ "with (its signatureConfiguration.signingKeyId), as published in FusionAuth's JWKS");
		String path = revocation.getWebhook().getPath();
		require(path != null && path.matches("/[A-Za-z0-9._~/-]*") && !path.contains("//") && !path.contains("/../")
				&& !path.endsWith("/.."), "revocation.webhook.path", path,
				"write an absolute path of letters, digits, '-', '_', '.' and '/', e.g. /offline-auth/fusionauth/events");
		require(revocation.getWebhook().getMaxBodySize() != null
				&& revocation.getWebhook().getMaxBodySize().toBytes() > 0
				&& revocation.getWebhook().getMaxBodySize().toMegabytes() < 64, "revocation.webhook.max-body-size",
				revocation.getWebhook().getMaxBodySize(), "write a positive size under 64MB, e.g. 256KB");
		positive("revocation.max-token-lifetime", revocation.getMaxTokenLifetime());
		require(revocation.getStore() != null, "revocation.store", null, "write memory or redis");
		String prefix = revocation.getRedis().getKeyPrefix();
		require(prefix != null && !prefix.isEmpty() && prefix.chars().allMatch((c) -> c > 0x20 && c < 0x7f),
				"revocation.redis.key-prefix", prefix, "write a prefix of printable characters, e.g. offline-auth:revocation:");
	}

	private void algorithms(List<String> algorithms) {
		require(algorithms != null && !algorithms.isEmpty(), "algorithms", algorithms,
				"write at least one asymmetric algorithm, e.g. RS256");
		for (String name : algorithms) {
			require(StringUtils.hasText(name), "algorithms", algorithms, "write algorithm names, e.g. RS256,ES256");
			String upper = name.trim().toUpperCase(Locale.ROOT);
			require(!upper.startsWith("HS") && !upper.equals("NONE"), "algorithms", name,
					"symmetric algorithms and 'none' are never accepted: FusionAuth publishes asymmetric keys only; "
							+ "write e.g. RS256,ES256,Ed25519");
			require(supported().contains(name.trim()), "algorithms", name,
					"unknown algorithm: write any of " + supported().stream().sorted().collect(Collectors.joining(",")));
		}
	}

	static Set<String> supported() {
		return JwksReader.SUPPORTED_ALGORITHMS.stream().map(JWSAlgorithm::getName).collect(Collectors.toSet());
	}

	private void offlineLimits(OfflineAuthProperties p) {
		Duration maxOffline = p.getMaxOffline();
		if (maxOffline.isZero()) {
			return;
		}
		require(maxOffline.compareTo(p.getConnectivity().getProbeInterval()) > 0, "max-offline", maxOffline,
				"it must be longer than offline-auth.connectivity.probe-interval ("
						+ p.getConnectivity().getProbeInterval() + "), or a reachable FusionAuth would count as "
						+ "offline too long between two probes: write e.g. 7d, or 0 to disable the limit");
		require(p.getGrace().getPeriod().compareTo(maxOffline) <= 0, "grace.period", p.getGrace().getPeriod(),
				"it is longer than offline-auth.max-offline (" + maxOffline + "), so it could never be used in full: "
						+ "write a grace period of at most max-offline, or raise max-offline");
	}

	private void methods(List<String> methods) {
		require(methods != null, "grace.allowed-methods", null, "write the methods, e.g. GET,HEAD,OPTIONS");
		for (String method : methods) {
			require(method != null && method.trim().matches("[A-Za-z]+"), "grace.allowed-methods", method,
					"write HTTP method names, e.g. GET,HEAD,OPTIONS");
		}
	}

	private void httpUri(String name, URI uri, boolean allowHttp) {
		if (uri == null) {
			return;
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		require(uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null, name,
				uri, "write an absolute https URL, e.g. https://auth.example.com");
		require(scheme.equals("https") || allowHttp || FusionAuthHttpClient.isLoopback(uri), name, uri,
				"plain http to a host that is not a loopback address would let anyone on the network path serve "
						+ "their own keys and time: write an https URL, or set offline-auth.fusionauth.allow-http=true "
						+ "where the network itself is trusted (e.g. a private container network)");
	}

	private void positive(String name, Duration value) {
		require(value != null && !value.isNegative() && !value.isZero(), name, value,
				"write a positive duration, e.g. 30s");
	}

	private void notNegative(String name, Duration value) {
		require(value != null && !value.isNegative(), name, value, "write a duration of 0 or more, e.g. 60s");
	}

	private static void require(boolean condition, String name, Object value, String reason) {
		if (!condition) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, reason);
		}
	}

}
