package dev.offlineauth.hostile;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.offlineauth.hostile.HostileTokenCorpus.HostileToken;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth.KeyType;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The hostile-token corpus through the HTTP layer: every case gets a 401 with a problem body; never a
 * 200, never a 500, never the token (or a piece of it) echoed back; and the attacker's server never
 * hears from the service. The trusted keys are those the fake FusionAuth publishes.
 */
@SpringBootTest(classes = NotesTestApplication.class,
		properties = { "offline-auth.issuer=" + Tokens.ISSUER, "offline-auth.audiences=" + Tokens.AUDIENCE })
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTokenHttpTests {

	private static final ScriptedFusionAuth ATTACKER_SERVER = new ScriptedFusionAuth();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FakeFusionAuth fusionAuth;

	private TestKey trustedRsa;

	private List<HostileToken> corpus;

	private String valid;

	@BeforeAll
	void corpusOfTheFakesKeys() {
		// Another key in the same JWKS: the one signed with before a rotation, still published beside the new one.
		TestKey otherTenant = TestKey.current(this.fusionAuth, KeyType.RSA);
		this.fusionAuth.rotateKey();
		this.trustedRsa = TestKey.current(this.fusionAuth, KeyType.RSA);
		TestKey trustedEc = TestKey.current(this.fusionAuth, KeyType.EC);
		Instant now = this.fusionAuth.clock().now();
		this.corpus = HostileTokenCorpus.all(this.trustedRsa, trustedEc, otherTenant, now,
				ATTACKER_SERVER.baseUrl().toString());
		this.valid = HostileTokenCorpus.valid(this.trustedRsa, trustedEc, otherTenant, now);
	}

	@AfterAll
	static void stop() {
		assertThat(ATTACKER_SERVER.allRequests()).as("requests the attacker's server received").isZero();
		ATTACKER_SERVER.close();
	}

	Stream<HostileToken> corpus() {
		return this.corpus.stream();
	}

	@Test
	void theCorpusHasAtLeastFiftyCases() {
		List<HostileToken> corpus = corpus().toList();

		assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
		assertThat(corpus).extracting(HostileToken::name).doesNotHaveDuplicates();
	}

	@Test
	void theSameShapeOfTokenWithNothingHostileIsServed() throws Exception {
		String valid = "Bearer " + this.valid;

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

}
