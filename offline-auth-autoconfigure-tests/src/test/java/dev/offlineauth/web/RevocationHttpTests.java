package dev.offlineauth.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.offlineauth.jwks.BackgroundContact;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.test.Webhooks;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Revocation as FusionAuth and clients meet it, through the default filter chain: the webhook (signed,
 * POST only, no bearer token, bounded), then the tokens it revokes.
 */
@SpringBootTest(classes = NotesTestApplication.class,
		properties = { "offline-auth.revocation.enabled=true", "offline-auth.revocation.webhook.signing-key-ids=webhook-key",
				"management.endpoints.web.exposure.include=health,metrics",
				"management.endpoint.health.show-details=always", "offline-auth.security.permit=/actuator/**" })
@AutoConfigureMockMvc
@Import(RevocationHttpTests.Clocks.class)
class RevocationHttpTests {

	private static final TestKey TOKEN_KEY = TestKey.rsa("token-key");

	private static final TestKey WEBHOOK_KEY = TestKey.rsa("webhook-key");

	private static final ScriptedFusionAuth FUSION_AUTH = new ScriptedFusionAuth();

	private static final ManualClock TIME = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RefreshingKeyRingProvider keys;

	@Autowired
	private BackgroundContact contact;

	@Autowired
	private CutoffTable cutoffs;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		FUSION_AUTH.register(registry);
		registry.add("offline-auth.connectivity.probe-interval", () -> "1h");
	}

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@BeforeEach
	void fusionAuthUp() throws Exception {
		FUSION_AUTH.upFor(this.keys, TIME.now(), TOKEN_KEY, WEBHOOK_KEY);
		// Each test revokes a user of its own, a minute later than the one before.
		TIME.advance(Duration.ofMinutes(1));
	}

	private ResultActions deliver(String body) throws Exception {
		return deliver(body, Webhooks.sign(WEBHOOK_KEY, body));
	}

	private ResultActions deliver(String body, String signature) throws Exception {
		return this.mvc.perform(post(Webhooks.PATH).contentType("application/json")
			.header("X-FusionAuth-Signature-JWT", signature)
			.content(body));
	}

	private static String token(String subject, Instant issuedAt) {
		return "Bearer " + Tokens.token(TOKEN_KEY, issuedAt).subject(subject).claim("tid", Webhooks.TENANT).sign();
	}

	private ResultActions notes(String bearer) throws Exception {
		return this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, bearer));
	}

	@Test
	void theWebhookIsReachableWithoutABearerToken() throws Exception {
		deliver(Webhooks.revokeUser("user-reachable", TIME.now()).json()).andExpect(status().isOk())
			.andExpect(content().contentType("application/json"))
			.andExpect(content().json("{\"outcome\":\"applied\"}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" })
	void theWebhookAcceptsOnlyPost(String method) throws Exception {
		this.mvc.perform(request(HttpMethod.valueOf(method), Webhooks.PATH))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(header().string("Allow", "POST"));
	}

	@Test
	void aTokenIssuedBeforeTheRevocationIsRefusedAndOneIssuedAfterIsServed() throws Exception {
		String before = token("user-revoked", TIME.now().minusSeconds(30));
		notes(before).andExpect(status().isOk());

		deliver(Webhooks.revokeUser("user-revoked", TIME.now()).json()).andExpect(status().isOk());

		notes(before).andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"The bearer token has been revoked.\""))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.code").value("token_revoked"));
		notes(token("user-revoked", TIME.now().plusSeconds(1))).andExpect(status().isOk());
		notes(token("another-user", TIME.now().minusSeconds(30))).andExpect(status().isOk());
	}

	@Test
	void aTokenInGraceIsRevokedToo() throws Exception {
		String inGrace = "Bearer " + Tokens.token(TOKEN_KEY, TIME.now().minus(Duration.ofHours(2)))
			.subject("user-in-grace")
			.claim("tid", Webhooks.TENANT)
			.expiresAt(TIME.now().minus(Duration.ofHours(1)))
			.sign();
		deliver(Webhooks.revokeUser("user-in-grace", TIME.now()).json()).andExpect(status().isOk());
		FUSION_AUTH.downFor(this.contact, this.keys);

		notes(inGrace).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("token_revoked"));
		notes("Bearer " + Tokens.token(TOKEN_KEY, TIME.now().minus(Duration.ofHours(2)))
			.subject("someone-else")
			.expiresAt(TIME.now().minus(Duration.ofHours(1)))
			.sign()).andExpect(status().isOk()).andExpect(header().string("Offline-Auth-Status", "grace"));
	}

	@Test
	void aBadSignatureIs401AndAppliesNothing() throws Exception {
		String body = Webhooks.revokeUser("user-unsigned", TIME.now()).json();
		String token = token("user-unsigned", TIME.now().minusSeconds(30));

		deliver(body, null).andExpect(status().isUnauthorized())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.title").value("Unauthorized"));
		deliver(body, Webhooks.sign(TOKEN_KEY, body)).andExpect(status().isUnauthorized());
		deliver(body.replace("user-unsigned", "user-other"), Webhooks.sign(WEBHOOK_KEY, body))
			.andExpect(status().isUnauthorized());

		notes(token).andExpect(status().isOk());
		assertThat(this.cutoffs.live()).noneMatch((cutoff) -> "user-unsigned".equals(cutoff.userId()));
	}

	@Test
	void aSignedBodyThatIsNotJsonIs400() throws Exception {
		deliver("{\"event\":").andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(400));
	}

	@Test
	void aBodyOverTheLimitIs413BeforeAnythingIsRead() throws Exception {
		String big = Webhooks.revokeUser("user-big", TIME.now()).with("padding", "x".repeat(300 * 1024)).json();

		deliver(big).andExpect(status().is(413))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(413));
		assertThat(this.cutoffs.live()).noneMatch((cutoff) -> "user-big".equals(cutoff.userId()));
	}

	@Test
	void anUnknownEventTypeIsAcknowledgedAndIgnored() throws Exception {
		deliver(Webhooks.event("user.login.success", TIME.now()).with("userId", "user-login").json())
			.andExpect(status().isOk())
			.andExpect(content().json("{\"outcome\":\"ignored\"}"));
		notes(token("user-login", TIME.now().minusSeconds(30))).andExpect(status().isOk());
	}

	@Test
	void aDuplicateDeliveryIsAcknowledgedAsSuch() throws Exception {
		String body = Webhooks.revokeUser("user-twice", TIME.now()).json();

		deliver(body).andExpect(content().json("{\"outcome\":\"applied\"}"));
		deliver(body).andExpect(status().isOk()).andExpect(content().json("{\"outcome\":\"duplicate\"}"));
	}

	@Test
	void aKeyUpdateFetchesTheJwksAtOnce() throws Exception {
		int before = FUSION_AUTH.jwksRequests();

		deliver(Webhooks.event("jwt.public-key.update", TIME.now()).json()).andExpect(status().isOk());

		await().atMost(Duration.ofSeconds(10)).until(() -> FUSION_AUTH.jwksRequests() > before);
	}

	@Test
	void healthAndMetricsTellTheCutoffsAndTheStore() throws Exception {
		deliver(Webhooks.revokeUser("user-counted", TIME.now()).json()).andExpect(status().isOk());
		deliver("{}", "x.y.z").andExpect(status().isUnauthorized());

		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.offlineAuth.status").value("UP"))
			.andExpect(jsonPath("$.components.offlineAuth.details.revocation.cutoffs").value(this.cutoffs.size()))
			.andExpect(jsonPath("$.components.offlineAuth.details.revocation.store").value("memory"));
		assertThat(this.registry.get("offline.auth.revocation.events")
			.tags("type", "jwt.refresh-token.revoke", "outcome", "applied")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(this.registry.get("offline.auth.revocation.events")
			.tags("type", "unknown", "outcome", "invalid_signature")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(this.registry.get("offline.auth.revocation.cutoffs").gauge().value())
			.isEqualTo(this.cutoffs.size()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void theWebhookNeverEchoesTheRequest() throws Exception {
		String body = "{\"event\":{\"type\":\"<script>alert(1)</script>\"}}";

		String answer = deliver(body, "<script>").andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

		assertThat(answer).doesNotContain("script");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		TimeSource manualTime() {
			return TIME.timeSource();
		}

	}

}
