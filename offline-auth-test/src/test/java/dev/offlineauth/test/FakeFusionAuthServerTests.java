package dev.offlineauth.test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fake on its own, seen from the wire: what it serves, and how it goes away and comes back. */
class FakeFusionAuthServerTests {

	private final ManualClock clock = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));

	private final FakeFusionAuth fusionAuth = new FakeFusionAuth(this.clock);

	@AfterEach
	void close() {
		this.fusionAuth.close();
	}

	@Test
	void theJwksPublishesOneKeyOfEachTypeWithoutCaching() throws Exception {
		HttpResponse<String> response = WireAccess.get(this.fusionAuth.baseUrl(), "/.well-known/jwks.json");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
		JWKSet jwks = JWKSet.parse(response.body());
		assertThat(jwks.getKeys()).extracting((key) -> key.getAlgorithm().getName())
			.containsExactlyInAnyOrder("RS256", "ES256", "Ed25519");
		assertThat(jwks.getKeys()).allSatisfy((key) -> {
			assertThat(key.isPrivate()).isFalse();
			assertThat(key.getKeyID()).hasSize(27).isEqualTo(key.computeThumbprint("SHA-1").toString());
		});
		assertThat(this.fusionAuth.jwksFetches()).isOne();
	}

	@Test
	void theProbeEndpointsAnswerAsFusionAuthDoes() {
		HttpResponse<String> health = WireAccess.get(this.fusionAuth.baseUrl(), "/api/health");
		HttpResponse<String> status = WireAccess.get(this.fusionAuth.baseUrl(), "/api/status");

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).isEmpty();
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body()).isEqualTo("{\"status\":\"ok\"}");
		assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/api/other").statusCode()).isEqualTo(404);
		assertThat(this.fusionAuth.jwksFetches()).isZero();
	}

	@Test
	void theDiscoveryDocumentNamesTheIssuerAndTheJwks() throws Exception {
		Map<String, Object> discovery = JSONObjectUtils
			.parse(WireAccess.get(this.fusionAuth.baseUrl(), "/.well-known/openid-configuration").body());

		assertThat(discovery).containsEntry("issuer", "acme.com")
			.containsEntry("jwks_uri", this.fusionAuth.baseUrl() + "/.well-known/jwks.json");
		assertThat(JSONObjectUtils.getStringList(discovery, "id_token_signing_alg_values_supported")).contains("RS256");
	}

	@Test
	void theDateIsTheClocksRealTimeUnlessAnotherOrNoneIsChosen() {
		assertThat(date()).containsExactly("Sat, 01 Jun 2030 12:00:00 GMT");

		this.clock.setWall(Instant.parse("2030-01-01T00:00:00Z"));
		assertThat(date()).as("the host's wall clock is not FusionAuth's").containsExactly("Sat, 01 Jun 2030 12:00:00 GMT");

		this.clock.advance(Duration.ofDays(8).plusSeconds(1));
		assertThat(date()).containsExactly("Sun, 09 Jun 2030 12:00:01 GMT");

		this.fusionAuth.serveDate(Instant.parse("2031-02-03T04:05:06Z"));
		assertThat(date()).containsExactly("Mon, 03 Feb 2031 04:05:06 GMT");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(date()).containsExactly("Mon, 03 Feb 2031 04:05:06 GMT");

		this.fusionAuth.serveNoDate();
		assertThat(date()).isEmpty();
		assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/.well-known/jwks.json").headers().map())
			.doesNotContainKey("date");
	}

	@Test
	void offlineConnectionsAreRefusedAndOnlineTheSamePortAnswersAgain() throws Exception {
		this.fusionAuth.goOffline();

		assertThat(WireAccess.refused(this.fusionAuth.baseUrl())).isTrue();

		this.fusionAuth.goOnline();

		assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/api/health").statusCode()).isEqualTo(200);
	}

	@Test
	void blackholedConnectionsAreAcceptedAndNeverAnswered() throws Exception {
		this.fusionAuth.blackhole();

		assertThat(WireAccess.acceptedAndSilent(this.fusionAuth.baseUrl(), Duration.ofMillis(500))).isTrue();

		this.fusionAuth.goOnline();

		assertThat(WireAccess.acceptedAndSilent(this.fusionAuth.baseUrl(), Duration.ofSeconds(2))).isFalse();
		assertThat(this.fusionAuth.jwksFetches()).isZero();
	}

	@Test
	void blackholedConnectionsAreCountedUntilTheFakeAnswersAgain() throws Exception {
		assertThat(WireAccess.acceptedAndSilent(this.fusionAuth.baseUrl(), Duration.ofMillis(200))).isFalse();
		assertThat(this.fusionAuth.heldConnections()).as("answered connections").isZero();

		this.fusionAuth.blackhole();
		WireAccess.acceptedAndSilent(this.fusionAuth.baseUrl(), Duration.ofMillis(200));
		WireAccess.acceptedAndSilent(this.fusionAuth.baseUrl(), Duration.ofMillis(200));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.fusionAuth.heldConnections())
			.as("held after the clients gave up").isEqualTo(2));

		this.fusionAuth.goOnline();

		assertThat(this.fusionAuth.heldConnections()).isZero();
	}

	@Test
	void aRotationKeepsTheOldKeysPublishedAndSignsWithNewOnes() throws Exception {
		String before = this.fusionAuth.token().keyType(FakeFusionAuth.KeyType.EC).build();

		this.fusionAuth.rotateKey();
		String after = this.fusionAuth.token().keyType(FakeFusionAuth.KeyType.EC).build();

		JWKSet jwks = JWKSet.parse(WireAccess.get(this.fusionAuth.baseUrl(), "/.well-known/jwks.json").body());
		assertThat(jwks.getKeys()).hasSize(6);
		assertThat(jwks.getKeyByKeyId((String) WireAccess.header(before).get("kid"))).isNotNull();
		assertThat(jwks.getKeyByKeyId((String) WireAccess.header(after).get("kid"))).isNotNull();
		assertThat(WireAccess.header(after).get("kid")).isNotEqualTo(WireAccess.header(before).get("kid"));
	}

	@Test
	void onlyGetAndHeadAreAnswered() throws Exception {
		java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
		HttpResponse<String> post = client.send(java.net.http.HttpRequest
			.newBuilder(this.fusionAuth.baseUrl().resolve("/api/health"))
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> head = client.send(java.net.http.HttpRequest
			.newBuilder(this.fusionAuth.baseUrl().resolve("/.well-known/jwks.json"))
			.method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(this.fusionAuth.jwksFetches()).isZero();
	}

	private List<String> date() {
		return WireAccess.get(this.fusionAuth.baseUrl(), "/api/health").headers().allValues("Date");
	}

}
