package dev.offlineauth.web.reactive;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.ownchain.ReactiveOwnChainTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application's own chain with {@code offlineAuth.applyTo(http)}: its rules decide, and every
 * refusal, the read-only rule and the freshness check in a request rule behave as in the default chain.
 */
@SpringBootTest(classes = ReactiveOwnChainTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "offline-auth.connectivity.probe-interval=1h" })
@AutoConfigureFakeFusionAuth
class ReactiveOwnChainHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private ApplicationContext context;

	private WebTestClient client;

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void theApplicationsChainIsTheOnlyOne() {
		assertThat(this.context.getBeansOfType(SecurityWebFilterChain.class)).containsOnlyKeys("api");
	}

	@Test
	void aValidTokenIsServed() {
		this.client.get().uri("/api/items").headers(this::fresh).exchange().expectStatus().isOk();
	}

	@Test
	void aMissingTokenIsAProblem() {
		this.client.get()
			.uri("/api/items")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("missing_token");
	}

	@Test
	void aBadTokenIsAProblem() {
		this.client.get()
			.uri("/api/items")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.fusionAuth.token().issuer("elsewhere.example").build())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
	}

	@Test
	void theApplicationsRulesStillDecideAndTheirRefusalIsAProblemToo() {
		this.client.get()
			.uri("/api/admin/report")
			.headers(this::fresh)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", "
					+ "error_description=\"The token does not grant access to this resource.\"")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("insufficient_scope");
		this.client.get()
			.uri("/api/admin/report")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.fusionAuth.token().roles("admin").build())
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void theReadOnlyRuleAndTheFreshnessRuleHoldInTheApplicationsChain() {
		this.fusionAuth.goOffline();
		String inGrace = "Bearer " + this.fusionAuth.token().expiredAgo(Duration.ofHours(1)).build();

		this.client.get()
			.uri("/api/items")
			.header(HttpHeaders.AUTHORIZATION, inGrace)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Offline-Auth-Status", "grace");
		this.client.post()
			.uri("/api/items")
			.header(HttpHeaders.AUTHORIZATION, inGrace)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("Offline-Auth-Status", "grace")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("grace_read_only");
		this.client.get()
			.uri("/api/export")
			.header(HttpHeaders.AUTHORIZATION, inGrace)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("grace_read_only");
		this.client.get().uri("/api/export").headers(this::fresh).exchange().expectStatus().isOk();
		this.client.post().uri("/api/items").headers(this::fresh).exchange().expectStatus().isCreated();
	}

	@Test
	void theApplicationsOpenPathsStayOpen() {
		this.client.get().uri("/public/ping").exchange().expectStatus().isOk();
	}

	private void fresh(HttpHeaders headers) {
		headers.setBearerAuth(this.fusionAuth.token().build());
	}

}
