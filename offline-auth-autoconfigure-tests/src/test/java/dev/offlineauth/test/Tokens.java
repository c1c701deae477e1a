package dev.offlineauth.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.fusionauth.jwt.Signer;
import io.fusionauth.jwt.domain.Header;
import io.fusionauth.jwt.domain.JWT;

/**
 * Tokens for tests without a running service, or with a FusionAuth scripted by {@link ScriptedFusionAuth}:
 * FusionAuth-shaped access tokens signed with fusionauth-jwt (the library FusionAuth signs with) by a
 * {@link TestKey}, at any time and with any header, and raw ones for the tokens no honest issuer would
 * produce. A test of a service that runs against the kit's {@link FakeFusionAuth} mints with its
 * {@link FakeFusionAuth#token()} instead.
 */
public final class Tokens {

	public static final String ISSUER = "acme.com";

	public static final String AUDIENCE = "3c219e58-ed0e-4b18-ad48-f4f92793ae32";

	public static final String SUBJECT = "00000000-0000-0000-0000-000000000001";

	private Tokens() {
	}

	/** A token as FusionAuth issues it: valid from {@code now} for 15 minutes. */
	public static Builder token(TestKey key, Instant now) {
		return new Builder(key.signer(), now);
	}

	/** A token as FusionAuth issues it, signed by any signer (for tokens FusionAuth would not sign). */
	public static Builder token(Signer signer, Instant now) {
		return new Builder(signer, now);
	}

	/** Assembles {@code header.payload.signature} from raw parts. */
	public static String raw(String headerJson, String payloadJson, byte[] signature) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(signature);
	}

	public static final class Builder {

		private final Signer signer;

		private final JWT jwt = new JWT();

		private final Map<String, Object> headers = new LinkedHashMap<>();

		Builder(Signer signer, Instant now) {
			this.signer = signer;
			this.jwt.setIssuer(ISSUER)
				.setAudience(AUDIENCE)
				.setSubject(SUBJECT)
				.setIssuedAt(at(now))
				.setExpiration(at(now.plus(Duration.ofMinutes(15))))
				.setUniqueId("jti-1")
				.addClaim("applicationId", AUDIENCE)
				.addClaim("roles", List.of("user"));
		}

		public Builder issuer(String issuer) {
			this.jwt.setIssuer(issuer);
			return this;
		}

		public Builder audience(Object audience) {
			this.jwt.setAudience(audience);
			return this;
		}

		public Builder subject(String subject) {
			this.jwt.setSubject(subject);
			return this;
		}

		public Builder expiresAt(Instant expiresAt) {
			this.jwt.setExpiration(at(expiresAt));
			return this;
		}

		public Builder issuedAt(Instant issuedAt) {
			this.jwt.setIssuedAt(at(issuedAt));
			return this;
		}

		public Builder notBefore(Instant notBefore) {
			this.jwt.setNotBefore(at(notBefore));
			return this;
		}

		public Builder roles(String... roles) {
			this.jwt.addClaim("roles", List.of(roles));
			return this;
		}

		public Builder claim(String name, Object value) {
			this.jwt.addClaim(name, value);
			return this;
		}

		public Builder header(String name, Object value) {
			this.headers.put(name, value);
			return this;
		}

		public String sign() {
			Consumer<Header> headerConsumer = (header) -> {
				header.set("kid", this.signer.getKid());
				this.headers.forEach(header::set);
			};
			return JWT.getEncoder().encode(this.jwt, this.signer, headerConsumer);
		}

		private static ZonedDateTime at(Instant instant) {
			return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC);
		}

	}

}
