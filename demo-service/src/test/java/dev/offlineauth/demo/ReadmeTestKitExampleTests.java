package dev.offlineauth.demo;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Testing your service" example is {@link NotesOfflineTests}, word for word, so it runs. */
class ReadmeTestKitExampleTests {

	private static final String INTRODUCTION = "This is one of the demo's tests";

	@Test
	void theReadmeShowsNotesOfflineTestsAsItIs() throws Exception {
		String readme = Files.readString(Path.of("../README.md"));
		String source = Files.readString(Path.of("src/test/java/dev/offlineauth/demo/NotesOfflineTests.java"));

		int introduction = readme.indexOf(INTRODUCTION);
		assertThat(introduction).as("the README introduces the example").isNotNegative();
		int start = readme.indexOf("```java\n", introduction) + "```java\n".length();
		String shown = readme.substring(start, readme.indexOf("\n```", start));
		String test = source.substring(source.indexOf('\n') + 1).strip().replace("\t", "    ");

		assertThat(shown.strip()).isEqualTo(test);
	}

}
