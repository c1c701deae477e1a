package dev.offlineauth.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/** What a client of the fake sees on the wire, looked at from outside the service. */
public final class WireAccess {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private WireAccess() {
	}

	public static HttpResponse<String> get(URI base, String path) {
		try {
			return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Whether connecting to the fake's port is refused (nothing listens). */
	public static boolean refused(URI base) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 2000);
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
	}

	/** Whether a connection is accepted and a request gets not a single byte back within the wait. */
	public static boolean acceptedAndSilent(URI base, Duration wait) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 2000);
			socket.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: fake\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.setSoTimeout((int) wait.toMillis());
			InputStream in = socket.getInputStream();
			try {
				in.read();
				return false;
			}
			catch (SocketTimeoutException ex) {
				return true;
			}
		}
	}

	/** An HTTP date (IMF-fixdate), as a server sends it. */
	public static String httpDate(Instant instant) {
		return HTTP_DATE.format(instant);
	}

	public static Map<String, Object> header(String token) throws Exception {
		return part(token, 0);
	}

	public static Map<String, Object> claims(String token) throws Exception {
		return part(token, 1);
	}

	private static Map<String, Object> part(String token, int index) throws Exception {
		return JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
	}

}
