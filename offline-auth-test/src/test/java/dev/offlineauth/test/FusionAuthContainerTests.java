package dev.offlineauth.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What FusionAuthContainer decides without Docker: the images it runs and what it reads from a kickstart. */
class FusionAuthContainerTests {

	@Test
	void itRunsTheFusionAuthAndPostgresqlVersionsDockerComposeRuns() throws Exception {
		Map<String, Map<String, Map<String, Object>>> compose = new Yaml().load(Files.readString(Path.of("../docker-compose.yml")));

		assertThat(FusionAuthContainer.DEFAULT_IMAGE).isEqualTo(compose.get("services").get("fusionauth").get("image"));
		assertThat(FusionAuthContainer.DATABASE_IMAGE).isEqualTo(compose.get("services").get("db").get("image"));
	}

	@Test
	void theApiKeyIsTheKickstartsFirstWithItsVariablesResolved() throws Exception {
		try (FusionAuthContainer container = new FusionAuthContainer().withKickstart(Path.of("../kickstart/kickstart.json"))) {
			assertThat(container.getApiKey()).isEqualTo("offline-auth-demo-api-key-publicly-known-0f3a9c2e7b514d6a");
			assertThat(container.getEnvMap()).containsEntry("FUSIONAUTH_APP_KICKSTART_FILE",
					"/usr/local/fusionauth/kickstart/kickstart.json");
		}
	}

	@Test
	void aKickstartResolvesEveryReferenceItDefines() {
		Kickstart kickstart = Kickstart.parse("{\"variables\":{\"a\":\"1\",\"b\":\"$2\"},\"apiKeys\":[{\"key\":\"k-#{a}-#{b}-#{c}\"}]}",
				"test");

		assertThat(kickstart.apiKey()).isEqualTo("k-1-$2-#{c}");
		assertThat(kickstart.variable("b")).isEqualTo("$2");
	}

	@Test
	void aKickstartMissingFromTheClasspathIsNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FusionAuthContainer().withKickstart("no/such/kickstart.json"))
			.withMessageContaining("no/such/kickstart.json");
	}

}
