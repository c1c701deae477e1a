package dev.offlineauth.test.app;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A {@code @WebMvcTest} slice gets offline-auth whole: its decoder, its filter chain and its problem answers. */
@WebMvcTest(NotesController.class)
@AutoConfigureFakeFusionAuth
class WebMvcSliceTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JwtDecoder decoder;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Test
	void theSliceUsesOfflineAuthsDecoder() {
		assertThat(this.decoder).isInstanceOf(OfflineJwtDecoder.class);
	}

	@Test
	void withoutATokenTheAnswerIsAProblem() throws Exception {
		this.mvc.perform(get("/api/notes"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.code").value("missing_token"));
	}

	@Test
	void aFreshTokenIsAccepted() throws Exception {
		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, "Bearer " + this.fusionAuth.token().build()))
			.andExpect(status().isOk());
	}

	@Test
	void offlineAnExpiredTokenReadsInGraceAndMayNotWrite() throws Exception {
		String token = "Bearer " + this.fusionAuth.token().expiredAgo(Duration.ofHours(2)).build();

		this.fusionAuth.goOffline();

		this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, token))
			.andExpect(status().isOk())
			.andExpect(header().string("Offline-Auth-Status", "grace"));
		this.mvc.perform(post("/api/notes").header(HttpHeaders.AUTHORIZATION, token).content("a note"))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.code").value("grace_read_only"));
	}

}
