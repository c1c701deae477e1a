package dev.offlineauth.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A cold start with FusionAuth unreachable and nothing bundled: no key exists at all. */
@SpringBootTest(classes = NotesTestApplication.class, properties = "management.endpoint.health.show-details=always")
@AutoConfigureMockMvc
class NoKeysHttpTests {

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("offline-auth.fusionauth.base-url", () -> "http://localhost:" + ScriptedFusionAuth.freePort());
		registry.add("offline-auth.issuer", () -> Tokens.ISSUER);
		registry.add("offline-auth.audiences", () -> Tokens.AUDIENCE);
		registry.add("offline-auth.connectivity.probe-interval", () -> "20s");
	}

	@Test
	void everyTokenIs503KeysUnavailableWithRetryAfter() throws Exception {
		String token = Tokens.token(TestKey.rsa("any"), java.time.Instant.now()).sign();

		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "20"))
			.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.title").value("Service Unavailable"))
			.andExpect(jsonPath("$.code").value("keys_unavailable"));
	}

	@Test
	void healthIsDownWithoutAnyKey() throws Exception {
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.components.offlineAuth.status").value("DOWN"))
			.andExpect(jsonPath("$.components.offlineAuth.details.reason").value("keys_unavailable"))
			.andExpect(jsonPath("$.components.offlineAuth.details.keySource").value("none"));
	}

}
