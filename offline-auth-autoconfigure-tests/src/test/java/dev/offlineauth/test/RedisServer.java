package dev.offlineauth.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} of this machine, started by the test on a free loopback port, without
 * persistence, and stopped by it (also when the JVM exits, whatever happened). CI installs Debian's
 * {@code redis-server} ({@code .ci/run}); elsewhere, without it, the tests that need it are skipped, saying
 * why. In CI ({@code CI=true}) a missing binary fails them instead: a skipped test there would hide that the
 * Redis cases never ran.
 */
public final class RedisServer implements AutoCloseable {

	private final Path binary;

	private final int port;

	private Process process;

	private RedisServer(Path binary, int port) {
		this.binary = binary;
		this.port = port;
	}

	/** Starts a server, or skips the calling test (outside CI) when {@code redis-server} is not installed. */
	public static RedisServer start() {
		Optional<Path> binary = find();
		if (binary.isEmpty()) {
			String reason = "redis-server is not installed (apt-get install -y redis-server; .ci/run does it)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(reason + ": in CI the Redis tests must run");
			}
			Assumptions.abort(reason);
		}
		RedisServer server = new RedisServer(binary.get(), ScriptedFusionAuth.freePort());
		server.startAgain();
		return server;
	}

	private static Optional<Path> find() {
		String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator
				+ "/usr/local/bin" + File.pathSeparator + "/usr/sbin";
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, "redis-server");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	public int port() {
		return this.port;
	}

	/** Starts (again) on the same port, with nothing in it: Redis without persistence, back after a crash. */
	public synchronized void startAgain() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		try {
			this.process = new ProcessBuilder(List.of(this.binary.toString(), "--port", Integer.toString(this.port),
					"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			Process started = this.process;
			Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + this.binary, ex);
		}
		Process running = this.process;
		try {
			Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> !running.isAlive() || "+PONG".equals(command("PING")));
		}
		catch (ConditionTimeoutException ex) {
			// Falls through to the check below.
		}
		if (!running.isAlive() || !"+PONG".equals(command("PING"))) {
			stop();
			throw new IllegalStateException("redis-server did not answer on port " + this.port);
		}
	}

	/** Stops the server: connections are refused until {@link #startAgain()}. */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Sends one inline command (RESP inline syntax, no quoting) and returns the first line of the reply, or
	 * {@code null} if the server cannot be reached.
	 */
	public String command(String command) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
				line.append((char) c);
			}
			if (line.length() > 0 && line.charAt(0) == '$' && !line.toString().equals("$-1")) {
				in.read();
				StringBuilder value = new StringBuilder();
				for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
					value.append((char) c);
				}
				return value.toString();
			}
			return line.toString();
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	public void close() {
		stop();
	}

}
