package dev.offlineauth.web;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code offline-auth.grace.allowed-methods} decides what a token in grace may do. Keys come from the
 * bundle and FusionAuth never answers, so every expired token is in grace.
 */
@SpringBootTest(classes = NotesTestApplication.class)
@AutoConfigureMockMvc
class CustomGraceMethodsHttpTests {

	private static final TestKey KEY = TestKey.rsa("custom-methods-key");

	private static final ScriptedFusionAuth DOWN = new ScriptedFusionAuth();

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		java.nio.file.Path bundle = java.nio.file.Files.createTempFile("jwks", ".json");
		java.nio.file.Files.writeString(bundle, TestKey.jwks(KEY));
		registry.add("offline-auth.jwks.bundled", () -> bundle.toUri().toString());
		registry.add("offline-auth.fusionauth.base-url", () -> DOWN.baseUrl().toString());
		registry.add("offline-auth.issuer", () -> Tokens.ISSUER);
		registry.add("offline-auth.audiences", () -> Tokens.AUDIENCE);
		registry.add("offline-auth.grace.allowed-methods", () -> "get, post");
	}

	@BeforeAll
	static void fusionAuthDown() {
		DOWN.stop();
	}

	@AfterAll
	static void close() {
		DOWN.close();
	}

	private static String expired() {
		return "Bearer " + Tokens.token(KEY, Instant.now().minus(Duration.ofHours(2)))
			.expiresAt(Instant.now().minus(Duration.ofHours(1)))
			.sign();
	}

	@Test
	void theConfiguredMethodsAreAllowed() throws Exception {
		org.awaitility.Awaitility.await()
			.untilAsserted(() -> this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, expired()))
				.andExpect(status().isOk()));
		this.mvc.perform(post("/api/notes").header(HttpHeaders.AUTHORIZATION, expired()).content("note"))
			.andExpect(status().isCreated());
	}

	@Test
	void otherMethodsAreNot() throws Exception {
		org.awaitility.Awaitility.await()
			.untilAsserted(() -> this.mvc.perform(head("/api/notes").header(HttpHeaders.AUTHORIZATION, expired()))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.code").value("grace_read_only")));
	}

}
