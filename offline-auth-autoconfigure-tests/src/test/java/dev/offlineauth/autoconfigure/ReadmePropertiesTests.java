package dev.offlineauth.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's property table lists every property the configuration metadata has, and no other. */
class ReadmePropertiesTests {

	@Test
	void everyPropertyIsDocumentedInTheReadme() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		List<String> properties = new ArrayList<>();
		metadata.get("properties").forEach((property) -> properties.add(property.get("name").asString()));
		String readme = Files.readString(Path.of("../README.md"));
		List<String> documented = readme.lines()
			.filter((line) -> line.startsWith("| `offline-auth."))
			.map((line) -> line.substring(3, line.indexOf('`', 3)))
			.toList();

		assertThat(properties).hasSizeGreaterThanOrEqualTo(23);
		assertThat(documented).containsExactlyInAnyOrderElementsOf(properties);
		for (Map.Entry<String, String> entry : Map.of("offline-auth.grace.period", "`24h`", "offline-auth.max-offline",
				"`7d`", "offline-auth.clock-skew", "`60s`", "offline-auth.jwks.refresh-interval", "`15m`",
				"offline-auth.jwks.min-refetch-interval", "`30s`", "offline-auth.jwks.max-response-size", "`64KB`")
			.entrySet()) {
			assertThat(readme).contains("| `" + entry.getKey() + "` | " + entry.getValue() + " |");
		}
	}

}
