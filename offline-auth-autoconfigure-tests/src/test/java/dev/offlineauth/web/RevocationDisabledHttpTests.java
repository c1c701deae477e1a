package dev.offlineauth.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.jwt.TokenRevocation;
import dev.offlineauth.revocation.RevocationWebhook;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.Webhooks;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Revocation is off by default: its path is then one more protected path, and nothing listens there. */
@SpringBootTest(classes = NotesTestApplication.class)
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
class RevocationDisabledHttpTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Test
	void theWebhookPathDoesNotExistWithoutRevocation() throws Exception {
		String body = Webhooks.revokeUser("someone", this.fusionAuth.clock().now()).json();

		this.mvc.perform(post(Webhooks.PATH).header("X-FusionAuth-Signature-JWT", Webhooks.sign(this.fusionAuth, body))
			.contentType("application/json")
			.content(body)).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("missing_token"));
		assertThat(this.context.getBeansOfType(RevocationWebhook.class)).isEmpty();
		assertThat(this.context.getBeansOfType(RevocationWebhookEndpoint.class)).isEmpty();
		assertThat(this.context.getBeansOfType(TokenRevocation.class)).isEmpty();
	}

}
