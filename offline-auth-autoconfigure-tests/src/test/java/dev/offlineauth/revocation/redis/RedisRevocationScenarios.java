package dev.offlineauth.revocation.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.test.Webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cutoffs shared through a real Redis by instances of a real service: what one instance receives, the
 * others refuse; an instance started later loads it; a cutoff ends in Redis and in memory together. Each
 * test uses key prefixes and users of its own. Subclasses provide the Redis.
 */
abstract class RedisRevocationScenarios {

	static final TestKey TOKEN_KEY = TestKey.rsa("token-key");

	static final TestKey WEBHOOK_KEY = TestKey.rsa("webhook-key");

	static final ScriptedFusionAuth FUSION_AUTH = new ScriptedFusionAuth();

	static {
		FUSION_AUTH.serveKeys(TOKEN_KEY, WEBHOOK_KEY);
	}

	private final List<ServiceInstance> instances = new ArrayList<>();

	final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	abstract String redisHost();

	abstract int redisPort();

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ServiceInstance::close);
	}

	@BeforeAll
	static void startFusionAuth() {
		// Shared by every subclass: the one before may have stopped it.
		FUSION_AUTH.start();
	}

	@AfterAll
	static void stopFusionAuth() {
		FUSION_AUTH.close();
	}

	ServiceInstance instance() {
		return instance(null, Map.of());
	}

	ServiceInstance instance(ManualClock time, Map<String, String> extra) {
		ServiceInstance instance = startedInstance(time, extra);
		await().atMost(Duration.ofSeconds(30)).until(instance::storeReachable);
		return instance;
	}

	/** An instance that may not have reached Redis yet. */
	ServiceInstance startedInstance(ManualClock time, Map<String, String> extra) {
		ServiceInstance instance = ServiceInstance.start(FUSION_AUTH, WEBHOOK_KEY.kid(), redisHost(), redisPort(),
				this.prefix, (time != null) ? time.timeSource() : null, extra);
		this.instances.add(instance);
		return instance;
	}

	static String token(String user, Instant issuedAt) {
		return Tokens.token(TOKEN_KEY, issuedAt)
			.subject(user)
			.claim("tid", Webhooks.TENANT)
			.expiresAt(issuedAt.plus(Duration.ofHours(1)))
			.sign();
	}

	static HttpResponse<String> revoke(ServiceInstance instance, Webhooks.Event event) {
		String body = event.json();
		return instance.webhook(body, Webhooks.sign(WEBHOOK_KEY, body));
	}

	/** A first revocation through {@code from}, awaited on {@code to}: both are subscribed from then on. */
	static void warmUp(ServiceInstance from, ServiceInstance to) {
		String user = "warm-up-" + UUID.randomUUID();
		assertThat(revoke(from, Webhooks.revokeUser(user, Instant.now())).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> to.bean(CutoffTable.class).isRevoked(Webhooks.TENANT, user, null, 0));
	}

	@Test
	void aWebhookToOneInstanceRefusesTheTokenOnTheOtherWithinASecond() {
		ServiceInstance receiver = instance();
		ServiceInstance other = instance();
		warmUp(receiver, other);
		String token = token("user-shared", Instant.now().minusSeconds(5));
		assertThat(other.notes(token).statusCode()).isEqualTo(200);

		HttpResponse<String> answer = revoke(receiver, Webhooks.revokeUser("user-shared", Instant.now()));
		long answered = System.nanoTime();
		assertThat(answer.statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> other.notes(token).statusCode() == 401);
		long lagMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
		System.out.println("Revocation lag, from the webhook's answer on one instance to the first refusal on the "
				+ "other (" + getClass().getSimpleName() + "): " + lagMillis + " ms");
		assertThat(other.notes(token).body()).contains("\"code\":\"token_revoked\"");
		assertThat(receiver.notes(token).statusCode()).isEqualTo(401);
	}

	@Test
	void anInstanceStartedLaterLoadsEveryCutoffUnderThePrefix() {
		ServiceInstance receiver = instance();
		String token = token("user-before-start", Instant.now().minusSeconds(5));
		assertThat(revoke(receiver, Webhooks.revokeUser("user-before-start", Instant.now())).statusCode())
			.isEqualTo(200);
		assertThat(revoke(receiver, Webhooks.event("jwt.refresh-token.revoke", Instant.now())
			.with("applicationId", "some-app")).statusCode()).isEqualTo(200);

		ServiceInstance later = instance();

		await().atMost(Duration.ofSeconds(10)).until(() -> later.bean(CutoffTable.class).size() == 2);
		assertThat(later.notes(token).statusCode()).isEqualTo(401);
	}

	@Test
	void aCutoffEndsInRedisAndInMemoryTogether() {
		// The receiver's clock is injected; Redis's expiry runs on Redis's own clock, so the key is written with
		// the time the cutoff has left by the receiver's clock (PX), not with an absolute instant (PEXPIREAT).
		ManualClock time = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
		Map<String, String> shortLived = Map.of("offline-auth.revocation.max-token-lifetime", "4s",
				"offline-auth.clock-skew", "0s", "offline-auth.grace.period", "0s");
		ServiceInstance receiver = instance(time, shortLived);
		ServiceInstance other = instance(null, shortLived);
		String token = token("user-short", time.now().minusSeconds(1));
		StringRedisTemplate redis = new StringRedisTemplate(receiver.bean(RedisConnectionFactory.class));
		String key = this.prefix + "cutoff:" + Webhooks.TENANT + ":user-short:";

		assertThat(revoke(receiver, Webhooks.revokeUser("user-short", time.now()).without("applicationTimeToLiveInSeconds"))
			.statusCode()).isEqualTo(200);

		assertThat(redis.getExpire(key, TimeUnit.MILLISECONDS)).isBetween(2_000L, 4_000L);
		assertThat(receiver.notes(token).statusCode()).isEqualTo(401);
		time.advance(Duration.ofMillis(3_900));
		assertThat(receiver.notes(token).statusCode()).isEqualTo(401);
		time.advance(Duration.ofMillis(100));
		assertThat(receiver.notes(token).statusCode()).as("ended in memory at its expiry").isEqualTo(200);
		await().atMost(Duration.ofSeconds(15)).until(() -> !Boolean.TRUE.equals(redis.hasKey(key)));
		await().atMost(Duration.ofSeconds(15)).until(() -> other.notes(token).statusCode() == 200);
		assertThat(instance().bean(CutoffTable.class).live()).as("nothing left to load").isEmpty();
	}

}
