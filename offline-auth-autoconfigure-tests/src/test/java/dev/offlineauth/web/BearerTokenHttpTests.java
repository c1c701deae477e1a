package dev.offlineauth.web;

import java.time.Duration;

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
@AutoConfigureFakeFusionAuth
class BearerTokenHttpTests {

	private static final String USER = "00000000-0000-0000-0000-000000000001";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private Connectivity connectivity;

	@BeforeEach
	void fusionAuthAnswered() {
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
	}

	@Test
	void aValidTokenIsServed() throws Exception {
		String token = this.fusionAuth.token().subject(USER).roles("user").build();

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, bearer(token)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.sub").value(USER))
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
		// The kid of a key the service trusts, and the signature of another token.
		String[] parts = this.fusionAuth.token().build().split("\\.");
		String token = parts[0] + "." + parts[1] + "." + this.fusionAuth.token().build().split("\\.")[2];

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
		String token = this.fusionAuth.token().expiredAgo(Duration.ofSeconds(120)).build();

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

}
