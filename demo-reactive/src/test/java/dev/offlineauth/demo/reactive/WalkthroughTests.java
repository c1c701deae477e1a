package dev.offlineauth.demo.reactive;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's walkthrough against demo-reactive, step by step, with no FusionAuth at all: the same token
 * and event commands as for demo-service, the same answers; only the port differs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WalkthroughTests {

	static final String FRESH = "java demo-service/tools/MintToken.java";

	static final String IN_GRACE = "java demo-service/tools/MintToken.java --expired 2h";

	static final String TOO_OLD = "java demo-service/tools/MintToken.java --expired 25h";

	static final String ALICE = "java demo-service/tools/MintToken.java --sub 5f0c6a1e-2b7d-4c3e-9a8f-1e2d3c4b5a69";

	static final String REVOKE_ALICE = "java demo-service/tools/SendEvent.java --user 5f0c6a1e-2b7d-4c3e-9a8f-1e2d3c4b5a69";

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Connectivity connectivity;

	@DynamicPropertySource
	static void noFusionAuth(DynamicPropertyRegistry registry) throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			int nothingListens = socket.getLocalPort();
			registry.add("offline-auth.fusionauth.base-url", () -> "http://localhost:" + nothingListens);
		}
	}

	@BeforeEach
	void demoHasNoticedFusionAuthIsAway() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.connectivity.state().status() == ConnectivityStatus.OFFLINE);
	}

	@Test
	void theReadmeShowsTheseCommands() throws IOException {
		String readme = Files.readString(Path.of("../README.md"));

		assertThat(readme).contains("./mvnw -pl demo-reactive -am spring-boot:run", "$(" + FRESH + ")",
				"$(" + IN_GRACE + ")", "$(" + TOO_OLD + ")", "$(" + ALICE + ")", "\n" + REVOKE_ALICE + "\n");
	}

	@Test
	void theDemoListensOnPort8082() throws IOException {
		assertThat(Files.readString(Path.of("src/main/resources/application.yml"))).contains("port: 8082");
	}

	@Test
	void freshTokenOnTheBundledKey() {
		HttpResponse<String> me = get("/api/me", ReadmeCommands.run(FRESH));

		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"sub\":\"", "\"authorities\":[", "\"tokenStatus\":\"fresh\"",
				"\"keySource\":\"bundled\"", "\"connectivity\":\"offline\"");
	}

	@Test
	void expiredTwoHoursAgoReadsInGrace() {
		HttpResponse<String> notes = get("/api/notes", ReadmeCommands.run(IN_GRACE));

		assertThat(notes.statusCode()).isEqualTo(200);
		assertThat(notes.headers().firstValue("Offline-Auth-Status")).hasValue("grace");
	}

	@Test
	void expiredTwoHoursAgoCannotWrite() {
		HttpResponse<String> created = post("/api/notes", ReadmeCommands.run(IN_GRACE), "{\"text\":\"offline\"}");

		assertThat(created.statusCode()).isEqualTo(403);
		assertThat(created.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer error=\"insufficient_scope\""));
		assertThat(created.body()).contains("\"code\":\"grace_read_only\"");
	}

	@Test
	void aFreshTokenCanStillWriteOffline() {
		HttpResponse<String> created = post("/api/notes", ReadmeCommands.run(FRESH), "{\"text\":\"offline\"}");

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"text\":\"offline\"");
	}

	@Test
	void expiredBeyondTheGracePeriodIsRefused() {
		HttpResponse<String> notes = get("/api/notes", ReadmeCommands.run(TOO_OLD));

		assertThat(notes.statusCode()).isEqualTo(401);
		assertThat(notes.body()).contains("\"code\":\"token_expired\"");
	}

	@Test
	void aSignedEventRevokesTheTokensIssuedBeforeIt() {
		String alice = ReadmeCommands.run(ALICE);
		assertThat(get("/api/notes", alice).statusCode()).isEqualTo(200);

		String answer = ReadmeCommands.run(REVOKE_ALICE, "--url",
				"http://localhost:" + this.port + "/offline-auth/fusionauth/events");

		assertThat(answer).isEqualTo("200 {\"outcome\":\"applied\"}");
		HttpResponse<String> refused = get("/api/notes", alice);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer error=\"invalid_token\", error_description=\"The bearer token has been revoked.\"");
		assertThat(refused.body()).contains("\"code\":\"token_revoked\"");
		assertThat(get("/api/notes", ReadmeCommands.run(FRESH)).statusCode()).as("the demo user is not revoked")
			.isEqualTo(200);
	}

	@Test
	void healthIsPublicAndTellsOfflineAuth() {
		HttpResponse<String> health = get("/actuator/health", null);

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"offlineAuth\":{", "\"connectivity\":\"offline\"");
	}

	private HttpResponse<String> get(String path, String token) {
		return send(request(path, token).GET());
	}

	private HttpResponse<String> post(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		return (token != null) ? builder.header("Authorization", "Bearer " + token) : builder;
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
