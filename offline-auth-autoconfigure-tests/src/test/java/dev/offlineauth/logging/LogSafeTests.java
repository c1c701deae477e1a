package dev.offlineauth.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTests {

	@Test
	void lineBreaksCannotStartAForgedLine() {
		String forged = "key-1\n2030-01-01T00:00:00Z ERROR 1 --- [main] dev.offlineauth : forged\r\nmore";

		String safe = LogSafe.of(forged);

		assertThat(safe).doesNotContain("\n", "\r").contains("key-1\\n2030", "forged\\r\\nmore");
	}

	@Test
	void controlAndInvisibleCharactersAreEscaped() {
		assertThat(LogSafe.of("a\u001b[31mred\u0000\u007f\u0085\u2028\u202eb")).isEqualTo(
				"a\\u001b[31mred\\u0000\\u007f\\u0085\\u2028\\u202eb");
		assertThat(LogSafe.of("tab\there")).isEqualTo("tab\\there");
		assertThat(LogSafe.of("back\\slash")).isEqualTo("back\\\\slash");
	}

	@Test
	void printableTextIsKeptAsItIs() {
		assertThat(LogSafe.of("kid-ÅÉ_01:ok")).isEqualTo("kid-ÅÉ_01:ok");
		assertThat(LogSafe.quoted("acme.com")).isEqualTo("'acme.com'");
		assertThat(LogSafe.quoted(null)).isEqualTo("(none)");
	}

	@Test
	void longValuesAreCappedAndSayHowMuchWasLeftOut() {
		String safe = LogSafe.of("x".repeat(10_000));

		assertThat(safe).startsWith("x".repeat(LogSafe.MAX_LENGTH)).endsWith("...(" + (10_000 - LogSafe.MAX_LENGTH) + " more)");
		assertThat(safe.length()).isLessThan(LogSafe.MAX_LENGTH + 20);
	}

}
