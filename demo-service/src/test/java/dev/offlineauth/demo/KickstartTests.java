package dev.offlineauth.demo;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kickstart makes FusionAuth sign with the very key the demo bundles, for the application and issuer
 * the demo expects, with the recommended token settings; and docker-compose runs it as documented.
 */
class KickstartTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> REVOCATION_EVENTS = List.of("jwt.refresh-token.revoke", "user.deactivate",
			"user.delete", "user.registration.delete", "jwt.public-key.update");

	private final JsonNode kickstart = JSON.readTree(read("../kickstart/kickstart.json"));

	private final JsonNode bundledKey = JSON.readTree(read("src/main/resources/demo-jwks.json")).get("keys").get(0);

	private final Map<String, Object> demoConfig = new Yaml().load(read("src/main/resources/application.yml"));

	@Test
	void isValidJsonWithTheFieldsFusionAuthRequires() {
		assertThat(this.kickstart.get("variables").isObject()).isTrue();
		JsonNode apiKey = this.kickstart.get("apiKeys").get(0);
		assertThat(variable(apiKey.get("key").asString())).hasSizeGreaterThanOrEqualTo(32);
		assertThat(apiKey.has("permissions")).as("the first API key must be unrestricted").isFalse();
		assertThat(this.kickstart.get("requests").isArray()).isTrue();
		for (JsonNode request : this.kickstart.get("requests")) {
			assertThat(request.get("method").asString()).isIn("POST", "PUT", "PATCH");
			assertThat(request.get("url").asString()).startsWith("/api/");
			assertThat(request.get("body").isObject()).isTrue();
		}
	}

	@Test
	void everyVariableUsedIsDefined() {
		Matcher uses = Pattern.compile("#\\{([A-Za-z0-9_]+)}").matcher(this.kickstart.toString());
		List<String> undefined = new ArrayList<>();
		while (uses.find()) {
			if (!this.kickstart.get("variables").has(uses.group(1))) {
				undefined.add(uses.group(1));
			}
		}
		assertThat(undefined).isEmpty();
	}

	@Test
	void importsTheBundledKeyWithTheSameKid() throws Exception {
		JsonNode key = request("/api/key/import/").get("key");

		assertThat(key.get("algorithm").asString()).isEqualTo(this.bundledKey.get("alg").asString()).isEqualTo("RS256");
		assertThat(variable(key.get("kid").asString())).isEqualTo(this.bundledKey.get("kid").asString())
			.isEqualTo("offline-auth-demo-key");
		RSAPublicKey imported = publicKey(key.get("publicKey").asString());
		assertThat(imported.getModulus()).isEqualTo(unsigned(this.bundledKey.get("n").asString()));
		assertThat(imported.getPublicExponent()).isEqualTo(unsigned(this.bundledKey.get("e").asString()));
	}

	@Test
	void theImportedPrivateKeyIsTheDemoKeyAndMatchesThePublicOne() throws Exception {
		JsonNode key = request("/api/key/import/").get("key");
		PrivateKey privateKey = privateKey(key.get("privateKey").asString());

		assertThat(privateKey.getEncoded()).isEqualTo(privateKey(read("demo-key/demo-private-key.pem")).getEncoded());
		Signature signer = Signature.getInstance("SHA256withRSA");
		signer.initSign(privateKey);
		signer.update("proof".getBytes(StandardCharsets.UTF_8));
		Signature verifier = Signature.getInstance("SHA256withRSA");
		verifier.initVerify(publicKey(key.get("publicKey").asString()));
		verifier.update("proof".getBytes(StandardCharsets.UTF_8));
		assertThat(verifier.verify(signer.sign())).isTrue();
	}

	@Test
	void theTenantIssuerAndTheApplicationAreWhatTheDemoExpects() {
		Map<String, Object> offlineAuth = map(this.demoConfig.get("offline-auth"));
		JsonNode tenant = request("/api/tenant/").get("tenant");
		JsonNode application = request("/api/application/").get("application");
		String applicationUrl = requestNode("/api/application/").get("url").asString();

		assertThat(variable(tenant.get("issuer").asString())).isEqualTo(offlineAuth.get("issuer"));
		assertThat(variable(applicationUrl.substring("/api/application/".length()))).isEqualTo(offlineAuth.get("audiences"));
		assertThat(application.get("roles").findValuesAsString("name")).contains("user");
		assertThat(variable(application.get("jwtConfiguration").get("accessTokenKeyId").asString()))
			.isEqualTo(variable(requestNode("/api/key/import/").get("url").asString().substring("/api/key/import/".length())));
	}

	@Test
	void tokenSettingsAreTheRecommendedOnes() {
		for (JsonNode jwt : List.of(request("/api/tenant/").get("tenant").get("jwtConfiguration"),
				request("/api/application/").get("application").get("jwtConfiguration"))) {
			assertThat(jwt.get("timeToLiveInSeconds").asInt()).isEqualTo(900);
			assertThat(jwt.get("refreshTokenTimeToLiveInMinutes").asInt()).isEqualTo(30 * 24 * 60);
			assertThat(jwt.get("refreshTokenExpirationPolicy").asString()).isEqualTo("SlidingWindowWithMaximumLifetime");
			assertThat(jwt.get("refreshTokenSlidingWindowConfiguration").get("maximumTimeToLiveInMinutes").asInt())
				.isGreaterThanOrEqualTo(jwt.get("refreshTokenTimeToLiveInMinutes").asInt());
			assertThat(jwt.get("refreshTokenUsagePolicy").asString()).isEqualTo("OneTimeUse");
		}
		JsonNode application = request("/api/application/").get("application");
		assertThat(application.get("jwtConfiguration").get("enabled").asBoolean()).isTrue();
		assertThat(application.get("loginConfiguration").get("generateRefreshTokens").asBoolean()).isTrue();
		assertThat(application.get("loginConfiguration").get("allowTokenRefresh").asBoolean()).isTrue();
	}

	@Test
	void aDemoUserIsRegisteredWithTheUserRole() {
		JsonNode body = request("/api/user/registration/");

		assertThat(variable(body.get("registration").get("applicationId").asString()))
			.isEqualTo(map(this.demoConfig.get("offline-auth")).get("audiences"));
		assertThat(body.get("registration").get("roles").get(0).asString()).isEqualTo("user");
		assertThat(variable(body.get("user").get("email").asString())).contains("@");
	}

	@Test
	void theTokenCommandMintsForTheKickstartedTenantUserAndKey() {
		String mintToken = read("tools/MintToken.java");

		for (String variable : List.of("issuer", "applicationId", "defaultTenantId", "demoUserId", "demoKid")) {
			assertThat(mintToken).contains("\"" + this.kickstart.get("variables").get(variable).asString() + "\"");
		}
	}

	@Test
	void dockerComposeRunsThisKickstartOnAPinnedFusionAuthAfterTheDatabase() {
		Map<String, Object> services = map(new Yaml().<Map<String, Object>>load(read("../docker-compose.yml")).get("services"));
		Map<String, Object> fusionAuth = map(services.get("fusionauth"));
		Map<String, Object> demo = map(services.get("demo-service"));

		assertThat((String) fusionAuth.get("image")).matches("fusionauth/fusionauth-app:\\d+\\.\\d+\\.\\d+");
		assertThat(map(fusionAuth.get("environment")).get("FUSIONAUTH_APP_KICKSTART_FILE"))
			.isEqualTo("/usr/local/fusionauth/kickstart/kickstart.json");
		assertThat(fusionAuth.get("volumes").toString()).contains("./kickstart:/usr/local/fusionauth/kickstart:ro");
		assertThat(map(map(fusionAuth.get("depends_on")).get("db")).get("condition")).isEqualTo("service_healthy");
		assertThat(map(map(demo.get("depends_on")).get("fusionauth")).get("condition")).isEqualTo("service_healthy");
		// Healthy only once the last kickstart step (the user) has run, which needs the kickstart's API key.
		JsonNode lastStep = this.kickstart.get("requests").get(this.kickstart.get("requests").size() - 1);
		assertThat(lastStep.get("url").asString()).startsWith("/api/user/registration/");
		assertThat(fusionAuth.get("healthcheck").toString()).contains("/api/user/" + variable("#{demoUserId}"),
				"Authorization: " + variable(this.kickstart.get("apiKeys").get(0).get("key").asString()));
		assertThat((String) map(services.get("db")).get("image")).startsWith("postgres:16");
	}

	@Test
	void theTenantEmitsTheRevocationEventsWithoutMakingFusionAuthWaitForThem() {
		JsonNode events = request("/api/tenant/").get("tenant").get("eventConfiguration").get("events");

		for (String type : REVOCATION_EVENTS) {
			assertThat(events.get(type).get("enabled").asBoolean()).as(type).isTrue();
			assertThat(events.get(type).get("transactionType").asString()).as(type).isEqualTo("None");
		}
	}

	@Test
	void aWebhookSignedWithTheDemoKeyCallsTheDemosRevocationEndpoint() {
		JsonNode webhook = request("/api/webhook/").get("webhook");
		Map<String, Object> revocation = map(map(this.demoConfig.get("offline-auth")).get("revocation"));

		assertThat(variable(webhook.get("url").asString())).isEqualTo("http://demo-service:8080/offline-auth/fusionauth/events");
		assertThat(webhook.get("global").asBoolean()).isTrue();
		assertThat(webhook.get("connectTimeout").asInt()).isPositive();
		assertThat(webhook.get("readTimeout").asInt()).isPositive();
		for (String type : REVOCATION_EVENTS) {
			assertThat(webhook.get("eventsEnabled").get(type).asBoolean()).as(type).isTrue();
		}
		assertThat(webhook.get("signatureConfiguration").get("enabled").asBoolean()).isTrue();
		assertThat(variable(webhook.get("signatureConfiguration").get("signingKeyId").asString()))
			.isEqualTo(variable(requestNode("/api/key/import/").get("url").asString().substring("/api/key/import/".length())));
		assertThat(revocation.get("enabled")).isEqualTo(true);
		assertThat(map(revocation.get("webhook")).get("signing-key-ids")).isEqualTo(this.bundledKey.get("kid").asString());
		assertThat((String) revocation.get("store")).isEqualTo("${DEMO_REVOCATION_STORE:memory}");
	}

	@Test
	void theEventCommandSendsForTheKickstartedTenantUserAndKey() {
		String sendEvent = read("tools/SendEvent.java");

		for (String variable : List.of("applicationId", "defaultTenantId", "demoUserId", "demoKid")) {
			assertThat(sendEvent).contains("\"" + this.kickstart.get("variables").get(variable).asString() + "\"");
		}
	}

	@Test
	void dockerComposeRunsTwoDemoInstancesSharingRevocationsThroughRedis() {
		Map<String, Object> services = map(new Yaml().<Map<String, Object>>load(read("../docker-compose.yml")).get("services"));

		assertThat((String) map(services.get("redis")).get("image")).startsWith("redis:7");
		for (String name : List.of("demo-service", "demo-service-2")) {
			Map<String, Object> demo = map(services.get(name));
			assertThat(map(demo.get("environment"))).as(name)
				.containsEntry("DEMO_REVOCATION_STORE", "redis")
				.containsEntry("REDIS_HOST", "redis");
			assertThat(map(map(demo.get("depends_on")).get("redis")).get("condition")).isEqualTo("service_healthy");
		}
		assertThat(map(services.get("demo-service")).get("ports").toString()).contains("8080:8080");
		assertThat(map(services.get("demo-service-2")).get("ports").toString()).contains("8081:8080");
	}

	private JsonNode request(String urlPrefix) {
		return requestNode(urlPrefix).get("body");
	}

	private JsonNode requestNode(String urlPrefix) {
		for (JsonNode request : this.kickstart.get("requests")) {
			if (request.get("url").asString().startsWith(urlPrefix)) {
				return request;
			}
		}
		throw new AssertionError("No kickstart request to " + urlPrefix);
	}

	/** Resolves a {@code #{name}} reference to the kickstart variable's value. */
	private String variable(String value) {
		Matcher reference = Pattern.compile("#\\{([A-Za-z0-9_]+)}").matcher(value);
		return reference.matches() ? this.kickstart.get("variables").get(reference.group(1)).asString() : value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static BigInteger unsigned(String base64url) {
		return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
	}

	private static RSAPublicKey publicKey(String pem) throws Exception {
		return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
	}

	private static PrivateKey privateKey(String pem) throws Exception {
		return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
	}

	private static byte[] der(String pem, String type) {
		int begin = pem.indexOf("-----BEGIN " + type + "-----");
		int end = pem.indexOf("-----END " + type + "-----");
		assertThat(begin).as("PEM " + type).isNotNegative();
		return Base64.getMimeDecoder().decode(pem.substring(begin + type.length() + 16, end));
	}

	private static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
