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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
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
import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.test.FusionAuthContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo against the real FusionAuth image ({@link FusionAuthContainer}: PostgreSQL and FusionAuth on one
 * network), kickstarted with the repository's kickstart, tokens from its real Login API. FusionAuth is
 * paused to make it unreachable (its port still accepts connections, then nothing answers: the hardest
 * kind of outage for a client).
 *
 * <p>Needs a Docker engine; without one the whole class is skipped, saying so.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealFusionAuthTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNode KICKSTART = JSON.readTree(read("../kickstart/kickstart.json"));

	private static final String APPLICATION_ID = variable("applicationId");

	private static final String USER_ID = variable("demoUserId");

	/** An application created by this test with tokens that live three seconds. */
	private static final String SHORT_TTL_APPLICATION_ID = "5d2e7f0c-3b8a-4c1e-9d6f-1a2b3c4d5e6f";

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * The demo's port, chosen and made reachable from the containers before they start (Testcontainers
	 * exposes a host port to containers started after it): FusionAuth's webhook calls the demo there.
	 */
	private static final int DEMO_PORT = exposedToContainers(freePort());

	@Container
	static final FusionAuthContainer FUSION_AUTH = new FusionAuthContainer()
		.withKickstart(Path.of("../kickstart/kickstart.json"));

	@LocalServerPort
	private int port;

	@Autowired
	private CutoffTable cutoffs;

	@Autowired
	private Connectivity connectivity;

	@DynamicPropertySource
	static void realFusionAuth(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> DEMO_PORT);
		registry.add("offline-auth.fusionauth.base-url", FUSION_AUTH::getBaseUrl);
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

	/** A kickstart that failed half-way (or did not run: the database was not empty) fails here, clearly. */
	@BeforeAll
	static void everyKickstartStepTookEffect() throws Exception {
		List<String> failed = new ArrayList<>();
		expect(failed, "import the demo key", "/api/key/" + variable("demoKeyId"),
				(body) -> variable("demoKid").equals(body.get("key").get("kid").asString()));
		expect(failed, "set the tenant's issuer", "/api/tenant/" + variable("defaultTenantId"),
				(body) -> variable("issuer").equals(body.get("tenant").get("issuer").asString()));
		expect(failed, "create the application", "/api/application/" + APPLICATION_ID,
				(body) -> variable("demoKeyId").equals(body.get("application").get("jwtConfiguration").get("accessTokenKeyId").asString()));
		expect(failed, "create and register the demo user", "/api/user/" + USER_ID,
				(body) -> body.get("user").get("registrations").findValuesAsString("applicationId").contains(APPLICATION_ID));
		assertThat(failed).as("Kickstart steps that did not take effect (FusionAuth runs a kickstart only on an empty "
				+ "database). FusionAuth's kickstart log:%n%s", kickstartLog()).isEmpty();
	}

	@Test
	@Order(1)
	void fusionAuthsAnswersCarryADateHeader() throws Exception {
		for (String path : List.of("/api/health", "/api/status", "/.well-known/jwks.json")) {
			HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(FUSION_AUTH.getBaseUrl() + path)).build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Date"))
				.as("FusionAuth answered %s without a Date header: correct the README ('Against the real FusionAuth', "
						+ "'Trusted time'), which expects one", path)
				.hasValueSatisfying((date) -> assertThat(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
					.toInstant()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(120)));
		}
	}

	@Test
	@Order(2)
	void aLoginApiTokenHasTheShapeOfflineAuthExpects() throws Exception {
		String token = login(APPLICATION_ID);

		JsonNode header = header(token);
		JsonNode claims = claims(token);
		assertThat(header.get("kid").asString()).isEqualTo(variable("demoKid"));
		assertThat(header.get("typ").asString()).isEqualTo("JWT");
		assertThat(header.get("alg").asString()).isEqualTo("RS256");
		assertThat(claims.get("iss").asString()).isEqualTo(variable("issuer"));
		assertThat(claims.get("aud").isArray() ? claims.get("aud").get(0).asString() : claims.get("aud").asString())
			.isEqualTo(APPLICATION_ID);
		List<String> roles = new ArrayList<>();
		claims.get("roles").forEach((role) -> roles.add(role.asString()));
		assertThat(roles).containsExactly("user");
		assertThat(claims.get("tid").asString()).isEqualTo(variable("defaultTenantId"));
		assertThat(claims.get("sub").asString()).isEqualTo(USER_ID);
	}

	@Test
	@Order(3)
	void aTokenFromTheRealLoginIsAcceptedOnline() throws Exception {
		awaitConnectivity(ConnectivityStatus.ONLINE);

		HttpResponse<String> me = demo("GET", "/api/me", login(APPLICATION_ID));

		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"sub\":\"" + USER_ID + "\"", "\"tokenStatus\":\"fresh\"",
				"\"keySource\":\"remote\"", "\"connectivity\":\"online\"", "ROLE_user");
	}

	@Test
	@Order(4)
	void withFusionAuthPausedAFreshTokenStillWorks() throws Exception {
		String token = login(APPLICATION_ID);

		pauseFusionAuth();

		HttpResponse<String> notes = demo("GET", "/api/notes", token);
		assertThat(notes.statusCode()).isEqualTo(200);
		assertThat(notes.headers().firstValue("Offline-Auth-Status")).isEmpty();
		assertThat(demo("POST", "/api/notes", token).statusCode()).isEqualTo(201);
	}

	@Test
	@Order(5)
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
	@Order(6)
	void afterARotationThroughFusionAuthsApiTokensOfTheNewAndTheOldKeyPass() throws Exception {
		String before = login(APPLICATION_ID);
		String newKeyId = "7e6b2a90-4f1d-4c3b-8a5e-9d0c1b2a3f4e";
		api("POST", "/api/key/generate/" + newKeyId,
				"{\"key\":{\"algorithm\":\"RS256\",\"name\":\"offline-auth test rotated key\",\"length\":2048}}");
		api("PATCH", "/api/application/" + APPLICATION_ID,
				"{\"application\":{\"jwtConfiguration\":{\"accessTokenKeyId\":\"" + newKeyId + "\"}}}");

		String after = login(APPLICATION_ID);
		assertThat(header(before).get("kid").asString()).isEqualTo(variable("demoKid"));
		assertThat(header(after).get("kid").asString()).isNotEqualTo(variable("demoKid"));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(demo("GET", "/api/me", after).statusCode()).isEqualTo(200));
		assertThat(demo("GET", "/api/me", after).body()).contains("\"keySource\":\"remote\"");
		assertThat(demo("GET", "/api/me", before).statusCode()).as("the old key is still published").isEqualTo(200);
	}

	@Test
	@Order(7)
	void revokingTheUsersRefreshTokensInFusionAuthRefusesTheirTokenThroughTheSignedWebhook() throws Exception {
		// The kickstart points the webhook at docker-compose's demo; here the demo runs on this host.
		api("PATCH", "/api/webhook/" + variable("webhookId"), "{\"webhook\":{\"url\":\"http://host.testcontainers.internal:"
				+ DEMO_PORT + "/offline-auth/fusionauth/events\"}}");
		String token = login(APPLICATION_ID);
		assertThat(demo("GET", "/api/notes", token).statusCode()).isEqualTo(200);

		api("DELETE", "/api/jwt/refresh?userId=" + USER_ID, null);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			HttpResponse<String> refused = demo("GET", "/api/notes", token);
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.body()).contains("\"code\":\"token_revoked\"");
		});
		assertThat(this.cutoffs.size()).isPositive();
		// iat is in whole seconds: a login in the next second is after the cutoff, and is not refused.
		Instant cutoff = Instant.now();
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond() > cutoff.getEpochSecond() + 1);
		assertThat(demo("GET", "/api/notes", login(APPLICATION_ID)).statusCode()).isEqualTo(200);
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int exposedToContainers(int port) {
		if (org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
			org.testcontainers.Testcontainers.exposeHostPorts(port);
		}
		return port;
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

	private static String login(String applicationId) {
		return FUSION_AUTH.login(variable("demoUserEmail"), variable("demoUserPassword"), applicationId);
	}

	private static HttpResponse<String> api(String method, String path, String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(FUSION_AUTH.getBaseUrl() + path))
			.header("Authorization", FUSION_AUTH.getApiKey())
			.header("Content-Type", "application/json")
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
		return response;
	}

	private static void expect(List<String> failed, String step, String path, Predicate<JsonNode> tookEffect)
			throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(FUSION_AUTH.getBaseUrl() + path))
			.header("Authorization", FUSION_AUTH.getApiKey())
			.build();
		HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			failed.add(step + " (GET " + path + " answered " + response.statusCode() + ")");
		}
		else if (!tookEffectIn(tookEffect, response.body())) {
			failed.add(step + " (GET " + path + " shows something else: " + response.body() + ")");
		}
	}

	private static boolean tookEffectIn(Predicate<JsonNode> tookEffect, String body) {
		try {
			return tookEffect.test(JSON.readTree(body));
		}
		catch (RuntimeException ex) {
			// A field missing from FusionAuth's answer: the step did not do what it should.
			return false;
		}
	}

	private static String kickstartLog() {
		return String.join(System.lineSeparator(),
				FUSION_AUTH.getLogs().lines().filter((line) -> line.contains("Kickstart")).toList());
	}

	private HttpResponse<String> demo(String method, String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token);
		request = "POST".equals(method)
				? request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"from the test\"}"))
				: request.method(method, HttpRequest.BodyPublishers.noBody());
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
