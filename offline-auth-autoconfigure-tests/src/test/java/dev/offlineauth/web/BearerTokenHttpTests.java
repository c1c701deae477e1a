package dev.offlineauth.web;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What a client sees, through the default filter chain: the status, the problem body and the
 * {@code WWW-Authenticate} header of every answer.
 */
@SpringBootTest(classes = NotesTestApplication.class)
@AutoConfigureMockMvc
@Import(BearerTokenHttpTests.Clocks.class)
class BearerTokenHttpTests {

	private static final TestKey KEY = TestKey.rsa("http-key");

	private static final ScriptedFusionAuth FUSION_AUTH = new ScriptedFusionAuth();

	private static final ManualClock TIME = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Connectivity connectivity;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		FUSION_AUTH.serveKeys(KEY);
		FUSION_AUTH.register(registry);
	}

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@BeforeEach
	void fusionAuthAnswered() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.connectivity.state().status() == ConnectivityStatus.ONLINE);
	}

	@Test
	void aValidTokenIsServed() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, bearer(Tokens.token(KEY, TIME.now()).sign())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.sub").value(Tokens.SUBJECT))
			.andExpect(jsonPath("$.authorities[0]").value("ROLE_user"))
			.andExpect(jsonPath("$.tokenStatus").value("fresh"))
			.andExpect(jsonPath("$.keySource").value("remote"))
			.andExpect(header().doesNotExist("Offline-Auth-Status"));
	}

	@Test
	void aMissingTokenIs401WithoutAnErrorAttribute() throws Exception {
		this.mvc.perform(get("/api/notes"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.title").value("Unauthorized"))
			.andExpect(jsonPath("$.detail").value("A bearer token is required."))
			.andExpect(jsonPath("$.code").value("missing_token"));
	}

	@Test
	void aBadTokenIs401InvalidToken() throws Exception {
		String token = Tokens.token(TestKey.rsa("http-key"), TIME.now()).sign();

		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, bearer(token)))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"The bearer token is not valid.\""))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.code").value("invalid_token"))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString(token.substring(0, 20)))));
	}

	@Test
	void aMalformedAuthorizationHeaderIs401InvalidToken() throws Exception {
		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, "Bearer not a token!"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("invalid_token"));
	}

	@Test
	void anExpiredTokenIs401TokenExpired() throws Exception {
		String token = Tokens.token(KEY, TIME.now().minusSeconds(3600)).expiresAt(TIME.now().minusSeconds(120)).sign();

		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, bearer(token)))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"The bearer token has expired.\""))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.code").value("token_expired"));
	}

	@Test
	void permittedPathsNeedNoToken() throws Exception {
		this.mvc.perform(get("/actuator/health")).andExpect(status().is(org.hamcrest.Matchers.not(401)));
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		TimeSource manualTime() {
			return TIME.timeSource();
		}

	}

}
