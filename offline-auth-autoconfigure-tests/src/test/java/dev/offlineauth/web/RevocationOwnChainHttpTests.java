package dev.offlineauth.web;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
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
import dev.offlineauth.test.Webhooks;
import dev.offlineauth.web.ownchain.OwnChainTestApplication;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The webhook in an application's own chain, added by {@code http.with(offlineAuth())} alone: no permit
 * rule for it, and CSRF left on (the application's default), yet FusionAuth gets through and tokens are
 * revoked.
 */
@SpringBootTest(classes = OwnChainTestApplication.class,
		properties = { "offline-auth.revocation.enabled=true", "offline-auth.revocation.webhook.signing-key-ids=webhook-key",
				"offline-auth.revocation.webhook.path=/hooks/fusionauth" })
@AutoConfigureMockMvc
class RevocationOwnChainHttpTests {

	private static final TestKey TOKEN_KEY = TestKey.rsa("token-key");

	private static final TestKey WEBHOOK_KEY = TestKey.rsa("webhook-key");

	private static final ScriptedFusionAuth FUSION_AUTH = new ScriptedFusionAuth();

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		FUSION_AUTH.serveKeys(TOKEN_KEY, WEBHOOK_KEY);
		FUSION_AUTH.register(registry);
	}

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@Test
	void fusionAuthReachesTheWebhookAndTheTokenIsRevoked() throws Exception {
		Instant now = Instant.now();
		String bearer = "Bearer " + Tokens.token(TOKEN_KEY, now.minusSeconds(5)).subject("own-chain-user").sign();
		this.mvc.perform(get("/api/items").header(HttpHeaders.AUTHORIZATION, bearer)).andExpect(status().isOk());
		String body = Webhooks.revokeUser("own-chain-user", now).without("tenantId").json();

		this.mvc.perform(post("/hooks/fusionauth").header("X-FusionAuth-Signature-JWT", Webhooks.sign(WEBHOOK_KEY, body))
			.contentType("application/json")
			.content(body)).andExpect(status().isOk());

		this.mvc.perform(get("/api/items").header(HttpHeaders.AUTHORIZATION, bearer))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("token_revoked"));
	}

	@Test
	void theWebhookIsPostOnlyThereToo() throws Exception {
		this.mvc.perform(get("/hooks/fusionauth")).andExpect(status().isMethodNotAllowed()).andExpect(header().string("Allow", "POST"));
	}

	@Test
	void anUnsignedPostIsRefusedByTheWebhookNotByCsrf() throws Exception {
		this.mvc.perform(post("/hooks/fusionauth").contentType("application/json").content("{}"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.status").value(401));
	}

}
