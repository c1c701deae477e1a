package dev.offlineauth.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.app.NotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that are refused before any token is looked at, sent byte for byte to a real Tomcat (a client
 * library would normalize them): Spring Security's firewall, and the error path asked for directly. Each
 * gets a problem answer with a valid token too, never {@code missing_token} and never a 500.
 */
@SpringBootTest(classes = NotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureFakeFusionAuth
class RequestRefusalHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FakeFusionAuth fusionAuth;

	private String validToken() {
		return this.fusionAuth.token().build();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "TRACE", "FOO", "get", "PROPFIND" })
	void aMethodTheFirewallRefusesIs405InvalidRequest(String method) throws IOException {
		Answer answer = send(method + " /api/notes HTTP/1.1", validToken());

		assertThat(answer.status()).isEqualTo(405);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		// Tomcat refuses TRACE itself and tells which methods the resource allows; the firewall tells its own.
		assertThat(answer.header("Allow")).isNotBlank().doesNotContain("TRACE", method);
		assertThat(answer.body()).contains("\"status\":405", "\"code\":\"invalid_request\"");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/notes;x=1", "/api/../api/notes", "/api/%2e%2e/api/notes", "/api/%3bx/notes",
			"/api//notes" })
	void aPathTheFirewallRefusesIs400InvalidRequest(String path) throws IOException {
		Answer answer = send("GET " + path + " HTTP/1.1", validToken());

		assertThat(answer.status()).as(answer.toString()).isIn(400);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_request\"");
		assertThat(answer.body()).contains("\"status\":400", "\"code\":\"invalid_request\"");
	}

	@Test
	void theErrorPathAskedForDirectlyIsAProblemWithOrWithoutAToken() throws IOException {
		for (String token : new String[] { validToken(), null }) {
			Answer answer = send("GET /error HTTP/1.1", token);

			assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
			assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
			assertThat(answer.body()).contains("\"code\":\"invalid_request\"").doesNotContain("999");
		}
	}

	@Test
	void anUnknownPathWithAValidTokenIsStill404NotAnAuthenticationProblem() throws IOException {
		Answer answer = send("GET /api/nothing-here HTTP/1.1", validToken());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
		assertThat(answer.body()).doesNotContain("missing_token");
	}

	@Test
	void aValidRequestStillPasses() throws IOException {
		assertThat(send("GET /api/notes HTTP/1.1", validToken()).status()).isEqualTo(200);
		assertThat(send("GET /api/notes HTTP/1.1", null).body()).contains("\"code\":\"missing_token\"");
	}

	private Answer send(String requestLine, String token) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			String request = requestLine + "\r\nHost: localhost\r\nConnection: close\r\n"
					+ ((token != null) ? "Authorization: Bearer " + token + "\r\n" : "") + "\r\n";
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return Answer.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	/** A raw HTTP/1.1 response. */
	record Answer(int status, String head, String body) {

		static Answer parse(String raw) {
			int split = raw.indexOf("\r\n\r\n");
			String head = (split >= 0) ? raw.substring(0, split) : raw;
			String body = (split >= 0) ? raw.substring(split + 4) : "";
			int status = Integer.parseInt(head.split(" ", 3)[1]);
			return new Answer(status, head, body);
		}

		String header(String name) {
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}

	}

}
