package dev.offlineauth.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.test.AccessTokenBuilder;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.ownchain.OwnChainTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** An application's own chain with {@code http.with(offlineAuth())}: the same answers as the default chain. */
@SpringBootTest(classes = OwnChainTestApplication.class)
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
class OwnFilterChainHttpTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Test
	void theApplicationsChainIsTheOnlyOne() {
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("api");
	}

	@Test
	void aValidTokenIsServed() throws Exception {
		this.mvc.perform(get("/api/items").header(HttpHeaders.AUTHORIZATION, bearer(this.fusionAuth.token().roles("user"))))
			.andExpect(status().isOk());
	}

	@Test
	void aMissingTokenIsAProblem() throws Exception {
		this.mvc.perform(get("/api/items"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(jsonPath("$.code").value("missing_token"));
	}

	@Test
	void aBadTokenIsAProblem() throws Exception {
		this.mvc.perform(get("/api/items").header(HttpHeaders.AUTHORIZATION, "Bearer eyJhbGciOiJub25lIn0.e30."))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.code").value("invalid_token"));
	}

	@Test
	void theApplicationsRulesStillDecideAndTheirRefusalIsAProblemToo() throws Exception {
		this.mvc
			.perform(get("/api/admin/report").header(HttpHeaders.AUTHORIZATION, bearer(this.fusionAuth.token().roles("user"))))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"insufficient_scope\", error_description=\"The token does not grant access to this resource.\""))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.code").value("insufficient_scope"));
		this.mvc
			.perform(get("/api/admin/report")
				.header(HttpHeaders.AUTHORIZATION, bearer(this.fusionAuth.token().roles("admin"))))
			.andExpect(status().isOk());
	}

	@Test
	void theReadOnlyRuleHoldsInTheApplicationsChain() throws Exception {
		String expired = "Bearer " + this.fusionAuth.token().roles("user").expiredAgo(Duration.ofHours(1)).build();
		try {
			this.fusionAuth.goOffline();

			this.mvc.perform(get("/api/items").header(HttpHeaders.AUTHORIZATION, expired))
				.andExpect(status().isOk())
				.andExpect(header().string("Offline-Auth-Status", "grace"));
			this.mvc.perform(get("/api/export").header(HttpHeaders.AUTHORIZATION, expired))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.code").value("grace_read_only"));
			this.mvc.perform(get("/api/export").header(HttpHeaders.AUTHORIZATION, bearer(this.fusionAuth.token().roles("user"))))
				.andExpect(status().isOk());
			this.mvc.perform(post("/api/items").header(HttpHeaders.AUTHORIZATION, expired))
				.andExpect(status().isForbidden())
				.andExpect(header().string("Offline-Auth-Status", "grace"))
				.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
						org.hamcrest.Matchers.startsWith("Bearer error=\"insufficient_scope\"")))
				.andExpect(jsonPath("$.code").value("grace_read_only"));
		}
		finally {
			this.fusionAuth.goOnline();
		}
		this.mvc.perform(get("/api/items").header(HttpHeaders.AUTHORIZATION, expired))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("token_expired"));
	}

	@Test
	void theApplicationsOpenPathsStayOpen() throws Exception {
		this.mvc.perform(get("/public/ping")).andExpect(status().isOk());
	}

	private static String bearer(AccessTokenBuilder token) {
		return "Bearer " + token.build();
	}

}
