package dev.offlineauth.revocation.redis;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Redis scenarios against the {@code redis:7} image, wherever a Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class RedisContainerRevocationTests extends RedisRevocationScenarios {

	@Container
	static final GenericContainer<?> REDIS = new GenericContainer<>("redis:7").withExposedPorts(6379);

	@Override
	String redisHost() {
		return REDIS.getHost();
	}

	@Override
	int redisPort() {
		return REDIS.getMappedPort(6379);
	}

}
