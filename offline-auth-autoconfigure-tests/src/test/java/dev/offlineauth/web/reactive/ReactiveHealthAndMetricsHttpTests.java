package dev.offlineauth.web.reactive;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.app.ReactiveNotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code offlineAuth} health component and the decision metrics of a WebFlux application, read through
 * Actuator's own endpoints: every decision of the reactive chain is counted as the servlet chain's are.
 */
@SpringBootTest(classes = ReactiveNotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"management.endpoints.web.exposure.include=health,metrics",
				"management.endpoint.health.show-details=always", "offline-auth.security.permit=/actuator/**",
				"offline-auth.connectivity.probe-interval=1h" })
@AutoConfigureFakeFusionAuth
class ReactiveHealthAndMetricsHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private MeterRegistry registry;

	private WebTestClient client;

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void healthTellsTheKeysAndConnectivity() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.offlineAuth.status")
			.isEqualTo("UP")
			.jsonPath("$.components.offlineAuth.details.keySource")
			.isEqualTo("remote")
			.jsonPath("$.components.offlineAuth.details.connectivity")
			.isEqualTo("online");
	}

	@Test
	void everyDecisionOfTheReactiveChainIsCounted() {
		String expired = "Bearer " + this.fusionAuth.token().expiredAgo(Duration.ofHours(1)).build();
		notes(this.fusionAuth.token().build()).isOk();
		this.client.get().uri("/api/notes").header(HttpHeaders.AUTHORIZATION, expired).exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/api/notes").exchange().expectStatus().isUnauthorized();
		this.fusionAuth.goOffline();
		this.client.get().uri("/api/notes").header(HttpHeaders.AUTHORIZATION, expired).exchange().expectStatus().isOk();
		this.client.post()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, expired)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("x")
			.exchange()
			.expectStatus()
			.isForbidden();

		this.client.get().uri("/actuator/metrics/offline.auth.decisions").exchange().expectStatus().isOk();
		assertThat(count("outcome", "fresh", "code", "none")).isEqualTo(1);
		assertThat(count("outcome", "grace", "code", "none")).isEqualTo(1);
		assertThat(count("outcome", "rejected", "code", "token_expired")).isEqualTo(1);
		assertThat(count("outcome", "rejected", "code", "missing_token")).isEqualTo(1);
		assertThat(count("outcome", "rejected", "code", "grace_read_only")).isEqualTo(1);
	}

	private StatusAssertions notes(String token) {
		return this.client.get()
			.uri("/api/notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus();
	}

	private double count(String... tags) {
		return this.registry.get("offline.auth.decisions").tags(tags).counter().count();
	}

}
