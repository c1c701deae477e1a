package dev.offlineauth.test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.fusionauth.jwt.domain.JWT;

/**
 * FusionAuth, as far as a service using offline-auth sees it, on a loopback port: its JWKS
 * ({@code /.well-known/jwks.json}), its probe endpoints ({@code /api/health}, {@code /api/status}) and its
 * OpenID discovery document, with signing keys of each {@link KeyType}, and a {@link #token() token builder}
 * for FusionAuth-shaped access tokens signed by them.
 *
 * <p>The fake goes {@link #goOffline() offline} (connection refused), {@link #blackhole() hangs}
 * (connections accepted, never answered) and comes back {@link #goOnline() online}, always on the same
 * port; it {@link #rotateKey() rotates its keys}, keeping the old ones published; and it serves a
 * {@link #serveDate(Instant) chosen} {@code Date}, {@link #serveNoDate() none}, or by default the real
 * time of the scenario's {@link #clock() clock}.
 *
 * <p>With {@link AutoConfigureFakeFusionAuth} it is a bean of the test's context, its clock is the
 * service's time, and each change returns only once the service under test has seen it (the service's
 * own probe and key fetch have run against the new state), so the next request is decided in that state.
 * Used on its own ({@code new FakeFusionAuth()}), changes take effect at the service's next contact.
 *
 * <p>Thread-safe.
 */
public final class FakeFusionAuth implements AutoCloseable {

	/** FusionAuth's default tenant issuer, used when the service configures none. */
	static final String DEFAULT_ISSUER = "acme.com";

	private final ManualClock clock;

	private final String applicationId = UUID.randomUUID().toString();

	private final String tenantId = UUID.randomUUID().toString();

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private final LoopbackHttpServer server;

	private volatile Keys keys = Keys.generate(List.of());

	/**
	 * The key webhooks are signed with: the first RSA key, which stays published through every rotation, as
	 * a FusionAuth webhook's signing key is chosen apart from the tenant's token signing key.
	 */
	private final SigningKey webhookKey = this.keys.current().get(KeyType.RSA);

	private volatile DateMode dateMode = DateMode.CLOCK;

	private volatile Instant servedDate;

	private volatile Mode mode = Mode.ONLINE;

	private volatile ServiceUnderTest service;

	/** A fake FusionAuth, online, with a clock starting now. */
	public FakeFusionAuth() {
		this(ManualClock.startingNow());
	}

	/**
	 * A fake FusionAuth, online.
	 * @param clock the scenario's time: the fake serves its real time as {@code Date} and mints tokens by it
	 */
	public FakeFusionAuth(ManualClock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		this.server = new LoopbackHttpServer(new FusionAuthEndpoints(this));
	}

	/** Where the fake listens, {@code http://127.0.0.1:port}: the same whether online, offline or blackholed. */
	public URI baseUrl() {
		return this.server.uri();
	}

	/**
	 * A builder of an access token as FusionAuth issues it, signed by the fake's current key: by default a
	 * fresh token (15 minutes) for a new user id, with the issuer and first audience the service is
	 * configured with.
	 */
	public AccessTokenBuilder token() {
		return new AccessTokenBuilder(this);
	}

	/** FusionAuth goes down: nothing listens on its port any more, and open connections are closed. */
	public synchronized void goOffline() {
		this.mode = Mode.OFFLINE;
		this.server.refuse();
		observe();
	}

	/**
	 * FusionAuth hangs: connections are accepted and never answered. The service notices only when its
	 * {@code offline-auth.fusionauth.read-timeout} runs out, so this takes that long to return.
	 */
	public synchronized void blackhole() {
		this.mode = Mode.BLACKHOLED;
		this.server.holdSilently();
		observe();
	}

	/** FusionAuth is back on the same port, answering; connections held while blackholed are closed. */
	public synchronized void goOnline() {
		this.mode = Mode.ONLINE;
		this.server.answer();
		observe();
	}

