package dev.offlineauth.test.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.TrustedClock;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.WireAccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Each state of the fake, as a real application context sees it through offline-auth: every change has
 * been seen by the service when it returns, so the very next request is decided in the new state.
 */
@SpringBootTest(classes = KitTestApplication.class,
		properties = { "offline-auth.fusionauth.connect-timeout=1s", "offline-auth.fusionauth.read-timeout=1s" })
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
class FakeFusionAuthStatesTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private ManualClock clock;

	@Autowired
	private Connectivity connectivity;

	@Autowired
	private TrustedClock trustedClock;

	@Autowired
	private KeyRingProvider keys;

	@Test
	void onlineAFreshTokenIsAcceptedAndAnExpiredOneIsNot() throws Exception {
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);

		read(this.fusionAuth.token().roles("user").build()).andExpect(status().isOk())
			.andExpect(jsonPath("$.tokenStatus").value("fresh"))
			.andExpect(jsonPath("$.keySource").value("remote"))
			.andExpect(jsonPath("$.authorities[0]").value("ROLE_user"));
		read(expiredTwoHoursAgo()).andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("token_expired"));
	}

	@Test
	void offlineConnectionsAreRefusedAndAnExpiredTokenReadsInGrace() throws Exception {
		String token = expiredTwoHoursAgo();

		this.fusionAuth.goOffline();

		assertThat(WireAccess.refused(this.fusionAuth.baseUrl())).isTrue();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
		read(token).andExpect(status().isOk())
			.andExpect(header().string("Offline-Auth-Status", "grace"))
			.andExpect(jsonPath("$.tokenStatus").value("grace"))
			.andExpect(jsonPath("$.keySource").value("last-known-good"));
		this.mvc.perform(post("/api/notes").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).content("a note"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("grace_read_only"));
	}

	@Test
	void blackholedConnectionsAreAcceptedButNeverAnsweredAndGraceApplies() throws Exception {
		String token = expiredTwoHoursAgo();

		this.fusionAuth.blackhole();

		assertThat(WireAccess.acceptedAndSilent(this.fusionAuth.baseUrl(), Duration.ofMillis(500))).isTrue();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
		read(token).andExpect(status().isOk()).andExpect(header().string("Offline-Auth-Status", "grace"));
	}

	@Test
	void backOnlineOnTheSamePortGraceEnds() throws Exception {
		String token = expiredTwoHoursAgo();
		this.fusionAuth.blackhole();
		this.fusionAuth.goOffline();
		read(token).andExpect(status().isOk());

		this.fusionAuth.goOnline();

		assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/api/health").statusCode()).isEqualTo(200);
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
		read(token).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("token_expired"));
	}

	@Test
	void afterARotationTokensOfTheOldAndTheNewKeyAreAccepted() throws Exception {
		String before = this.fusionAuth.token().build();
		int fetches = this.fusionAuth.jwksFetches();

		this.fusionAuth.rotateKey();
		String after = this.fusionAuth.token().build();

		assertThat(WireAccess.header(after).get("kid")).isNotEqualTo(WireAccess.header(before).get("kid"));
		assertThat(this.keys.current().kids()).contains((String) WireAccess.header(before).get("kid"),
				(String) WireAccess.header(after).get("kid"));
		assertThat(this.fusionAuth.jwksFetches()).isGreaterThan(fetches);
		int seen = this.fusionAuth.jwksFetches();
		read(before).andExpect(status().isOk());
		read(after).andExpect(status().isOk());
		assertThat(this.fusionAuth.jwksFetches()).as("no fetch for a key already known").isEqualTo(seen);
	}

	@Test
	void aChosenDateIsServedExactlyAndTheServiceTrustsIt() throws Exception {
		Instant ahead = this.clock.now().plus(Duration.ofHours(1));

		this.fusionAuth.serveDate(ahead);

		HttpResponse<String> health = WireAccess.get(this.fusionAuth.baseUrl(), "/api/health");
		assertThat(health.headers().allValues("Date")).containsExactly(WireAccess.httpDate(ahead));
		assertThat(this.trustedClock.serverTime()).isEqualTo(ahead);
		// FusionAuth's clock an hour ahead of the service's: the service's clock looks wound back.
		read(this.fusionAuth.token().build()).andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.code").value("clock_rollback"));
	}

	@Test
	void withNoDateTheServiceLearnsNoTimeFromFusionAuth() throws Exception {
		Instant lastTold = this.trustedClock.serverTime();

		this.fusionAuth.serveNoDate();
		this.clock.advance(Duration.ofMinutes(10));
		this.fusionAuth.goOnline();

		assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/api/health").headers().firstValue("Date")).isEmpty();
		assertThat(lastTold).isNotNull();
		// Nothing new was told: the last time FusionAuth told, carried forward by the ten minutes that passed.
		assertThat(this.trustedClock.serverTime()).isEqualTo(lastTold.plus(Duration.ofMinutes(10)));
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
	}

	@Test
	void byDefaultTheDateIsTheClocksTime() {
		HttpResponse<String> jwks = WireAccess.get(this.fusionAuth.baseUrl(), "/.well-known/jwks.json");

		assertThat(jwks.headers().firstValue("Date")).hasValue(WireAccess.httpDate(this.clock.now()));
		assertThat(this.trustedClock.serverTime()).isEqualTo(this.clock.now());
	}

	@Test
	void pastMaxOfflineEveryTokenIsRefused() throws Exception {
		this.fusionAuth.goOffline();

		this.clock.advance(Duration.ofDays(7).plusSeconds(1));

		read(this.fusionAuth.token().build()).andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.code").value("offline_too_long"));
	}

	@Test
	void aWallClockWoundBackIsRefused() throws Exception {
		String token = this.fusionAuth.token().build();

		this.clock.setWall(this.clock.now().minus(Duration.ofHours(1)));

		read(token).andExpect(status().isServiceUnavailable()).andExpect(jsonPath("$.code").value("clock_rollback"));
	}

	private String expiredTwoHoursAgo() {
		return this.fusionAuth.token().expiredAgo(Duration.ofHours(2)).build();
	}

	private ResultActions read(String token) throws Exception {
		return this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
	}

}
