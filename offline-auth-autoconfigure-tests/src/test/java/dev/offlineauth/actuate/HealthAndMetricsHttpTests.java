package dev.offlineauth.actuate;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
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
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The {@code offlineAuth} health component and the metrics, read through Actuator's own endpoints. */
@SpringBootTest(classes = NotesTestApplication.class,
		properties = { "management.endpoints.web.exposure.include=health,metrics",
				"management.endpoint.health.show-details=always", "offline-auth.security.permit=/actuator/**" })
@AutoConfigureMockMvc
@Import(HealthAndMetricsHttpTests.Clocks.class)
class HealthAndMetricsHttpTests {

	private static final TestKey KEY = TestKey.rsa("health-key");

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
		FUSION_AUTH.upFor(this.keys, TIME.now(), KEY);
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
	}

	private void fusionAuthDown() throws Exception {
		FUSION_AUTH.downFor(this.contact, this.keys);
	}

	@Test
	void upWhileFusionAuthAnswers() throws Exception {
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.offlineAuth.status").value("UP"))
			.andExpect(jsonPath("$.components.offlineAuth.details.connectivity").value("online"))
			.andExpect(jsonPath("$.components.offlineAuth.details.keySource").value("remote"))
			.andExpect(jsonPath("$.components.offlineAuth.details.kids[0]").value("health-key"))
			.andExpect(jsonPath("$.components.offlineAuth.details.grace.period").value("PT24H"))
			.andExpect(jsonPath("$.components.offlineAuth.details.grace.allowedMethods").value(hasItems("GET", "HEAD", "OPTIONS")))
			.andExpect(jsonPath("$.components.offlineAuth.details.maxOffline").value("PT168H"))
			.andExpect(jsonPath("$.components.offlineAuth.details.clock.rolledBack").value(false))
			.andExpect(jsonPath("$.components.offlineAuth.details.lastContact").isNotEmpty());
	}

	@Test
	void stillUpWhileFusionAuthIsAwayAndKeysAreAtHand() throws Exception {
		fusionAuthDown();
		TIME.advance(Duration.ofHours(30));

		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.offlineAuth.status").value("UP"))
			.andExpect(jsonPath("$.components.offlineAuth.details.connectivity").value("offline"))
			.andExpect(jsonPath("$.components.offlineAuth.details.keySource").value("last-known-good"))
			.andExpect(jsonPath("$.components.offlineAuth.details.grace.available").value(true))
			.andExpect(jsonPath("$.components.offlineAuth.details.timeLeftBeforeMaxOffline").value("PT138H"))
			.andExpect(jsonPath("$.components.offlineAuth.details.lastFailure").value("probe could not connect"))
			.andExpect(jsonPath("$.components.offlineAuth.details.keys.state").value("stale"))
			.andExpect(jsonPath("$.components.offlineAuth.details.keys.reason").value("connection"));
	}

	@Test
	void downOnceOfflineTooLong() throws Exception {
		fusionAuthDown();
		TIME.advance(Duration.ofDays(7).plusSeconds(1));

		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.components.offlineAuth.status").value("DOWN"))
			.andExpect(jsonPath("$.components.offlineAuth.details.reason").value("offline_too_long"))
			.andExpect(jsonPath("$.components.offlineAuth.details.timeLeftBeforeMaxOffline").value("PT0S"));
	}

	@Test
	void downWhileTheClockIsWoundBack() throws Exception {
		Instant right = TIME.now();
		TIME.setWall(right.minus(Duration.ofHours(1)));
		try {
			this.mvc.perform(get("/actuator/health"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.components.offlineAuth.status").value("DOWN"))
				.andExpect(jsonPath("$.components.offlineAuth.details.reason").value("clock_rollback"))
				.andExpect(jsonPath("$.components.offlineAuth.details.clock.rolledBack").value(true));
		}
		finally {
			TIME.setWall(right);
		}
	}

	@Test
	void decisionsAndFetchesAreCountedWithBoundedTags() throws Exception {
		String fresh = "Bearer " + Tokens.token(KEY, TIME.now()).sign();
		String expired = "Bearer " + Tokens.token(KEY, TIME.now().minus(Duration.ofHours(2)))
			.expiresAt(TIME.now().minus(Duration.ofHours(1)))
			.sign();
		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, fresh)).andExpect(status().isOk());
		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, expired)).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, "Bearer x.y.z")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/notes")).andExpect(status().isUnauthorized());
		fusionAuthDown();
		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, expired)).andExpect(status().isOk());
		this.mvc.perform(post("/api/notes").header(HttpHeaders.AUTHORIZATION, expired).content("x"))
			.andExpect(status().isForbidden());

		this.mvc.perform(get("/actuator/metrics/offline.auth.decisions"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.availableTags[?(@.tag == 'outcome')].values[*]").value(hasItems("fresh", "grace", "rejected")))
			.andExpect(jsonPath("$.availableTags[?(@.tag == 'code')].values[*]").value(hasItems("none", "token_expired",
					"invalid_token", "missing_token", "grace_read_only", "keys_unavailable", "offline_too_long", "clock_rollback")));
		assertThat(count("offline.auth.decisions", "outcome", "fresh")).isEqualTo(1);
		assertThat(count("offline.auth.decisions", "outcome", "grace")).isEqualTo(1);
		assertThat(this.registry.get("offline.auth.decisions").tags("outcome", "rejected", "code", "token_expired").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("offline.auth.decisions").tags("outcome", "rejected", "code", "grace_read_only").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("offline.auth.decisions").tags("outcome", "rejected", "code", "missing_token").counter().count()).isEqualTo(1);

		this.mvc.perform(get("/actuator/metrics/offline.auth.jwks.fetches").param("tag", "outcome:failure"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.measurements[0].value").value(org.hamcrest.Matchers.greaterThanOrEqualTo(1.0)));
		this.mvc.perform(get("/actuator/metrics/offline.auth.connectivity").param("tag", "state:offline"))
			.andExpect(jsonPath("$.measurements[0].value").value(1.0));
		this.mvc.perform(get("/actuator/metrics/offline.auth.keys").param("tag", "source:last-known-good"))
			.andExpect(jsonPath("$.measurements[0].value").value(1.0));
		this.mvc.perform(get("/actuator/metrics/offline.auth.contact.age"))
			.andExpect(jsonPath("$.baseUnit").value("seconds"));
		this.mvc.perform(get("/actuator/metrics/offline.auth.keys.age"))
			.andExpect(jsonPath("$.baseUnit").value("seconds"));

		for (Meter meter : this.registry.getMeters()) {
			if (meter.getId().getName().startsWith("offline.auth")) {
				assertThat(meter.getId().getTags()).extracting(Tag::getValue)
					.doesNotContain(KEY.kid(), Tokens.SUBJECT, Tokens.ISSUER, Tokens.AUDIENCE);
			}
		}
	}

	private double count(String name, String tag, String value) {
		return this.registry.get(name).tag(tag, value).counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		TimeSource manualTime() {
			return TIME.timeSource();
		}

	}

}
