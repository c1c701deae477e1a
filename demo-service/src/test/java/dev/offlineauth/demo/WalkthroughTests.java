package dev.offlineauth.demo;

import java.net.ServerSocket;
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
 * The README's walkthrough, step by step, with no FusionAuth at all: the demo started as the README starts
 * it, tokens from the README's commands, the answers the README shows.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WalkthroughTests {

	/** The token commands of the walkthrough, as the README prints them. */
	static final String FRESH = "java demo-service/tools/MintToken.java";

	static final String IN_GRACE = "java demo-service/tools/MintToken.java --expired 2h";

	static final String TOO_OLD = "java demo-service/tools/MintToken.java --expired 25h";

	/** The revocation step: another user's token, and the signed event that revokes it. */
	static final String ALICE = "java demo-service/tools/MintToken.java --sub 5f0c6a1e-2b7d-4c3e-9a8f-1e2d3c4b5a69";

	static final String REVOKE_ALICE = "java demo-service/tools/SendEvent.java --user 5f0c6a1e-2b7d-4c3e-9a8f-1e2d3c4b5a69";

	@LocalServerPort
	private int port;

	@Autowired
	private Connectivity connectivity;

	private Http http;

	@DynamicPropertySource
	static void noFusionAuth(DynamicPropertyRegistry registry) throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			int nothingListens = socket.getLocalPort();
			registry.add("offline-auth.fusionauth.base-url", () -> "http://localhost:" + nothingListens);
		}
	}

	@BeforeEach
	void demoHasNoticedFusionAuthIsAway() {
		this.http = new Http(this.port);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.connectivity.state().status() == ConnectivityStatus.OFFLINE);
	}

	@Test
	void theReadmeShowsTheseCommands() throws Exception {
		String readme = Files.readString(Path.of("../README.md"));

		assertThat(readme).contains("./mvnw -pl demo-service -am spring-boot:run", "$(" + FRESH + ")",
				"$(" + IN_GRACE + ")", "$(" + TOO_OLD + ")", "$(" + ALICE + ")", "\n" + REVOKE_ALICE + "\n",
				"# 200 {\"outcome\":\"applied\"}", "\"code\":\"token_revoked\"}");
	}

	@Test
	void freshTokenOnTheBundledKey() {
		HttpResponse<String> me = this.http.get("/api/me", mint(FRESH));

		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"tokenStatus\":\"fresh\"", "\"keySource\":\"bundled\"",
				"\"connectivity\":\"offline\"");
	}

	@Test
	void expiredTwoHoursAgoReadsInGrace() {
		HttpResponse<String> notes = this.http.get("/api/notes", mint(IN_GRACE));

		assertThat(notes.statusCode()).isEqualTo(200);
		assertThat(notes.headers().firstValue("Offline-Auth-Status")).hasValue("grace");
	}

	@Test
	void expiredTwoHoursAgoCannotWrite() {
		HttpResponse<String> created = this.http.post("/api/notes", mint(IN_GRACE), "{\"text\":\"offline\"}");

		assertThat(created.statusCode()).isEqualTo(403);
		assertThat(created.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer error=\"insufficient_scope\""));
		assertThat(created.body()).contains("\"code\":\"grace_read_only\"");
	}

	@Test
	void aFreshTokenCanStillWriteOffline() {
		assertThat(this.http.post("/api/notes", mint(FRESH), "{\"text\":\"offline\"}").statusCode()).isEqualTo(201);
	}

	@Test
	void expiredBeyondTheGracePeriodIsRefused() {
		HttpResponse<String> notes = this.http.get("/api/notes", mint(TOO_OLD));

		assertThat(notes.statusCode()).isEqualTo(401);
		assertThat(notes.body()).contains("\"code\":\"token_expired\"");
	}

	@Test
	void aSignedEventRevokesTheTokensIssuedBeforeIt() {
		String alice = mint(ALICE);
		assertThat(this.http.get("/api/notes", alice).statusCode()).isEqualTo(200);

		String answer = DemoTools.run("SendEvent.java", arguments(REVOKE_ALICE, "SendEvent.java"), "--url",
				"http://localhost:" + this.port + "/offline-auth/fusionauth/events");

		assertThat(answer).isEqualTo("200 {\"outcome\":\"applied\"}");
		HttpResponse<String> refused = this.http.get("/api/notes", alice);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer error=\"invalid_token\", error_description=\"The bearer token has been revoked.\"");
		assertThat(refused.body()).contains("\"code\":\"token_revoked\"");
		assertThat(this.http.get("/api/notes", mint(FRESH)).statusCode()).as("the demo user is not revoked")
			.isEqualTo(200);
	}

	/** The arguments of a README command, after {@code java demo-service/tools/<tool>}. */
	private static String[] arguments(String readmeCommand, String tool) {
		String arguments = readmeCommand.substring(("java demo-service/tools/" + tool).length()).trim();
		return arguments.isEmpty() ? new String[0] : arguments.split(" ");
	}

	/** Runs a README command (written from the repository root) from this module's directory. */
	private static String mint(String readmeCommand) {
		String arguments = readmeCommand.substring("java demo-service/tools/MintToken.java".length()).trim();
		return arguments.isEmpty() ? DemoTools.mint() : DemoTools.mint(arguments.split(" "));
	}

}
