package dev.offlineauth.hostile;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.offlineauth.hostile.HostileTokenCorpus.HostileToken;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The hostile-token corpus through the HTTP layer: every case gets a 401 with a problem body; never a
 * 200, never a 500, never the token (or a piece of it) echoed back; and the attacker's server never
 * hears from the service.
 */
@SpringBootTest(classes = NotesTestApplication.class)
@AutoConfigureMockMvc
class HostileTokenHttpTests {

	private static final ScriptedFusionAuth FUSION_AUTH = new ScriptedFusionAuth();

	private static final ScriptedFusionAuth ATTACKER_SERVER = new ScriptedFusionAuth();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RefreshingKeyRingProvider keys;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		FUSION_AUTH.serveKeys(HostileTokenCorpus.TRUSTED_RSA, HostileTokenCorpus.TRUSTED_EC, HostileTokenCorpus.OTHER_TENANT);
		ATTACKER_SERVER.serveKeys(HostileTokenCorpus.ATTACKER);
		FUSION_AUTH.register(registry);
	}

	@AfterAll
	static void stop() {
		assertThat(ATTACKER_SERVER.allRequests()).as("requests the attacker's server received").isZero();
		FUSION_AUTH.close();
		ATTACKER_SERVER.close();
	}

	@BeforeEach
	void keysFetched() throws Exception {
		this.keys.refresh().get();
	}

	static Stream<HostileToken> corpus() {
		return HostileTokenCorpus.all(ATTACKER_SERVER.baseUrl().toString()).stream();
	}

	@Test
	void theCorpusHasAtLeastFiftyCases() {
		List<HostileToken> corpus = corpus().toList();

		assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
		assertThat(corpus).extracting(HostileToken::name).doesNotHaveDuplicates();
	}

	@Test
	void theSameShapeOfTokenWithNothingHostileIsServed() throws Exception {
		String valid = "Bearer " + HostileTokenCorpus.signed(HostileTokenCorpus.TRUSTED_RSA.privateKey(), "SHA256withRSA",
				"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"trusted-rsa\"}",
				"{\"iss\":\"acme.com\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"sub\":\"" + Tokens.SUBJECT + "\",\"iat\":"
						+ java.time.Instant.now().getEpochSecond() + ",\"exp\":"
						+ (java.time.Instant.now().getEpochSecond() + 600) + ",\"roles\":[\"user\"]}");

		assertThat(this.mvc.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, valid)).andReturn()
			.getResponse()
			.getStatus()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void isRefusedWithAProblemAndNeverEchoed(HostileToken hostile) throws Exception {
		MvcResult result = this.mvc
			.perform(get("/api/notes").header(HttpHeaders.AUTHORIZATION, "Bearer " + hostile.token()))
			.andReturn();

		String body = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(hostile.name()).isEqualTo(hostile.status());
		assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
		assertThat(body).contains("\"status\":" + hostile.status(), "\"code\":\"" + hostile.code() + "\"");
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer error=\"invalid_token\"");
		for (String part : hostile.token().split("\\.")) {
			if (part.length() >= 16) {
				assertThat(body).doesNotContain(part.substring(0, 16));
			}
		}
		assertThat(ATTACKER_SERVER.allRequests()).isZero();
	}

	static TestKey[] trustedKeys() {
		return new TestKey[] { HostileTokenCorpus.TRUSTED_RSA, HostileTokenCorpus.TRUSTED_EC };
	}

}
