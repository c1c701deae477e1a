package dev.offlineauth.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the demo's JDK-only tools ({@code java demo-service/tools/<tool>}) as a newcomer would, from
 * this module's directory where Maven runs the tests, and returns what it prints.
 */
final class DemoTools {

	private DemoTools() {
	}

	/**
	 * Runs {@code java demo-service/tools/MintToken.java} and returns the token it prints.
	 * @param arguments the command's arguments
	 */
	static String mint(String... arguments) {
		return run("MintToken.java", arguments);
	}

	/**
	 * @param tool the file under {@code tools/}
	 * @param arguments the README's arguments
	 * @param more arguments the test adds (the demo's random port)
	 */
	static String run(String tool, String[] arguments, String... more) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("tools/" + tool);
		command.addAll(List.of(arguments));
		command.addAll(List.of(more));
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(tool + " did not finish: " + command);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(tool + " failed (exit " + process.exitValue() + "): " + command + "\n" + output);
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
