package dev.offlineauth.demo;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's endpoints on a real port, with a local server playing FusionAuth and publishing the demo's
 * public key, as the FusionAuth of docker-compose does after its kickstart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoEndpointsTests {

	private static final WireMockServer FUSION_AUTH = new WireMockServer(options().dynamicPort());

	@LocalServerPort
	private int port;

	@Autowired
	private Connectivity connectivity;

	private Http http;

	@DynamicPropertySource
	static void fusionAuth(DynamicPropertyRegistry registry) throws Exception {
		FUSION_AUTH.start();
		String jwks = Files.readString(Path.of("src/main/resources/demo-jwks.json"));
		FUSION_AUTH.stubFor(get(urlPathEqualTo("/.well-known/jwks.json"))
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(jwks)));
		FUSION_AUTH.stubFor(get(urlPathEqualTo("/api/health")).willReturn(aResponse().withStatus(200)));
		registry.add("offline-auth.fusionauth.base-url", FUSION_AUTH::baseUrl);
	}

	@AfterAll
	static void stop() {
		FUSION_AUTH.stop();
	}

	@BeforeEach
	void fusionAuthAnswered() {
		this.http = new Http(this.port);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.connectivity.state().status() == ConnectivityStatus.ONLINE);
	}

	@Test
	void notesCanBeWrittenAndRead() {
		String token = DemoTokens.mint();

		HttpResponse<String> created = this.http.post("/api/notes", token, "{\"text\":\"buy milk\"}");
		HttpResponse<String> notes = this.http.get("/api/notes", token);

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.startsWith("/api/notes/"));
		assertThat(created.body()).contains("\"text\":\"buy milk\"")
			.contains("\"author\":\"29cb4553-3007-437b-8402-05b524d0733c\"");
		assertThat(notes.statusCode()).isEqualTo(200);
		assertThat(notes.body()).startsWith("[").contains("buy milk");
	}

	@Test
	void aNoteNeedsText() {
		assertThat(this.http.post("/api/notes", DemoTokens.mint(), "{}").statusCode()).isEqualTo(400);
	}

	@Test
	void meTellsHowTheTokenWasAccepted() {
		HttpResponse<String> me = this.http.get("/api/me", DemoTokens.mint("--roles", "user,admin"));

		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"sub\":\"29cb4553-3007-437b-8402-05b524d0733c\"")
			.contains("\"authorities\":[\"ROLE_user\",\"ROLE_admin\"]")
			.contains("\"tokenStatus\":\"fresh\"")
			.contains("\"keySource\":\"remote\"")
			.contains("\"connectivity\":\"online\"");
	}

	@Test
	void healthIsPublic() {
		HttpResponse<String> health = this.http.get("/actuator/health", null);

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"", "\"offlineAuth\":{", "\"connectivity\":\"online\"");
	}

	@Test
	void everythingElseNeedsAToken() {
		HttpResponse<String> response = this.http.get("/api/notes", null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"missing_token\"");
	}

}
