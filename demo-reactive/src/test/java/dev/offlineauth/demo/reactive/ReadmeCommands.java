package dev.offlineauth.demo.reactive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command of the README's walkthrough ({@code java demo-service/tools/...}) as written, from the
 * repository root where the README is read, and returns what it prints. The tools are demo-service's: the
 * two demos share the demo key and the bundled JWKS.
 */
final class ReadmeCommands {

	private static final Path REPOSITORY_ROOT = Path.of("..");

	private ReadmeCommands() {
	}

	/**
	 * @param readmeCommand the command as the README prints it, starting with {@code java }
	 * @param more arguments the test adds (the demo's random port)
	 */
	static String run(String readmeCommand, String... more) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of(readmeCommand.substring("java ".length()).split(" ")));
		command.addAll(List.of(more));
		try {
			Process process = new ProcessBuilder(command).directory(REPOSITORY_ROOT.toFile())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Did not finish: " + command);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Failed: " + command);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
