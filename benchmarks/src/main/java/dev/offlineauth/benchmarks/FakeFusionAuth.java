package dev.offlineauth.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * FusionAuth as far as a resource server sees it, on a loopback port: {@code /.well-known/jwks.json}
 * (with a {@code Date} header), {@code /api/health} (the probe) and {@code /api/status}. It can be <em>blackholed</em>: connections are
 * still accepted and requests read, but never answered, which is what a hung FusionAuth, a paused
 * container or a dropped route looks like to a client; and brought back. Both answer at once on
 * {@code /control/blackhole} and {@code /control/online}, blackholed or not.
 *
 * <p>A raw socket server, one thread per connection, HTTP/1.1 with keep-alive: nothing in it can answer a
 * blackholed request by accident. Run it alone with
 * {@code java -cp benchmarks.jar dev.offlineauth.benchmarks.FakeFusionAuth <port> <jwks-file>}.
 */
public final class FakeFusionAuth implements AutoCloseable {

	private final ServerSocket socket;

	private final byte[] jwks;

	private final ExecutorService connections = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fake-fusionauth");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean blackholed;

	public FakeFusionAuth(int port, String jwks) throws IOException {
		this.jwks = jwks.getBytes(StandardCharsets.UTF_8);
		this.socket = new ServerSocket();
		this.socket.setReuseAddress(true);
		this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
		Thread acceptor = new Thread(this::accept, "fake-fusionauth-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("usage: FakeFusionAuth <port> <jwks-file>");
			System.exit(2);
		}
		try (FakeFusionAuth fake = new FakeFusionAuth(Integer.parseInt(args[0]), Files.readString(Path.of(args[1])))) {
			System.out.println("Fake FusionAuth on " + fake.baseUrl());
			Thread.currentThread().join();
		}
	}

	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.socket.getLocalPort());
	}

	public URI jwksUri() {
		return baseUrl().resolve("/.well-known/jwks.json");
	}

	public void blackhole(boolean blackholed) {
		this.blackholed = blackholed;
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket connection = this.socket.accept();
				this.connections.execute(() -> serve(connection));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			connection.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(connection.getInputStream());
			OutputStream out = connection.getOutputStream();
			String path;
			while ((path = readRequest(in)) != null) {
				if (path.startsWith("/control/")) {
					this.blackholed = path.equals("/control/blackhole");
					respond(out, 200, "text/plain", (this.blackholed ? "blackholed\n" : "online\n").getBytes(StandardCharsets.US_ASCII));
				}
				else if (this.blackholed) {
					// Accepted, read, never answered: hold the connection until the client gives up.
					while (in.read() != -1) {
						// discard
					}
					return;
				}
				else if (path.startsWith("/.well-known/jwks.json")) {
					respond(out, 200, "application/json", this.jwks);
				}
				else if (path.startsWith("/api/health")) {
					// FusionAuth's probe endpoint, which offline-auth asks by default: 200 and no body.
					respond(out, 200, "text/plain", new byte[0]);
				}
				else if (path.startsWith("/api/status")) {
					respond(out, 200, "application/json", "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII));
				}
				else {
					respond(out, 404, "text/plain", new byte[0]);
				}
			}
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

	/** Reads one request's head, returning its path, or {@code null} at the end of the connection. */
	private static String readRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		int c;
		while ((c = in.read()) != -1) {
			head.append((char) c);
			int length = head.length();
			if (length >= 4 && head.charAt(length - 1) == '\n' && head.charAt(length - 2) == '\r'
					&& head.charAt(length - 3) == '\n' && head.charAt(length - 4) == '\r') {
				String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
				return (requestLine.length >= 2) ? requestLine[1] : "/";
			}
			if (length > 16_384) {
				return null;
			}
		}
		return null;
	}

	private static void respond(OutputStream out, int status, String contentType, byte[] body) throws IOException {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
		String head = "HTTP/1.1 " + status + ((status == 200) ? " OK" : " Not Found") + "\r\nDate: " + date
				+ "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
				+ "\r\nConnection: keep-alive\r\n\r\n";
		out.write(head.getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.connections.shutdownNow();
	}

}
