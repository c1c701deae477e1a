package dev.offlineauth.web;

import java.time.Duration;
import java.time.Instant;

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

import dev.offlineauth.jwks.BackgroundContact;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The offline policy as a client meets it, through the default chain: grace, read-only, the limits.
 * FusionAuth goes down and comes back for real (the local server stops and starts); time moves by hand.
 */
@SpringBootTest(classes = NotesTestApplication.class)
@AutoConfigureMockMvc
@Import(GraceHttpTests.Clocks.class)
class GraceHttpTests {

	private static final TestKey KEY = TestKey.rsa("grace-key");

	private static final ScriptedFusionAuth FUSION_AUTH = new ScriptedFusionAuth();

	private static final ManualClock TIME = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RefreshingKeyRingProvider keys;

	@Autowired
	private BackgroundContact contact;

	@Autowired
	private Connectivity connectivity;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		FUSION_AUTH.register(registry);
		// Contacts happen when a test says so, not on a timer.
		registry.add("offline-auth.connectivity.probe-interval", () -> "1h");
	}

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@BeforeEach
	void fusionAuthUp() throws Exception {
		FUSION_AUTH.upFor(this.keys, TIME.now(), KEY);
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
	}

	void fusionAuthDown() throws Exception {
		FUSION_AUTH.downFor(this.contact, this.keys);
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
	}

	private static String expiredAnHourAgo() {
		return "Bearer " + Tokens.token(KEY, TIME.now().minus(Duration.ofHours(2)))
			.expiresAt(TIME.now().minus(Duration.ofHours(1)))
			.sign();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "OPTIONS" })
	void anExpiredTokenMayReadWhileFusionAuthIsDown(String method) throws Exception {
		fusionAuthDown();

		this.mvc.perform(request(HttpMethod.valueOf(method), "/api/notes").header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo()))
			.andExpect(status().isOk())
			.andExpect(header().string("Offline-Auth-Status", "grace"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
	void anExpiredTokenMayNotWriteWhileFusionAuthIsDown(String method) throws Exception {
		fusionAuthDown();

		this.mvc
			.perform(request(HttpMethod.valueOf(method), "/api/notes").header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo())
				.contentType("text/plain")
				.content("a note"))
			.andExpect(status().isForbidden())
			.andExpect(header().string("Offline-Auth-Status", "grace"))
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", "
					+ "error_description=\"The token expired while the identity provider was unreachable; "
					+ "until it is refreshed it may only read.\""))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(403))
			.andExpect(jsonPath("$.title").value("Forbidden"))
			.andExpect(jsonPath("$.code").value("grace_read_only"));
	}

	@Test
	void theAuthenticationSaysGrace() throws Exception {
		fusionAuthDown();

		this.mvc.perform(request(HttpMethod.GET, "/api/me").header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo()))
			.andExpect(jsonPath("$.tokenStatus").value("grace"))
			.andExpect(jsonPath("$.keySource").value("last-known-good"));
	}

	@Test
	void aFreshTokenMayStillWriteWhileFusionAuthIsDown() throws Exception {
		fusionAuthDown();

		this.mvc
			.perform(request(HttpMethod.POST, "/api/notes")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.token(KEY, TIME.now()).sign())
				.contentType("text/plain")
				.content("a note"))
			.andExpect(status().isCreated())
			.andExpect(header().doesNotExist("Offline-Auth-Status"));
	}

	@Test
	void whileFusionAuthIsUpAnExpiredTokenIsExpired() throws Exception {
		this.mvc.perform(request(HttpMethod.GET, "/api/notes").header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("token_expired"));
	}

	@Test
	void fusionAuthComingBackEndsGrace() throws Exception {
		fusionAuthDown();
		String token = expiredAnHourAgo();
		this.mvc.perform(request(HttpMethod.GET, "/api/notes").header(HttpHeaders.AUTHORIZATION, token))
			.andExpect(status().isOk());

		fusionAuthUp();

		this.mvc.perform(request(HttpMethod.GET, "/api/notes").header(HttpHeaders.AUTHORIZATION, token))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("token_expired"));
	}

	@Test
	void aTokenPastTheGracePeriodIsExpiredEvenOffline() throws Exception {
		fusionAuthDown();
		String token = "Bearer " + Tokens.token(KEY, TIME.now().minus(Duration.ofHours(30)))
			.expiresAt(TIME.now().minus(Duration.ofHours(25)))
			.sign();

		this.mvc.perform(request(HttpMethod.GET, "/api/notes").header(HttpHeaders.AUTHORIZATION, token))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("token_expired"));
	}

	@Test
	void methodSecurityCanAskForAFreshToken() throws Exception {
		fusionAuthDown();

		this.mvc.perform(request(HttpMethod.GET, "/api/export").header(HttpHeaders.AUTHORIZATION, expiredAnHourAgo()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("grace_read_only"));
		this.mvc
			.perform(request(HttpMethod.GET, "/api/export")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.token(KEY, TIME.now()).sign()))
			.andExpect(status().isOk());
	}

	@Test
	void pastMaxOfflineEveryTokenIsRefused() throws Exception {
		fusionAuthDown();
		TIME.advance(Duration.ofDays(7).plusSeconds(1));

		this.mvc
			.perform(request(HttpMethod.GET, "/api/notes")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.token(KEY, TIME.now()).sign()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "3600"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.code").value("offline_too_long"));
	}

	@Test
	void aClockWoundBackIsRefused() throws Exception {
		Instant right = TIME.now();
		TIME.setWall(right.minus(Duration.ofHours(1)));
		try {
			this.mvc
				.perform(request(HttpMethod.GET, "/api/notes")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.token(KEY, TIME.now()).sign()))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.code").value("clock_rollback"));
		}
		finally {
			TIME.setWall(right);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		TimeSource manualTime() {
			return TIME.timeSource();
		}

	}

}
