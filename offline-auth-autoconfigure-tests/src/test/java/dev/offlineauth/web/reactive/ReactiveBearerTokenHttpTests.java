package dev.offlineauth.web.reactive;

import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.app.ReactiveNotesTestApplication;

/**
 * What a client of a WebFlux application sees, through the default chain, over HTTP: the status, the
 * problem body (byte for byte what the servlet stack answers) and the headers of every answer.
 */
@SpringBootTest(classes = ReactiveNotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
@AutoConfigureFakeFusionAuth
class ReactiveBearerTokenHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FakeFusionAuth fusionAuth;

	private WebTestClient client;

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void aValidTokenIsServed() {
		String token = this.fusionAuth.token().subject("user-1").roles("user").build();

		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("Offline-Auth-Status")
			.expectBody()
			.jsonPath("$.sub")
			.isEqualTo("user-1")
			.jsonPath("$.authorities[0]")
			.isEqualTo("ROLE_user")
			.jsonPath("$.tokenStatus")
			.isEqualTo("fresh")
			.jsonPath("$.keySource")
			.isEqualTo("remote");
	}

	@Test
	void aMissingTokenIs401WithoutAnErrorAttribute() {
		this.client.get()
			.uri("/api/notes")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"A bearer token is required.\",\"code\":\"missing_token\"}");
	}

	@Test
	void aBadSignatureIs401InvalidToken() {
		String token = this.fusionAuth.token().build();
		String tampered = token.substring(0, token.lastIndexOf('.') + 1)
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[256]);

		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tampered)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"The bearer token is not valid.\"")
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"The bearer token is not valid.\",\"code\":\"invalid_token\"}");
	}

	@Test
	void aTokenOfAnotherIssuerIs401InvalidToken() {
		String token = this.fusionAuth.token().issuer("someone-else.example").build();

		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
	}

	@Test
	void aMalformedAuthorizationHeaderIs401InvalidToken() {
		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not a token!")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
	}

	@Test
	void anExpiredTokenIs401TokenExpired() {
		String token = this.fusionAuth.token().expiredAgo(Duration.ofMinutes(2)).build();

		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"The bearer token has expired.\"")
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"The bearer token has expired.\",\"code\":\"token_expired\"}");
	}

	@Test
	void aPathTheFirewallRefusesIs400InvalidRequest() {
		this.client.get()
			.uri("/api/notes;jsessionid=1")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_request");
	}

	@Test
	void permittedPathsNeedNoToken() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	@Test
	void everyOtherPathNeedsOne() {
		this.client.get().uri("/public/ping").exchange().expectStatus().isUnauthorized();
	}

}
