package dev.offlineauth.web;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code offline-auth.grace.allowed-methods} decides what a token in grace may do. FusionAuth goes away
 * once the service has its keys, so every expired token is in grace.
 */
@SpringBootTest(classes = NotesTestApplication.class, properties = "offline-auth.grace.allowed-methods=get, post")
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
class CustomGraceMethodsHttpTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@BeforeEach
	void fusionAuthDown() {
		this.fusionAuth.goOffline();
	}

	private String expired() {
		return "Bearer " + this.fusionAuth.token().expiredAgo(Duration.ofHours(1)).build();
	}

	@Test
	void theConfiguredMethodsAreAllowed() throws Exception {
		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, expired())).andExpect(status().isOk());
		this.mvc.perform(post("/api/notes").header(HttpHeaders.AUTHORIZATION, expired()).content("note"))
			.andExpect(status().isCreated());
	}

	@Test
	void otherMethodsAreNot() throws Exception {
		this.mvc.perform(head("/api/notes").header(HttpHeaders.AUTHORIZATION, expired()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("grace_read_only"));
	}

}
