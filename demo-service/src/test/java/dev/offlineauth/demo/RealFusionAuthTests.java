package dev.offlineauth.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.MountableFile;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * The demo against the real FusionAuth image: PostgreSQL and FusionAuth on one network, FusionAuth
 * kickstarted with the repository's kickstart, tokens from its real {@code /api/login}. FusionAuth is
 * paused to make it unreachable (its port still accepts connections, then nothing answers: the hardest
 * kind of outage for a client).
 *
 * <p>Needs a Docker engine; without one the whole class is skipped, saying so.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealFusionAuthTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNode KICKSTART = JSON.readTree(read("../kickstart/kickstart.json"));

	private static final String API_KEY = variable("apiKey");

	private static final String APPLICATION_ID = variable("applicationId");

	private static final String USER_ID = variable("demoUserId");

	/** An application created by this test with tokens that live three seconds. */
	private static final String SHORT_TTL_APPLICATION_ID = "5d2e7f0c-3b8a-4c1e-9d6f-1a2b3c4d5e6f";

	private static final Network NETWORK = Network.newNetwork();

	@Container
	static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:16.0-bookworm")
		.withNetwork(NETWORK)
		.withNetworkAliases("db")
		.withUsername("postgres")
		.withPassword("postgres-demo-password");

	@Container
	static final GenericContainer<?> FUSION_AUTH = new GenericContainer<>(fusionAuthImage()).withNetwork(NETWORK)
		.dependsOn(POSTGRES)
		.withEnv(Map.of("DATABASE_URL", "jdbc:postgresql://db:5432/fusionauth", "DATABASE_ROOT_USERNAME", "postgres",
				"DATABASE_ROOT_PASSWORD", "postgres-demo-password", "DATABASE_USERNAME", "fusionauth",
				"DATABASE_PASSWORD", "fusionauth-demo-password", "FUSIONAUTH_APP_MEMORY", "512M",
				"FUSIONAUTH_APP_RUNTIME_MODE", "development", "SEARCH_TYPE", "database",
				"FUSIONAUTH_APP_KICKSTART_FILE", "/usr/local/fusionauth/kickstart/kickstart.json"))
		.withCopyFileToContainer(MountableFile.forHostPath("../kickstart/kickstart.json"),
				"/usr/local/fusionauth/kickstart/kickstart.json")
		.withExposedPorts(9011)
		.waitingFor(Wait.forLogMessage(".*KickstartRunner - Summary.*", 1).withStartupTimeout(Duration.ofMinutes(4)));

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private Connectivity connectivity;

	@DynamicPropertySource
	static void realFusionAuth(DynamicPropertyRegistry registry) {
		registry.add("offline-auth.fusionauth.base-url", RealFusionAuthTests::fusionAuthUrl);
		registry.add("offline-auth.audiences", () -> APPLICATION_ID + "," + SHORT_TTL_APPLICATION_ID);
		// Notice FusionAuth's absence and return quickly, and let expiry happen right at exp.
		registry.add("offline-auth.connectivity.probe-interval", () -> "1s");
		registry.add("offline-auth.fusionauth.connect-timeout", () -> "1s");
		registry.add("offline-auth.fusionauth.read-timeout", () -> "2s");
		registry.add("offline-auth.jwks.min-refetch-interval", () -> "1s");
		registry.add("offline-auth.clock-skew", () -> "0s");
	}

	@AfterEach
	void fusionAuthRunning() {
		if (isPaused()) {
			FUSION_AUTH.getDockerClient().unpauseContainerCmd(FUSION_AUTH.getContainerId()).exec();
		}
		awaitConnectivity(ConnectivityStatus.ONLINE);
	}

	@Test
	@Order(1)
	void aTokenFromTheRealLoginIsAcceptedOnline() throws Exception {
		awaitConnectivity(ConnectivityStatus.ONLINE);

		HttpResponse<String> me = demo("GET", "/api/me", login(APPLICATION_ID));

		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"sub\":\"" + USER_ID + "\"", "\"tokenStatus\":\"fresh\"",
				"\"keySource\":\"remote\"", "\"connectivity\":\"online\"", "ROLE_user");
	}

	@Test
	@Order(2)
	void withFusionAuthPausedAFreshTokenStillWorks() throws Exception {
		String token = login(APPLICATION_ID);

		pauseFusionAuth();

		HttpResponse<String> notes = demo("GET", "/api/notes", token);
		assertThat(notes.statusCode()).isEqualTo(200);
		assertThat(notes.headers().firstValue("Offline-Auth-Status")).isEmpty();
		assertThat(demo("POST", "/api/notes", token).statusCode()).isEqualTo(201);
	}

	@Test
	@Order(3)
	void aTokenThatExpiresWhileFusionAuthIsDownReadsInGraceThenIsExpiredWhenItIsBack() throws Exception {
		createShortTtlApplication();
		String token = login(SHORT_TTL_APPLICATION_ID);
		Instant expiresAt = Instant.ofEpochSecond(claims(token).get("exp").asLong());

		pauseFusionAuth();
		await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt.plusSeconds(1)));

		HttpResponse<String> read = demo("GET", "/api/notes", token);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("Offline-Auth-Status")).hasValue("grace");
		HttpResponse<String> write = demo("POST", "/api/notes", token);
		assertThat(write.statusCode()).isEqualTo(403);
		assertThat(write.body()).contains("\"code\":\"grace_read_only\"");

		FUSION_AUTH.getDockerClient().unpauseContainerCmd(FUSION_AUTH.getContainerId()).exec();
		awaitConnectivity(ConnectivityStatus.ONLINE);

		HttpResponse<String> afterwards = demo("GET", "/api/notes", token);
		assertThat(afterwards.statusCode()).isEqualTo(401);
		assertThat(afterwards.body()).contains("\"code\":\"token_expired\"");
	}

	@Test
	@Order(4)
	void aKeyRotatedThroughFusionAuthsApiIsAcceptedWithoutRestart() throws Exception {
		String newKeyId = "7e6b2a90-4f1d-4c3b-8a5e-9d0c1b2a3f4e";
		api("POST", "/api/key/generate/" + newKeyId,
				"{\"key\":{\"algorithm\":\"RS256\",\"name\":\"offline-auth test rotated key\",\"length\":2048}}");
		api("PATCH", "/api/application/" + APPLICATION_ID,
				"{\"application\":{\"jwtConfiguration\":{\"accessTokenKeyId\":\"" + newKeyId + "\"}}}");

		String token = login(APPLICATION_ID);
		assertThat(header(token).get("kid").asString()).isNotEqualTo(variable("demoKid"));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(demo("GET", "/api/me", token).statusCode()).isEqualTo(200));
		assertThat(demo("GET", "/api/me", token).body()).contains("\"keySource\":\"remote\"");
	}

	private void createShortTtlApplication() throws Exception {
		api("POST", "/api/application/" + SHORT_TTL_APPLICATION_ID,
				"{\"application\":{\"name\":\"offline-auth short TTL\",\"roles\":[{\"name\":\"user\"}],"
						+ "\"jwtConfiguration\":{\"enabled\":true,\"accessTokenKeyId\":\"" + variable("demoKeyId")
						+ "\",\"timeToLiveInSeconds\":3,\"refreshTokenTimeToLiveInMinutes\":60},"
						+ "\"loginConfiguration\":{\"requireAuthentication\":true}}}");
		api("POST", "/api/user/registration/" + USER_ID, "{\"registration\":{\"applicationId\":\""
				+ SHORT_TTL_APPLICATION_ID + "\",\"roles\":[\"user\"]},\"skipRegistrationVerification\":true}");
	}

	private String login(String applicationId) throws Exception {
		HttpResponse<String> response = api("POST", "/api/login", "{\"loginId\":\"" + variable("demoUserEmail")
				+ "\",\"password\":\"" + variable("demoUserPassword") + "\",\"applicationId\":\"" + applicationId + "\"}");
		assertThat(response.statusCode()).as("login (202 would mean: not registered)").isEqualTo(200);
		return JSON.readTree(response.body()).get("token").asString();
	}

	private HttpResponse<String> api(String method, String path, String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(fusionAuthUrl() + path))
			.header("Authorization", API_KEY)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json))
			.build();
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
		return response;
	}

	private HttpResponse<String> demo(String method, String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token);
		request = "POST".equals(method)
				? request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"from the test\"}"))
				: request.method(method, HttpRequest.BodyPublishers.noBody());
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void pauseFusionAuth() {
		FUSION_AUTH.getDockerClient().pauseContainerCmd(FUSION_AUTH.getContainerId()).exec();
		awaitConnectivity(ConnectivityStatus.OFFLINE);
	}

	private boolean isPaused() {
		return Boolean.TRUE.equals(FUSION_AUTH.getDockerClient()
			.inspectContainerCmd(FUSION_AUTH.getContainerId())
			.exec()
			.getState()
			.getPaused());
	}

	private void awaitConnectivity(ConnectivityStatus status) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.connectivity.state().status() == status);
	}

	private static String fusionAuthUrl() {
		return "http://" + FUSION_AUTH.getHost() + ":" + FUSION_AUTH.getMappedPort(9011);
	}

	/** The same FusionAuth version docker-compose runs. */
	private static String fusionAuthImage() {
		Map<String, Map<String, Map<String, Object>>> compose = new Yaml().load(read("../docker-compose.yml"));
		return (String) compose.get("services").get("fusionauth").get("image");
	}

	private static String variable(String name) {
		return KICKSTART.get("variables").get(name).asString();
	}

	private static JsonNode header(String token) {
		return part(token, 0);
	}

	private static JsonNode claims(String token) {
		return part(token, 1);
	}

	private static JsonNode part(String token, int index) {
		return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
	}

	private static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
