package dev.offlineauth.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.fusionauth.jwt.Signer;
import io.fusionauth.jwt.domain.JWT;

/**
 * FusionAuth's webhooks as FusionAuth sends them: an event body ({@code {"event": {...}}}) and its
 * {@code X-FusionAuth-Signature-JWT}, a JWT whose only claim is {@code request_body_sha256}, signed with
 * fusionauth-jwt the way FusionAuth signs it.
 */
public final class Webhooks {

	public static final String PATH = "/offline-auth/fusionauth/events";

	public static final String TENANT = "00000000-0000-0000-0000-0000000000aa";

	private Webhooks() {
	}

	/** {@code jwt.refresh-token.revoke} of every refresh token of a user. */
	public static Event revokeUser(String userId, Instant at) {
		return event("jwt.refresh-token.revoke", at).with("userId", userId)
			.with("applicationTimeToLiveInSeconds", Map.of(Tokens.AUDIENCE, 900));
	}

	/** An event of any type, created at {@code at}, in {@link #TENANT}, with a fresh id. */
	public static Event event(String type, Instant at) {
		return new Event().with("type", type)
			.with("id", UUID.randomUUID().toString())
			.with("createInstant", at.toEpochMilli())
			.with("tenantId", TENANT);
	}

	/** The signature header FusionAuth would send for this body, signed by {@code signer}. */
	public static String sign(Signer signer, byte[] body) {
		JWT jwt = new JWT().addClaim("request_body_sha256", sha256(body));
		return JWT.getEncoder().encode(jwt, signer, (header) -> header.set("kid", signer.getKid()));
	}

	public static String sign(TestKey key, String body) {
		return sign(key.signer(), body.getBytes(StandardCharsets.UTF_8));
	}

	/** The signature header for this body, signed by the fake FusionAuth's current RSA key. */
	public static String sign(FakeFusionAuth fusionAuth, String body) {
		return sign(fusionAuth.currentKey(FakeFusionAuth.KeyType.RSA).signer(), body.getBytes(StandardCharsets.UTF_8));
	}

	/** Standard base64 of the SHA-256 of the body, as in {@code request_body_sha256}. */
	public static String sha256(byte[] body) {
		try {
			return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An event's members; {@link #json()} is the body. */
	public static final class Event {

		private final Map<String, Object> members = new LinkedHashMap<>();

		public Event with(String name, Object value) {
			this.members.put(name, value);
			return this;
		}

		public Event without(String name) {
			this.members.remove(name);
			return this;
		}

		public String id() {
			return (String) this.members.get("id");
		}

		public String json() {
			return JSONObjectUtils.toJSONString(Map.of("event", this.members));
		}

	}

}
