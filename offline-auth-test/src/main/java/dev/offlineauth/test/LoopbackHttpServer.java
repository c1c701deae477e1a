package dev.offlineauth.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on a raw socket bound to the loopback address. It exists because a fake
 * FusionAuth must send exactly the headers it is told to: the JDK's {@code HttpServer} replaces any
 * {@code Date} header a handler sets with its own, so it cannot play a FusionAuth whose clock is wrong, or
 * one that sends no {@code Date} at all.
 *
 * <p>It answers one request per connection ({@code Connection: close}, so a client never reuses a
 * connection across an outage), and on the same port it can answer, refuse connections (nothing listens:
 * connection refused), or accept them and never answer (a hung server).
 *
 * <p>Thread-safe: modes change under a lock; each connection is served on a daemon thread of its own.
 */
final class LoopbackHttpServer implements AutoCloseable {

	private static final int MAX_HEAD_BYTES = 16 * 1024;

	private static final int MAX_BODY_BYTES = 1024 * 1024;

	private static final int READ_TIMEOUT_MILLIS = 10_000;

	private static final int ACCEPTOR_EXIT_MILLIS = 5_000;

	private final Handler handler;

	private final ExecutorService workers;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Set<Socket> held = ConcurrentHashMap.newKeySet();

	private final int port;

	private Listener listening;

	private volatile boolean silent;

	private boolean closed;

	/**
	 * Starts answering at once, on a free loopback port.
	 * @param handler answers each request
	 */
	LoopbackHttpServer(Handler handler) {
		this.handler = handler;
		AtomicInteger threads = new AtomicInteger();
		this.workers = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "fake-fusionauth-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.listening = listen(0);
		this.port = this.listening.socket().getLocalPort();
	}

	/** The server's address, {@code http://127.0.0.1:port}, the same in every mode. */
	URI uri() {
		try {
			return new URI("http", null, InetAddress.getLoopbackAddress().getHostAddress(), this.port, null, null, null);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Answers requests again (listening on the same port if it had stopped); held connections are closed. */
	synchronized void answer() {
		ensureListening();
		this.silent = false;
		closeAll(this.held);
	}

	/** Nothing listens on the port any more, and every open connection is closed: connection refused. */
	synchronized void refuse() {
		this.silent = false;
		closeListening();
		closeAll(this.open);
	}

	/** Accepts connections and never answers on them, until the mode changes. */
	synchronized void holdSilently() {
		ensureListening();
		this.silent = true;
	}

	/** How many accepted connections are held unanswered, until the mode changes. */
	int heldConnections() {
		return this.held.size();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		refuse();
		this.workers.shutdownNow();
	}

	private void ensureListening() {
		if (this.closed) {
			throw new IllegalStateException("The server is closed");
		}
		if (this.listening == null) {
			this.listening = listen(this.port);
		}
	}

	private Listener listen(int port) {
		ServerSocket socket = null;
		try {
			socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new UncheckedIOException("Could not listen on loopback port " + port
					+ ((port != 0) ? " again: another process took it while the server was not listening" : ""), ex);
		}
		ServerSocket accepting = socket;
		Thread acceptor = new Thread(() -> accept(accepting), "fake-fusionauth-acceptor-" + accepting.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
		return new Listener(socket, acceptor);
	}

	private void closeListening() {
		if (this.listening == null) {
			return;
		}
		closeQuietly(this.listening.socket());
		// The JDK closes a server socket for good only once the thread blocked in accept() has left it; until
		// then a connection may still be accepted, and "offline" would not be.
		try {
			this.listening.acceptor().join(ACCEPTOR_EXIT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.listening = null;
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			Socket connection;
			try {
				connection = socket.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.open.add(connection);
			if (this.silent) {
				// Neither read nor answered: the client waits until its own timeout, or until the mode changes.
				this.held.add(connection);
				continue;
			}
			try {
				this.workers.execute(() -> serve(connection));
			}
			catch (RuntimeException ex) {
				forget(connection);
			}
		}
	}

	private void serve(Socket connection) {
		try {
			connection.setSoTimeout(READ_TIMEOUT_MILLIS);
			Request request = readRequest(connection.getInputStream());
			if (request != null) {
				write(connection.getOutputStream(), request, this.handler.handle(request));
			}
		}
		catch (IOException ex) {
			// The client went away, or the mode changed under it: nothing to answer.
		}
		finally {
			forget(connection);
		}
	}

	private static Request readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int next = in.read();
			if (next < 0 || head.size() >= MAX_HEAD_BYTES) {
				return null;
			}
			head.write(next);
			matched = (next == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
		String[] requestLine = lines[0].split(" ");
		if (requestLine.length != 3) {
			return null;
		}
		long contentLength = 0;
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
				try {
					contentLength = Long.parseLong(lines[i].substring(colon + 1).trim());
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
		}
		if (contentLength < 0 || contentLength > MAX_BODY_BYTES) {
			return null;
		}
		// Read the body (unused) so that closing the connection after answering does not reset it.
		in.readNBytes((int) contentLength);
		String target = requestLine[1];
		int query = target.indexOf('?');
		return new Request(requestLine[0].toUpperCase(Locale.ROOT), (query >= 0) ? target.substring(0, query) : target);
	}

	private static void write(OutputStream out, Request request, Response response) throws IOException {
		StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status())
			.append(' ')
			.append(reason(response.status()))
			.append("\r\n");
		response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("Content-Length: ").append(response.body().length).append("\r\n");
		head.append("Connection: close\r\n\r\n");
		out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		if (!"HEAD".equals(request.method())) {
			out.write(response.body());
		}
		out.flush();
	}

	private static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			default -> "Status";
		};
	}

	private void forget(Socket connection) {
		this.open.remove(connection);
		this.held.remove(connection);
		closeQuietly(connection);
	}

	private void closeAll(Set<Socket> connections) {
		for (Socket connection : connections) {
			forget(connection);
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing is best effort: the socket is unusable either way.
		}
	}

	private record Listener(ServerSocket socket, Thread acceptor) {
	}

	/** Answers one request. */
	@FunctionalInterface
	interface Handler {

		Response handle(Request request);

	}

	/**
	 * A request, as far as the server reads it.
	 *
	 * @param method the method, upper case
	 * @param path the path, without the query
	 */
	record Request(String method, String path) {
	}

	/**
	 * An answer, sent exactly as given, plus {@code Content-Length} and {@code Connection: close}.
	 *
	 * @param status the status code
	 * @param headers the headers, in order
	 * @param body the body
	 */
	record Response(int status, Map<String, String> headers, byte[] body) {
	}

}
