package dev.offlineauth.test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import dev.offlineauth.autoconfigure.OfflineAuthProperties;
import dev.offlineauth.jwks.BackgroundContact;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.revocation.RevocationWebhook;

/**
 * Starts a {@link FakeFusionAuth} for a test context, before the context is refreshed: registers it, its
 * {@link ManualClock} and that clock as the service's {@link TimeSource} as beans (offline-auth's own
 * {@code TimeSource} then backs off), and puts the {@code offline-auth.*} properties that point at it first
 * in the environment. The fake is closed with the context.
 *
 * <p>Immutable; equal for equal annotation attributes, as it is part of the context cache key.
 */
final class FakeFusionAuthContextCustomizer implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "fakeFusionAuth";

	private final boolean bundledJwks;

	FakeFusionAuthContextCustomizer(boolean bundledJwks) {
		this.bundledJwks = bundledJwks;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		ConfigurableEnvironment environment = context.getEnvironment();
		ManualClock clock = ManualClock.startingNow();
		FakeFusionAuth fusionAuth = new FakeFusionAuth(clock);
		fusionAuth.observedBy(new ServiceUnderTest(beanFactory.getBeanProvider(OfflineAuthProperties.class),
				beanFactory.getBeanProvider(RefreshingKeyRingProvider.class),
				beanFactory.getBeanProvider(BackgroundContact.class), beanFactory.getBeanProvider(Connectivity.class),
				beanFactory.getBeanProvider(RevocationWebhook.class), environment));
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties(fusionAuth, environment)));
		BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
		RootBeanDefinition fake = definition(FakeFusionAuth.class, () -> fusionAuth);
		fake.setDestroyMethodName("close");
		registry.registerBeanDefinition("fakeFusionAuth", fake);
		registry.registerBeanDefinition("fakeFusionAuthClock", definition(ManualClock.class, () -> clock));
		registry.registerBeanDefinition("fakeFusionAuthTimeSource", definition(TimeSource.class, clock::timeSource));
	}

	private Map<String, Object> properties(FakeFusionAuth fusionAuth, ConfigurableEnvironment environment) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("offline-auth.fusionauth.base-url", fusionAuth.baseUrl().toString());
		properties.put("offline-auth.jwks.uri", fusionAuth.baseUrl() + FusionAuthEndpoints.JWKS_PATH);
		// Neither a snapshot left by an earlier run nor one written by this test.
		properties.put("offline-auth.jwks.snapshot", "");
		if (!this.bundledJwks) {
			properties.put("offline-auth.jwks.bundled", "");
		}
		// FusionAuth signs its webhooks with a key of its own choosing: the fake's is trusted for revoke().
		properties.put("offline-auth.revocation.webhook.signing-key-ids", fusionAuth.webhookKeyId());
		if (!isSet(environment, "offline-auth.issuer")) {
			properties.put("offline-auth.issuer", FakeFusionAuth.DEFAULT_ISSUER);
		}
		if (!isSet(environment, "offline-auth.audiences")) {
			properties.put("offline-auth.audiences", fusionAuth.applicationId());
		}
		return properties;
	}

	private static boolean isSet(ConfigurableEnvironment environment, String name) {
		return Binder.get(environment)
			.bind(name, Bindable.listOf(String.class))
			.map((values) -> values.stream().anyMatch((value) -> !value.isBlank()))
			.orElse(false);
	}

	private static <T> RootBeanDefinition definition(Class<T> type, Supplier<T> instance) {
		return new RootBeanDefinition(type, instance);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof FakeFusionAuthContextCustomizer customizer
				&& customizer.bundledJwks == this.bundledJwks);
	}

	@Override
	public int hashCode() {
		return Boolean.hashCode(this.bundledJwks);
	}

}
