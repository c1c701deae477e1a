package dev.offlineauth.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.revocation.CutoffStore;
import dev.offlineauth.revocation.CutoffTable;
import dev.offlineauth.revocation.redis.RedisCutoffStore;

/** Where cutoffs are shared: {@code offline-auth.revocation.store}. */
final class RevocationStoreConfiguration {

	static final String PROPERTY = "offline-auth.revocation.store";

	private static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

	/** How often Redis is checked: a PING, negligible next to what any Redis serves. */
	static final Duration REDIS_CHECK_INTERVAL = Duration.ofSeconds(2);

	private RevocationStoreConfiguration() {
	}

	/** {@code memory}: cutoffs stay on the instance that received them. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = PROPERTY, havingValue = "memory", matchIfMissing = true)
	static class Memory {

		@Bean
		@ConditionalOnMissingBean
		CutoffStore offlineAuthCutoffStore() {
			return CutoffStore.MEMORY;
		}

	}

	/** {@code redis}: shared by every instance, over Spring Boot's Redis connection. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = PROPERTY, havingValue = "redis")
	@ConditionalOnClass(name = REDIS_CONNECTION_FACTORY)
	static class Redis {

		@Bean
		@ConditionalOnMissingBean
		RedisCutoffStore offlineAuthCutoffStore(ObjectProvider<RedisConnectionFactory> connectionFactory,
				OfflineAuthProperties properties, CutoffTable table, TimeSource time) {
			RedisConnectionFactory redis = connectionFactory.getIfAvailable();
			if (redis == null) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY, "redis",
						"there is no RedisConnectionFactory: let Spring Boot's Redis auto-configuration create one "
								+ "(spring.data.redis.host, spring.data.redis.port, ...), or write memory");
			}
			return new RedisCutoffStore(redis, properties.getRevocation().getRedis().getKeyPrefix(), table,
					time.wallClock(), REDIS_CHECK_INTERVAL);
		}

		@Bean
		SmartLifecycle offlineAuthRedisCutoffStoreLifecycle(RedisCutoffStore store) {
			return new SmartLifecycle() {

				@Override
				public void start() {
					store.start();
				}

				@Override
				public void stop() {
					store.stop();
				}

				@Override
				public boolean isRunning() {
					return store.isRunning();
				}

			};
		}

	}

	/** {@code redis} without Spring Data Redis: a mistake to tell at startup, not in the first outage. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = PROPERTY, havingValue = "redis")
	@ConditionalOnMissingClass(REDIS_CONNECTION_FACTORY)
	static class RedisMissing {

		@Bean
		CutoffStore offlineAuthCutoffStore() {
			throw new InvalidConfigurationPropertyValueException(PROPERTY, "redis",
					"Spring Data Redis is not on the classpath: add org.springframework.boot:spring-boot-starter-data-redis, "
							+ "or write memory");
		}

	}

}
