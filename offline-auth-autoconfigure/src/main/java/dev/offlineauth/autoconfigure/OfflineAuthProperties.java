package dev.offlineauth.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of offline-auth, under {@code offline-auth.*}.
 */
@ConfigurationProperties("offline-auth")
public class OfflineAuthProperties implements InitializingBean {

	/**
	 * Whether offline-auth configures anything.
	 */
	private boolean enabled = true;

	private final FusionAuth fusionauth = new FusionAuth();

	/**
	 * Expected 'iss' claim: the issuer of the FusionAuth tenant, compared exactly (not necessarily a URL,
	 * FusionAuth's default is 'acme.com'). Required.
	 */
	private String issuer;

	/**
	 * Accepted 'aud' values (FusionAuth: the application id). A token is accepted if any of its 'aud'
	 * values is listed. Required.
	 */
	private List<String> audiences = new ArrayList<>();

	/**
	 * Accepted JWS algorithms. Symmetric algorithms (HS256, HS384, HS512) and 'none' are refused at startup.
	 */
	private List<String> algorithms = new ArrayList<>(
			List.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "Ed25519", "EdDSA"));

	/**
	 * Tolerance on the 'exp', 'nbf' and 'iat' claims.
	 */
	private Duration clockSkew = Duration.ofSeconds(60);

	private final Jwks jwks = new Jwks();

	private final Cache cache = new Cache();

	private final Connectivity connectivity = new Connectivity();

	private final Grace grace = new Grace();

	/**
	 * After this long without a successful key refresh from FusionAuth every token is refused (503
	 * offline_too_long). Counted from startup (or the snapshot's last refresh) when there has been none since.
	 * FusionAuth answering its probe while its JWKS is unusable does not stop the count. 0 disables the limit.
	 */
	private Duration maxOffline = Duration.ofDays(7);

	private final Clock clock = new Clock();

	private final Authorities authorities = new Authorities();

	/**
	 * Claim used as the principal name.
	 */
	private String principalClaim = "sub";

	private final Security security = new Security();

	private final Revocation revocation = new Revocation();

	@Override
	public void afterPropertiesSet() {
		new OfflineAuthPropertiesValidator(this).validate();
	}

	/** The JWKS URI: {@code jwks.uri}, else {@code {base-url}/.well-known/jwks.json}, else {@code null}. */
	public URI effectiveJwksUri() {
		if (this.jwks.uri != null) {
			return this.jwks.uri;
		}
		return (this.fusionauth.baseUrl != null) ? withPath(this.fusionauth.baseUrl, "/.well-known/jwks.json") : null;
	}

	/** What the probe asks: {@code {base-url}{probe-path}}, else the JWKS URI, else {@code null}. */
	public URI effectiveProbeUri() {
		return (this.fusionauth.baseUrl != null) ? withPath(this.fusionauth.baseUrl, this.connectivity.probePath)
				: effectiveJwksUri();
	}

	/** Whether the probe asks the JWKS URL itself, because only {@code jwks.uri} is set. */
	public boolean isJwksProbeTarget() {
		return this.fusionauth.baseUrl == null && this.jwks.uri != null;
	}

	/** Whether FusionAuth (or a JWKS URL) is contacted at all. */
	public boolean isContactConfigured() {
		return effectiveJwksUri() != null;
	}

	private static URI withPath(URI base, String path) {
		String text = base.toString();
		while (text.endsWith("/")) {
			text = text.substring(0, text.length() - 1);
		}
		return URI.create(text + path);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public FusionAuth getFusionauth() {
		return this.fusionauth;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public List<String> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(List<String> audiences) {
		this.audiences = audiences;
	}

	public List<String> getAlgorithms() {
		return this.algorithms;
	}

	public void setAlgorithms(List<String> algorithms) {
		this.algorithms = algorithms;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public Jwks getJwks() {
		return this.jwks;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Connectivity getConnectivity() {
		return this.connectivity;
	}

	public Grace getGrace() {
		return this.grace;
	}

	public Duration getMaxOffline() {
		return this.maxOffline;
	}

	public void setMaxOffline(Duration maxOffline) {
		this.maxOffline = maxOffline;
	}

	public Clock getClock() {
		return this.clock;
	}

	public Authorities getAuthorities() {
		return this.authorities;
	}

	public String getPrincipalClaim() {
		return this.principalClaim;
	}

	public void setPrincipalClaim(String principalClaim) {
		this.principalClaim = principalClaim;
	}

	public Security getSecurity() {
		return this.security;
	}

	public Revocation getRevocation() {
		return this.revocation;
	}

	/** How FusionAuth is reached. */
	public static class FusionAuth {

		/**
		 * FusionAuth's base URL, e.g. 'https://auth.example.com'. Keys are fetched from its JWKS and its
		 * probe path is probed. Must be https unless the host is a loopback address or allow-http is set.
		 * Without it (and without jwks.uri) FusionAuth is never contacted.
		 */
		private URI baseUrl;

		/**
		 * Allow plain 'http:' to a FusionAuth that is not on a loopback address. Keys and time from such a
		 * FusionAuth can be forged by anyone on the network path: set it only where the network itself is
		 * trusted (a private container network).
		 */
		private boolean allowHttp;

		/**
		 * Connect timeout for every request to FusionAuth.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Time allowed for a whole response from FusionAuth; also the longest a request waits for a key fetch.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		public URI getBaseUrl() {
			return this.baseUrl;
		}

		public boolean isAllowHttp() {
			return this.allowHttp;
		}

		public void setAllowHttp(boolean allowHttp) {
			this.allowHttp = allowHttp;
		}

		public void setBaseUrl(URI baseUrl) {
			this.baseUrl = baseUrl;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

	}

	/** Where keys come from. */
	public static class Jwks {

		/**
		 * Where keys are fetched. Defaults to '{base-url}/.well-known/jwks.json'. Set alone (without
		 * base-url), every contact goes to this URL.
		 */
		private URI uri;

		/**
		 * A JWKS shipped with the application ('classpath:' or 'file:'), public keys only, used until
		 * FusionAuth has been reached once. Empty means none.
		 */
		private String bundled;

		/**
		 * How old the keys may get before they are refreshed in the background.
		 */
		private Duration refreshInterval = Duration.ofMinutes(15);

		/**
		 * Least time between two fetches caused by tokens with an unknown 'kid'.
		 */
		private Duration minRefetchInterval = Duration.ofSeconds(30);

		/**
		 * A file where the last good JWKS, the time of the last key refresh and the trusted clock are kept
		 * across restarts. Empty means none.
		 */
		private String snapshot;

		/**
		 * When set, the snapshot carries an HMAC-SHA256 with this secret and a snapshot without a valid MAC
		 * is ignored. Give it from the environment, never from a file next to the snapshot.
		 */
		private String snapshotSecret;

		/**
		 * Largest JWKS response accepted; a larger one is a failed fetch.
		 */
		private DataSize maxResponseSize = DataSize.ofKilobytes(64);

		public URI getUri() {
			return this.uri;
		}

		public void setUri(URI uri) {
			this.uri = uri;
		}

		public String getBundled() {
			return this.bundled;
		}

		public void setBundled(String bundled) {
			this.bundled = bundled;
		}

		/** Whether a bundled JWKS is configured. */
		public boolean hasBundled() {
			return StringUtils.hasText(this.bundled);
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getMinRefetchInterval() {
			return this.minRefetchInterval;
		}

		public void setMinRefetchInterval(Duration minRefetchInterval) {
			this.minRefetchInterval = minRefetchInterval;
		}

		public String getSnapshot() {
			return this.snapshot;
		}

		public String getSnapshotSecret() {
			return this.snapshotSecret;
		}

		public void setSnapshotSecret(String snapshotSecret) {
			this.snapshotSecret = snapshotSecret;
		}

		public void setSnapshot(String snapshot) {
			this.snapshot = snapshot;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

	}

	/** Tokens already verified. */
	public static class Cache {

		/**
		 * Entries of the verified-token cache: a token seen again is not verified again while the key that
		 * verified it is in the key ring (the offline policy and the claim checks still run on every
		 * request). Each entry counts for at least 4 KB, a token longer than 1 KB for 4 bytes a character,
		 * and the cache holds at most this many times 4 KB. 0 disables it.
		 */
		private int verifiedTokens = 10000;

		public int getVerifiedTokens() {
			return this.verifiedTokens;
		}

		public void setVerifiedTokens(int verifiedTokens) {
			this.verifiedTokens = verifiedTokens;
		}

	}

	/** Background checks of FusionAuth's reachability. */
	public static class Connectivity {

		/**
		 * How often FusionAuth's reachability is checked in the background; also the Retry-After of a 503.
		 */
		private Duration probeInterval = Duration.ofSeconds(30);

		/**
		 * What the probe asks, under fusionauth.base-url: FusionAuth's '/api/health' (answers 200 or 500 with
		 * no body; FusionAuth 1.51.1 and later), or '/api/status' for older versions. Only the status is read.
		 */
		private String probePath = "/api/health";

		public String getProbePath() {
			return this.probePath;
		}

		public void setProbePath(String probePath) {
			this.probePath = probePath;
		}

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

	}

	/** Accepting expired tokens while FusionAuth is unreachable. */
	public static class Grace {

		/**
		 * How long past 'exp' (and the clock skew) a token is still accepted while FusionAuth is
		 * unreachable. 0 disables grace.
		 */
		private Duration period = Duration.ofHours(24);

		/**
		 * The only HTTP methods a token in grace may use.
		 */
		private List<String> allowedMethods = new ArrayList<>(List.of("GET", "HEAD", "OPTIONS"));

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

	}

	/** Trust in the local clock. */
	public static class Clock {

		/**
		 * How far the local clock may lag the trusted time (the latest verified token's 'iat', and
		 * FusionAuth's Date header over HTTPS or loopback, each carried forward) before every token is
		 * refused (503 clock_rollback).
		 */
		private Duration rollbackTolerance = Duration.ofMinutes(5);

		public Duration getRollbackTolerance() {
			return this.rollbackTolerance;
		}

		public void setRollbackTolerance(Duration rollbackTolerance) {
			this.rollbackTolerance = rollbackTolerance;
		}

	}

	/** Granted authorities. */
	public static class Authorities {

		/**
		 * Claim mapped to granted authorities (a list, or a space-separated string).
		 */
		private String claim = "roles";

		/**
		 * Prefix added to each role.
		 */
		private String prefix = "ROLE_";

		public String getClaim() {
			return this.claim;
		}

		public void setClaim(String claim) {
			this.claim = claim;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

	/** The default filter chain. */
	public static class Security {

		/**
		 * Paths the default filter chain leaves open. Ignored when the application defines its own chain.
		 */
		private List<String> permit = new ArrayList<>(List.of("/actuator/health/**", "/actuator/info"));

		public List<String> getPermit() {
			return this.permit;
		}

		public void setPermit(List<String> permit) {
			this.permit = permit;
		}

	}

	/** Revocation through FusionAuth's webhooks. */
	public static class Revocation {

		/**
		 * Whether FusionAuth's events are received (a webhook endpoint) and tokens issued before a
		 * revocation are refused (401 token_revoked).
		 */
		private boolean enabled;

		private final Webhook webhook = new Webhook();

		/**
		 * How long a cutoff lasts when the event does not give the application's access-token lifetime: at
		 * least FusionAuth's longest access-token time to live.
		 */
		private Duration maxTokenLifetime = Duration.ofHours(1);

		/**
		 * Where cutoffs are kept: 'memory' (this instance), or 'redis' (shared by every instance through
		 * Redis, with Spring Boot's spring.data.redis.* connection).
		 */
		private Store store = Store.MEMORY;

		private final Redis redis = new Redis();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Webhook getWebhook() {
			return this.webhook;
		}

		public Duration getMaxTokenLifetime() {
			return this.maxTokenLifetime;
		}

		public void setMaxTokenLifetime(Duration maxTokenLifetime) {
			this.maxTokenLifetime = maxTokenLifetime;
		}

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public Redis getRedis() {
			return this.redis;
		}

		/** Where cutoffs are kept. */
		public enum Store {

			/** On this instance only. */
			MEMORY,

			/** In Redis, shared by every instance. */
			REDIS

		}

		/** The endpoint FusionAuth posts its events to. */
		public static class Webhook {

			/**
			 * Where FusionAuth posts events; reachable without a bearer token, with POST only.
			 */
			private String path = "/offline-auth/fusionauth/events";

			/**
			 * The 'kid's of the FusionAuth keys allowed to sign webhooks (X-FusionAuth-Signature-JWT), looked
			 * up in the key ring. Required when revocation is enabled.
			 */
			private List<String> signingKeyIds = new ArrayList<>();

			/**
			 * Largest body accepted; a larger one is refused (413).
			 */
			private DataSize maxBodySize = DataSize.ofKilobytes(256);

			public String getPath() {
				return this.path;
			}

			public void setPath(String path) {
				this.path = path;
			}

			public List<String> getSigningKeyIds() {
				return this.signingKeyIds;
			}

			public void setSigningKeyIds(List<String> signingKeyIds) {
				this.signingKeyIds = signingKeyIds;
			}

			public DataSize getMaxBodySize() {
				return this.maxBodySize;
			}

			public void setMaxBodySize(DataSize maxBodySize) {
				this.maxBodySize = maxBodySize;
			}

		}

		/** Cutoffs shared through Redis. */
		public static class Redis {

			/**
			 * Prefix of the Redis keys of cutoffs and of the pub/sub channel that announces them.
			 */
			private String keyPrefix = "offline-auth:revocation:";

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

		}

	}

}
