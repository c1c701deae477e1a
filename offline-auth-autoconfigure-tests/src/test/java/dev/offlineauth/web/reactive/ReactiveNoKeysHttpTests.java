package dev.offlineauth.web.reactive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.app.ReactiveNotesTestApplication;

/**
 * A WebFlux application's cold start with FusionAuth unreachable and nothing bundled: no key exists at all.
 * Tokens come from a fake FusionAuth the service never reaches.
 */
@SpringBootTest(classes = ReactiveNotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "management.endpoint.health.show-details=always" })
class ReactiveNoKeysHttpTests {

	private static final FakeFusionAuth ELSEWHERE = new FakeFusionAuth();

	@LocalServerPort
	private int port;

	private WebTestClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("offline-auth.fusionauth.base-url", () -> "http://127.0.0.1:" + closedPort());
		registry.add("offline-auth.issuer", () -> "acme.com");
		registry.add("offline-auth.audiences", () -> "app-1");
		registry.add("offline-auth.connectivity.probe-interval", () -> "20s");
	}

	@AfterAll
	static void stop() {
		ELSEWHERE.close();
	}

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void everyTokenIs503KeysUnavailableWithRetryAfter() {
		String token = ELSEWHERE.token().issuer("acme.com").audience("app-1").build();

		this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "20")
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
					+ "\"detail\":\"No key to verify tokens is available yet.\",\"code\":\"keys_unavailable\"}");
	}

	@Test
	void healthIsDownWithoutAnyKey() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.components.offlineAuth.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.offlineAuth.details.reason")
			.isEqualTo("keys_unavailable")
			.jsonPath("$.components.offlineAuth.details.keySource")
			.isEqualTo("none");
	}

	/** A loopback port nothing listens on: connections to it are refused at once. */
	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
