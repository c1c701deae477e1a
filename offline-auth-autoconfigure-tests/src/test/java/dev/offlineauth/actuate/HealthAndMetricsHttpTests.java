package dev.offlineauth.actuate;

import java.time.Duration;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code offlineAuth} health component and the metrics, read through Actuator's own endpoints. The
 * service accepts RS256 alone, so that of FusionAuth's keys it holds one: the key its tokens are signed
 * with.
 */
@SpringBootTest(classes = NotesTestApplication.class,
		properties = { "management.endpoints.web.exposure.include=health,metrics",
				"management.endpoint.health.show-details=always", "offline-auth.security.permit=/actuator/**",
				"offline-auth.connectivity.probe-interval=1h", "offline-auth.algorithms=RS256" })
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
class HealthAndMetricsHttpTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private Connectivity connectivity;

	@Autowired
	private MeterRegistry registry;

	@BeforeEach
	void fusionAuthUp() {
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
	}

	private void fusionAuthDown() {
		this.fusionAuth.goOffline();
	}

	/** The kid of the key FusionAuth signs with (RS256), as its tokens' header names it. */
	private String signingKid() throws Exception {
		return SignedJWT.parse(this.fusionAuth.token().build()).getHeader().getKeyID();
	}

	@Test
	void upWhileFusionAuthAnswers() throws Exception {
		String kid = signingKid();

		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.offlineAuth.status").value("UP"))
			.andExpect(jsonPath("$.components.offlineAuth.details.connectivity").value("online"))
			.andExpect(jsonPath("$.components.offlineAuth.details.keySource").value("remote"))
			.andExpect(jsonPath("$.components.offlineAuth.details.kids[0]").value(kid))
			.andExpect(jsonPath("$.components.offlineAuth.details.grace.period").value("PT24H"))
			.andExpect(jsonPath("$.components.offlineAuth.details.grace.allowedMethods").value(hasItems("GET", "HEAD", "OPTIONS")))
			.andExpect(jsonPath("$.components.offlineAuth.details.maxOffline").value("PT168H"))
			.andExpect(jsonPath("$.components.offlineAuth.details.clock.rolledBack").value(false))
			.andExpect(jsonPath("$.components.offlineAuth.details.lastContact").isNotEmpty());
	}

	@Test
	void stillUpWhileFusionAuthIsAwayAndKeysAreAtHand() throws Exception {
		fusionAuthDown();
		this.fusionAuth.clock().advance(Duration.ofHours(30));

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
		this.fusionAuth.clock().advance(Duration.ofDays(7).plusSeconds(1));

		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.components.offlineAuth.status").value("DOWN"))
			.andExpect(jsonPath("$.components.offlineAuth.details.reason").value("offline_too_long"))
			.andExpect(jsonPath("$.components.offlineAuth.details.timeLeftBeforeMaxOffline").value("PT0S"));
	}

	@Test
	void downWhileTheClockIsWoundBack() throws Exception {
		this.fusionAuth.clock().setWall(this.fusionAuth.clock().now().minus(Duration.ofHours(1)));

		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.components.offlineAuth.status").value("DOWN"))
			.andExpect(jsonPath("$.components.offlineAuth.details.reason").value("clock_rollback"))
			.andExpect(jsonPath("$.components.offlineAuth.details.clock.rolledBack").value(true));
	}

	@Test
	void decisionsAndFetchesAreCountedWithBoundedTags() throws Exception {
		String freshToken = this.fusionAuth.token().roles("user").build();
		String fresh = "Bearer " + freshToken;
		String expired = "Bearer " + this.fusionAuth.token().roles("user").expiredAgo(Duration.ofHours(1)).build();
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

		String kid = SignedJWT.parse(freshToken).getHeader().getKeyID();
		JWTClaimsSet claims = SignedJWT.parse(freshToken).getJWTClaimsSet();
		for (Meter meter : this.registry.getMeters()) {
			if (meter.getId().getName().startsWith("offline.auth")) {
				assertThat(meter.getId().getTags()).extracting(Tag::getValue)
					.doesNotContain(kid, claims.getSubject(), claims.getIssuer(), claims.getAudience().get(0));
			}
		}
	}

	private double count(String name, String tag, String value) {
		return this.registry.get(name).tag(tag, value).counters().stream().mapToDouble((c) -> c.count()).sum();
	}

}
