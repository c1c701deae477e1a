package dev.offlineauth.web;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The offline policy as a client meets it, through the default chain: grace, read-only, the limits.
 * FusionAuth goes down and comes back for real (the fake stops and starts answering on its port); time
 * moves by hand, and contacts happen when a test says so, not on a timer.
 */
@SpringBootTest(classes = NotesTestApplication.class, properties = "offline-auth.connectivity.probe-interval=1h")
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
class GraceHttpTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private Connectivity connectivity;

	@BeforeEach
	void fusionAuthUp() {
		// The kit puts FusionAuth back up before each test, and the service has seen it.
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
	}

	void fusionAuthDown() {
		this.fusionAuth.goOffline();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
	}

	private String expiredAnHourAgo() {
		return "Bearer " + this.fusionAuth.token().expiredAgo(Duration.ofHours(1)).build();
	}

	private String fresh() {
		return "Bearer " + this.fusionAuth.token().build();
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
				.header(HttpHeaders.AUTHORIZATION, fresh())
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

		this.fusionAuth.goOnline();

		this.mvc.perform(request(HttpMethod.GET, "/api/notes").header(HttpHeaders.AUTHORIZATION, token))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("token_expired"));
	}

	@Test
	void aTokenPastTheGracePeriodIsExpiredEvenOffline() throws Exception {
		fusionAuthDown();
		String token = "Bearer " + this.fusionAuth.token().expiredAgo(Duration.ofHours(25)).build();

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
		this.mvc.perform(request(HttpMethod.GET, "/api/export").header(HttpHeaders.AUTHORIZATION, fresh()))
			.andExpect(status().isOk());
	}

	@Test
	void pastMaxOfflineEveryTokenIsRefused() throws Exception {
		fusionAuthDown();
		this.fusionAuth.clock().advance(Duration.ofDays(7).plusSeconds(1));

		this.mvc.perform(request(HttpMethod.GET, "/api/notes").header(HttpHeaders.AUTHORIZATION, fresh()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "3600"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.code").value("offline_too_long"));
	}

	@Test
	void aClockWoundBackIsRefused() throws Exception {
		ManualClock clock = this.fusionAuth.clock();
		clock.setWall(clock.now().minus(Duration.ofHours(1)));

		this.mvc.perform(request(HttpMethod.GET, "/api/notes").header(HttpHeaders.AUTHORIZATION, fresh()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.code").value("clock_rollback"));
	}

}
