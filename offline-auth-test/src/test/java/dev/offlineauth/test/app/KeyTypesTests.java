package dev.offlineauth.test.app;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth.KeyType;
import dev.offlineauth.test.WireAccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Tokens of every key type the fake signs with are accepted by offline-auth, fresh and from the fake's JWKS. */
@SpringBootTest(classes = KitTestApplication.class)
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
class KeyTypesTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@ParameterizedTest
	@CsvSource({ "RSA, RS256", "EC, ES256", "ED25519, Ed25519" })
	void aTokenOfEachKeyTypeIsAccepted(KeyType keyType, String algorithm) throws Exception {
		String token = this.fusionAuth.token().keyType(keyType).build();

		assertThat(WireAccess.header(token)).containsEntry("alg", algorithm).containsEntry("typ", "JWT");
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.tokenStatus").value("fresh"))
			.andExpect(jsonPath("$.keySource").value("remote"));
	}

}
