package dev.offlineauth.revocation.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.offlineauth.actuate.OfflineAuthHealthIndicator;
import dev.offlineauth.test.CapturedLog;
import dev.offlineauth.test.RedisServer;
import dev.offlineauth.test.Webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis scenarios against a real {@code redis-server} process of this machine, started and stopped by
 * the test; and what only a process the test controls allows: Redis going away and coming back.
 */
class RedisServerRevocationTests extends RedisRevocationScenarios {

	private static RedisServer redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@Override
	String redisHost() {
		return "127.0.0.1";
	}

	@Override
	int redisPort() {
		return redis.port();
	}

	@Test
	void anInstanceStartedWhileRedisIsAwayStartsAndJoinsWhenRedisComesBack() {
		ServiceInstance receiver = instance();
		redis.stop();
		try {
			ServiceInstance late = startedInstance(null, Map.of());
			String token = token("user-late", Instant.now().minusSeconds(5));
			assertThat(late.notes(token).statusCode()).as("serving without Redis").isEqualTo(200);
			assertThat(late.storeReachable()).isFalse();

			redis.startAgain();
			await().atMost(Duration.ofSeconds(30)).until(() -> receiver.storeReachable() && late.storeReachable());
			assertThat(revoke(receiver, Webhooks.revokeUser("user-late", Instant.now())).statusCode()).isEqualTo(200);

			// Published before or after it subscribed: the load at its subscription closes the gap.
			await().atMost(Duration.ofSeconds(30)).until(() -> late.notes(token).statusCode() == 401);
		}
		finally {
			redis.startAgain();
		}
	}

	@Test
	void whileRedisIsAwayTheReceiverRefusesAlonePlus503AndTheOtherCatchesUpWhenRedisIsBack() {
		CapturedLog storeLog = CapturedLog.of(RedisCutoffStore.class, Level.INFO).start();
		try {
			ServiceInstance receiver = instance();
			ServiceInstance other = instance();
			warmUp(receiver, other);
			String token = token("user-outage", Instant.now().minusSeconds(5));

			redis.stop();
			// Both notice, each at its own next ping, so that each has one WARN to tell.
			await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.storeReachable() && !other.storeReachable());
			HttpResponse<String> answer = revoke(receiver, Webhooks.revokeUser("user-outage", Instant.now()));

			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.headers().firstValue("Retry-After")).isPresent();
			assertThat(receiver.notes(token).statusCode()).as("applied on the receiver").isEqualTo(401);
			assertThat(other.notes(token).statusCode()).as("not shared yet").isEqualTo(200);
			assertThat(receiver.bean(OfflineAuthHealthIndicator.class).health(true).getStatus().getCode())
				.isEqualTo("UP");
			assertThat(receiver.bean(OfflineAuthHealthIndicator.class).health(true).getDetails().get("revocation"))
				.hasToString("{cutoffs=2, store=redis, storeReachable=false}");

			redis.startAgain();
			long back = System.nanoTime();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> other.notes(token).statusCode() == 401);
			System.out.println("Caught up " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back)
					+ " ms after Redis came back");
			await().atMost(Duration.ofSeconds(30)).until(() -> receiver.storeReachable() && other.storeReachable());
			assertThat(storeLog.records().stream().filter((record) -> record.getLevel() == Level.WARNING))
				.as("one WARN per instance going away, not one per attempt")
				.hasSize(2);
			assertThat(storeLog.records().stream().filter((record) -> record.getLevel() == Level.INFO)).hasSize(2);

			String later = token("user-after-outage", Instant.now().minusSeconds(5));
			assertThat(revoke(receiver, Webhooks.revokeUser("user-after-outage", Instant.now())).statusCode())
				.isEqualTo(200);
			await("publishing works again").atMost(Duration.ofSeconds(10))
				.until(() -> other.notes(later).statusCode() == 401);
		}
		finally {
			storeLog.close();
			redis.startAgain();
		}
	}

}
