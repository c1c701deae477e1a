package dev.offlineauth.web.reactive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.app.ReactiveNotesTestApplication;

/**
 * FusionAuth's webhook endpoint on the reactive stack, through the default chain: a signed event is
 * applied without a bearer token and the tokens it revokes are refused; unsigned, malformed, oversized
 * (declared or streamed) and non-POST requests are refused with fixed answers. The fake FusionAuth signs
 * the event's {@code X-FusionAuth-Signature-JWT} with its RSA key, as FusionAuth may with any key of its
 * Key Master; that key's id is the one allowed.
 */
@SpringBootTest(classes = ReactiveNotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "offline-auth.revocation.enabled=true",
				"offline-auth.revocation.webhook.max-body-size=4KB", "offline-auth.issuer=acme.com",
				"offline-auth.audiences=app-1", "offline-auth.jwks.bundled=", "offline-auth.jwks.snapshot=" })
class ReactiveRevocationHttpTests {

	private static final String PATH = "/offline-auth/fusionauth/events";

	private static final String TENANT = "00000000-0000-0000-0000-0000000000aa";

	private static final FakeFusionAuth FUSION_AUTH = new FakeFusionAuth();

	@LocalServerPort
	private int port;

	private WebTestClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("offline-auth.fusionauth.base-url", () -> FUSION_AUTH.baseUrl().toString());
		registry.add("offline-auth.revocation.webhook.signing-key-ids", () -> kidOf(FUSION_AUTH.token().build()));
	}

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		// The service fetches the fake's keys at startup without waiting for them.
		Awaitility.await().until(() -> notes(token("someone", Instant.now())) == 200);
	}

	@Test
	void aSignedEventRevokesTheUsersTokensAndNoOneElses() {
		String before = token("user-revoked", Instant.now().minusSeconds(30));
		String other = token("user-other", Instant.now().minusSeconds(30));

		String body = revokeUser("user-revoked", Instant.now());
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-FusionAuth-Signature-JWT", sign(body))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/json")
			.expectBody(String.class)
			.isEqualTo("{\"outcome\":\"applied\"}");

		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + before)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"The bearer token has been revoked.\"")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"The bearer token has been revoked.\",\"code\":\"token_revoked\"}");
		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + other)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void anUnsignedOrWronglySignedEventIs401AndAppliesNothing() {
		String token = token("user-unsigned", Instant.now().minusSeconds(30));
		String body = revokeUser("user-unsigned", Instant.now());

		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"The request "
					+ "is not signed by an allowed FusionAuth key (X-FusionAuth-Signature-JWT).\"}");
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-FusionAuth-Signature-JWT", sign(body))
			.bodyValue(body.replace("user-unsigned", "user-else"))
			.exchange()
			.expectStatus()
			.isUnauthorized();

		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aSignedBodyThatIsNotJsonIs400() {
		String body = "{\"event\":";
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-FusionAuth-Signature-JWT", sign(body))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json");
	}

	@Test
	void aBodyDeclaredLargerThanTheLimitIs413() {
		String body = "x".repeat(5 * 1024);
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-FusionAuth-Signature-JWT", sign(body))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(413);
	}

	@Test
	void aStreamedBodyLargerThanTheLimitIs413() {
		Flux<DataBuffer> chunks = Flux.range(0, 10)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap("y".repeat(1024).getBytes(StandardCharsets.UTF_8)));
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "PUT", "DELETE" })
	void theWebhookAcceptsOnlyPost(String method) {
		this.client.method(HttpMethod.valueOf(method))
			.uri(PATH)
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "POST");
	}

	private int notes(String token) {
		return this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.returnResult(Void.class)
			.getStatus()
			.value();
	}

	private static String token(String subject, Instant issuedAt) {
		return FUSION_AUTH.token()
			.subject(subject)
			.tenant(TENANT)
			.issuer("acme.com")
			.audience("app-1")
			.claim("iat", issuedAt.getEpochSecond())
			.build();
	}

	private static String revokeUser(String userId, Instant at) {
		return "{\"event\":{\"type\":\"jwt.refresh-token.revoke\",\"id\":\"" + UUID.randomUUID() + "\",\"createInstant\":"
				+ at.toEpochMilli() + ",\"tenantId\":\"" + TENANT + "\",\"userId\":\"" + userId
				+ "\",\"applicationTimeToLiveInSeconds\":{\"app-1\":900}}}";
	}

	/** FusionAuth's signature header: a JWT by an allowed key whose {@code request_body_sha256} is the body's. */
	private static String sign(String body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
			return FUSION_AUTH.token().claim("request_body_sha256", Base64.getEncoder().encodeToString(digest)).build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String kidOf(String token) {
		String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
				StandardCharsets.UTF_8);
		Matcher kid = Pattern.compile("\"kid\"\\s*:\\s*\"([^\"]+)\"").matcher(header);
		if (!kid.find()) {
			throw new IllegalStateException("No kid in " + header);
		}
		return kid.group(1);
	}

}