	/**
	 * Gives every key type a new current key, and keeps the old keys published, as FusionAuth does during a
	 * rotation: tokens signed before still verify. While the fake is offline the service cannot see the new
	 * keys until it is back (as with the real FusionAuth), so this then returns at once.
	 */
	public synchronized void rotateKey() {
		this.keys = Keys.generate(this.keys.published());
		observeIfOnline();
	}

	/**
	 * Every answer from now on carries exactly this {@code Date} (to the second), whatever the clock says:
	 * FusionAuth's clock is wrong, or the service's is. While online, returns once the service has seen it.
	 * @param date the date to serve
	 */
	public synchronized void serveDate(Instant date) {
		this.servedDate = Objects.requireNonNull(date, "date");
		this.dateMode = DateMode.FIXED;
		observeIfOnline();
	}

	/** Answers from now on carry no {@code Date} header at all. */
	public synchronized void serveNoDate() {
		this.dateMode = DateMode.NONE;
		observeIfOnline();
	}

	/**
	 * FusionAuth revokes every refresh token of a user, and tells the service: a signed
	 * {@code jwt.refresh-token.revoke} event (created now, in the fake's tenant, for every application) sent
	 * to the service's {@code offline-auth.revocation.webhook.path}, over HTTP when the service listens on a
	 * port, else handed to its webhook handler directly, the same check of the signature either way. From
	 * then on the user's tokens issued until now are refused with 401 {@code token_revoked}; tokens issued
	 * later pass. Needs {@link AutoConfigureFakeFusionAuth} (which trusts the fake's webhook signing key) and
	 * {@code offline-auth.revocation.enabled=true}.
	 * @param userId the user, the {@code sub} of their tokens
	 * @throws IllegalStateException if the service did not apply the event
	 */
	public void revoke(String userId) {
		Objects.requireNonNull(userId, "userId");
		ServiceUnderTest service = this.service;
		if (service == null) {
			throw new IllegalStateException("revoke needs the service under test: use @AutoConfigureFakeFusionAuth");
		}
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "jwt.refresh-token.revoke");
		event.put("id", UUID.randomUUID().toString());
		event.put("createInstant", this.clock.realTime().toEpochMilli());
		event.put("tenantId", this.tenantId);
		event.put("userId", userId);
		event.put("applicationTimeToLiveInSeconds",
				Map.of(audience(), AccessTokenBuilder.DEFAULT_TIME_TO_LIVE.toSeconds()));
		byte[] body = JSONObjectUtils.toJSONString(Map.of("event", event)).getBytes(StandardCharsets.UTF_8);
		service.deliverWebhook(webhookSignature(body), body);
	}

	/**
	 * The scenario's time. With {@link AutoConfigureFakeFusionAuth} it is the service's time:
	 * {@code clock().advance(Duration.ofDays(8))} takes the service past {@code max-offline}.
	 */
	public ManualClock clock() {
		return this.clock;
	}

	/**
	 * How many JWKS requests the fake has answered: with {@link AutoConfigureFakeFusionAuth}, since the
	 * current test began (each change above that the service sees costs it a fetch, now and then two);
	 * else since the fake was created.
	 */
	public int jwksFetches() {
		return this.jwksFetches.get();
	}

	/**
	 * How many connections the fake holds unanswered: those accepted while {@link #blackhole() blackholed},
	 * until {@link #goOnline()} or {@link #goOffline()} closes them. A client giving up on one does not
	 * lower the count, so it tells how many connections the service opened to a hung FusionAuth (that
	 * requests waiting for an unknown key shared one fetch, say), and when its first one arrived. With
	 * {@link AutoConfigureFakeFusionAuth} the count includes the probe and key fetch that
	 * {@code blackhole()} waits for: compare with the count it returned with.
	 */
	public int heldConnections() {
		return this.server.heldConnections();
	}

	/** Stops the fake for good. */
	@Override
	public void close() {
		this.server.close();
	}

	/** Lets each change wait until this service has seen it. */
	void observedBy(ServiceUnderTest service) {
		this.service = service;
	}

	/**
	 * Before each test: online, serving the clock's {@code Date}, the wall clock in step with the real time
	 * again, seen by the service, and no fetch counted yet. Time advanced and keys rotated stay as they are.
	 */
	synchronized void prepareForTest() {
		this.dateMode = DateMode.CLOCK;
		this.clock.resyncWall();
		goOnline();
		this.jwksFetches.set(0);
	}

	private void observe() {
		ServiceUnderTest service = this.service;
		if (service != null) {
			boolean online = this.mode == Mode.ONLINE;
			service.contactNow(online, online ? this.keys.currentKidsByAlgorithm() : Map.of());
		}
	}

	/** Keys and dates reach the service only while it can reach the fake; otherwise it learns them later. */
	private void observeIfOnline() {
		if (this.mode == Mode.ONLINE) {
			observe();
		}
	}

	String issuer() {
		ServiceUnderTest service = this.service;
		String configured = (service != null) ? service.issuer() : null;
		return (configured != null) ? configured : DEFAULT_ISSUER;
	}

	String audience() {
		ServiceUnderTest service = this.service;
		String configured = (service != null) ? service.audience() : null;
		return (configured != null) ? configured : this.applicationId;
	}

	String applicationId() {
		return this.applicationId;
	}

	String tenantId() {
		return this.tenantId;
	}

	String probePath() {
		ServiceUnderTest service = this.service;
		return (service != null) ? service.probePath() : null;
	}

	/** The {@code kid} of the key webhooks are signed with. */
	String webhookKeyId() {
		return this.webhookKey.kid();
	}

	/**
	 * {@code X-FusionAuth-Signature-JWT} for a body, as FusionAuth signs it: a JWT whose only claim,
	 * {@code request_body_sha256}, is the standard base64 SHA-256 of the body.
	 */
	String webhookSignature(byte[] body) {
		try {
			String digest = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
			return JWT.getEncoder().encode(new JWT().addClaim("request_body_sha256", digest), this.webhookKey.signer());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	SigningKey currentKey(KeyType type) {
		return this.keys.current().get(type);
	}

	/** The JWKS document, counting the fetch. */
	String serveJwks() {
		this.jwksFetches.incrementAndGet();
		return this.keys.jwks();
	}

	/** The {@code Date} to send now, or {@code null} for none. */
	Instant dateToServe() {
		return switch (this.dateMode) {
			case CLOCK -> this.clock.realTime();
			case FIXED -> this.servedDate;
			case NONE -> null;
		};
	}

	/** The key types a fake FusionAuth signs with. */
	public enum KeyType {

		/** RSA 2048, RS256: FusionAuth's default. */
		RSA("RS256"),

		/** EC P-256, ES256. */
		EC("ES256"),

		/** Ed25519 (header {@code alg} {@code Ed25519}). */
		ED25519("Ed25519");

		private final String algorithm;

		KeyType(String algorithm) {
			this.algorithm = algorithm;
		}

		String algorithm() {
			return this.algorithm;
		}

	}

	private enum Mode {

		ONLINE, OFFLINE, BLACKHOLED

	}

	private enum DateMode {

		CLOCK, FIXED, NONE

	}

	/**
	 * The key set at one moment: the current key of each type, every key published (newest first), and the
	 * JWKS document of them, prepared once.
	 */
	private record Keys(Map<KeyType, SigningKey> current, List<SigningKey> published, String jwks) {

		static Keys generate(List<SigningKey> previous) {
			Map<KeyType, SigningKey> current = new EnumMap<>(KeyType.class);
			for (KeyType type : KeyType.values()) {
				current.put(type, SigningKey.generate(type));
			}
			List<SigningKey> published = new ArrayList<>(current.values());
			published.addAll(previous);
			String jwks = published.stream()
				.map(SigningKey::publicJwk)
				.collect(Collectors.joining(",", "{\"keys\":[", "]}"));
			return new Keys(Map.copyOf(current), List.copyOf(published), jwks);
		}

		Map<String, String> currentKidsByAlgorithm() {
			return this.current.entrySet()
				.stream()
				.collect(Collectors.toMap((entry) -> entry.getKey().algorithm(), (entry) -> entry.getValue().kid()));
		}

	}

}
