package dev.offlineauth.test.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code revoke(userId)}: FusionAuth revoking a user's refresh tokens and telling the service through its
 * signed webhook, as a real application context with revocation on receives it.
 */
class RevokeTests {

	private static final String ALICE = "5f0c6a1e-2b7d-4c3e-9a8f-1e2d3c4b5a69";

	private static final String BOB = "0b7c61a2-8d1e-4f3a-b5c6-9d8e7f6a5b4c";

	@Nested
	@SpringBootTest(classes = KitTestApplication.class, properties = "offline-auth.revocation.enabled=true")
	@AutoConfigureMockMvc
	@AutoConfigureFakeFusionAuth
	class InAMockWebEnvironment {

		@Autowired
		private MockMvc mvc;

		@Autowired
		private FakeFusionAuth fusionAuth;

		@Test
		void theUsersTokensIssuedBeforeAreRefusedAndOthersPass() throws Exception {
			String alice = this.fusionAuth.token().subject(ALICE).build();
			String bob = this.fusionAuth.token().subject(BOB).build();
			read(alice).andExpect(status().isOk());

			this.fusionAuth.revoke(ALICE);

			read(alice).andExpect(status().isUnauthorized())
				.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
						"Bearer error=\"invalid_token\", error_description=\"The bearer token has been revoked.\""))
				.andExpect(jsonPath("$.code").value("token_revoked"));
			read(bob).andExpect(status().isOk());
			this.fusionAuth.clock().advance(Duration.ofSeconds(1));
			// A token issued after the revocation.
			read(this.fusionAuth.token().subject(ALICE).build()).andExpect(status().isOk());
		}

		@Test
		void theWebhookKeyOutlivesARotation() throws Exception {
			String alice = this.fusionAuth.token().subject(ALICE).build();

			this.fusionAuth.rotateKey();
			this.fusionAuth.revoke(ALICE);

			read(alice).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("token_revoked"));
		}

		private ResultActions read(String token) throws Exception {
			return this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
		}

	}

	@Nested
	@SpringBootTest(classes = KitTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "offline-auth.revocation.enabled=true")
	@AutoConfigureFakeFusionAuth
	class OnARealPort {

		private final HttpClient client = HttpClient.newHttpClient();

		@LocalServerPort
		private int port;

		@Autowired
		private FakeFusionAuth fusionAuth;

		@Test
		void theEventGoesThroughTheWebhookEndpoint() throws Exception {
			String alice = this.fusionAuth.token().subject(ALICE).build();
			assertThat(read(alice).statusCode()).isEqualTo(200);

			this.fusionAuth.revoke(ALICE);

			HttpResponse<String> refused = read(alice);
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.body()).contains("\"code\":\"token_revoked\"");
			assertThat(read(this.fusionAuth.token().subject(BOB).build()).statusCode()).isEqualTo(200);
		}

		private HttpResponse<String> read(String token) throws Exception {
			return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/me"))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

	@Nested
	@SpringBootTest(classes = KitTestApplication.class)
	@AutoConfigureFakeFusionAuth
	class WithRevocationOff {

		@Autowired
		private FakeFusionAuth fusionAuth;

		@Test
		void revokeSaysWhatIsMissing() {
			assertThatIllegalStateException().isThrownBy(() -> this.fusionAuth.revoke(ALICE))
				.withMessageContaining("offline-auth.revocation.enabled=true");
		}

	}

	@Test
	void withoutTheAnnotationRevokeSaysWhatIsMissing() {
		try (FakeFusionAuth standalone = new FakeFusionAuth()) {
			assertThatIllegalStateException().isThrownBy(() -> standalone.revoke(ALICE))
				.withMessageContaining("@AutoConfigureFakeFusionAuth");
		}
	}

}
