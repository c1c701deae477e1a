package dev.offlineauth.demo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's token command, as a newcomer runs it. */
class MintTokenTests {

	@Test
	void helpPrintsTheUsage() {
		String help = DemoTools.mint("--help");

		assertThat(help).startsWith("usage: java demo-service/tools/MintToken.java")
			.contains("--expired", "--ttl", "--roles", "--sub", "--iss", "--aud", "--key");
	}

	@Test
	void byDefaultATokenCarriesTheDemosIssuerAndApplication() {
		JsonNode claims = claims(DemoTools.mint());

		assertThat(claims.get("iss").asString()).isEqualTo("offline-auth.demo");
		assertThat(claims.get("aud").asString()).isEqualTo("8bc10a62-b8f3-4856-9b97-e88c7eee510f");
	}

	@Test
	void issuerAndAudienceCanBeYourOwn() {
		JsonNode claims = claims(DemoTools.mint("--iss", "acme.com", "--aud", "3c219e58-ed0e-4b18-ad48-f4f92793ae32"));

		assertThat(claims.get("iss").asString()).isEqualTo("acme.com");
		assertThat(claims.get("aud").asString()).isEqualTo("3c219e58-ed0e-4b18-ad48-f4f92793ae32");
		assertThat(claims.get("applicationId").asString()).isEqualTo("3c219e58-ed0e-4b18-ad48-f4f92793ae32");
	}

	private static JsonNode claims(String token) {
		return JsonMapper.builder()
			.build()
			.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
	}

}
