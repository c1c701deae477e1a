package dev.offlineauth.web.reactive;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.app.ReactiveNotesTestApplication;

/**
 * The offline policy as a client of a WebFlux application meets it: grace, the read-only rule and its
 * header, the freshness check in method security, and the limits. The fake FusionAuth goes down for real;
 * each change returns once the service has seen it.
 */
@SpringBootTest(classes = ReactiveNotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				// Contacts happen when a test says so, not on a timer.
				"offline-auth.connectivity.probe-interval=1h" })
@AutoConfigureFakeFusionAuth
class ReactiveGraceHttpTests {

	private static final String GRACE_READ_ONLY = "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
			+ "\"detail\":\"The token expired while the identity provider was unreachable; until it is refreshed it "
			+ "may only read.\",\"code\":\"grace_read_only\"}";

	@LocalServerPort
	private int port;

	@Autowired
	private FakeFusionAuth fusionAuth;

	private WebTestClient client;

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	private String expiredAnHourAgo() {
		return "Bearer " + this.fusionAuth.token().expiredAgo(Duration.ofHours(1)).build();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "OPTIONS" })
	void anExpiredTokenMayReadWhileFusionAuthIsDown(String method) {
		this.fusionAuth.goOffline();

		this.client.method(HttpMethod.valueOf(method))
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Offline-Auth-Status", "grace");
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
	void anExpiredTokenMayNotWriteWhileFusionAuthIsDown(String method) {
		this.fusionAuth.goOffline();

		this.client.method(HttpMethod.valueOf(method))
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo())
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("a note")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("Offline-Auth-Status", "grace")
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"insufficient_scope\", error_description=\"The token expired while the identity "
							+ "provider was unreachable; until it is refreshed it may only read.\"")
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json")
			.expectBody(String.class)
			.isEqualTo(GRACE_READ_ONLY);
	}

	@Test
	void theAuthenticationSaysGrace() {
		this.fusionAuth.goOffline();

		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tokenStatus")
			.isEqualTo("grace")
			.jsonPath("$.keySource")
			.isEqualTo("last-known-good");
	}

	@Test
	void aFreshTokenMayStillWriteWhileFusionAuthIsDown() {
		this.fusionAuth.goOffline();

		this.client.post()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.fusionAuth.token().build())
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("a note")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.doesNotExist("Offline-Auth-Status");
	}

	@Test
	void whileFusionAuthIsUpAnExpiredTokenIsExpired() {
		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("token_expired");
	}

	@Test
	void fusionAuthComingBackEndsGrace() {
		this.fusionAuth.goOffline();
		String token = expiredAnHourAgo();
		this.client.get().uri("/api/notes").header(HttpHeaders.AUTHORIZATION, token).exchange().expectStatus().isOk();

		this.fusionAuth.goOnline();

		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("token_expired");
	}

	@Test
	void methodSecurityCanAskForAFreshToken() {
		this.fusionAuth.goOffline();

		this.client.get()
			.uri("/api/export")
			.header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(String.class)
			.isEqualTo(GRACE_READ_ONLY);
		this.client.get()
			.uri("/api/export")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.fusionAuth.token().build())
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void pastMaxOfflineEveryTokenIsRefused() {
		this.fusionAuth.goOffline();
		this.fusionAuth.clock().advance(Duration.ofDays(7).plusSeconds(1));

		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.fusionAuth.token().build())
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "3600")
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"The "
					+ "identity provider has been unreachable for longer than this service accepts.\","
					+ "\"code\":\"offline_too_long\"}");
	}

}
