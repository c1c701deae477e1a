package dev.offlineauth.autoconfigure;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.util.ClassUtils;

import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.jwt.OfflineReactiveJwtDecoder;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.OfflineAuthWebSecurity;
import dev.offlineauth.web.RevocationWebhookEndpoint;
import dev.offlineauth.web.TokenFreshness;
import dev.offlineauth.web.reactive.OfflineAuthServerSecurity;
import dev.offlineauth.web.reactive.ServerProblemExchangeRejectedHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive wiring: in a WebFlux application offline-auth registers a {@code ReactiveJwtDecoder} on its
 * decode path and a default {@code SecurityWebFilterChain}, each backing off to the application's own,
 * with Spring Boot's reactive resource-server and security auto-configurations of the line under test
 * present (loaded by name, so that the same test runs on both lines); the servlet pieces stay away, and
 * the reactive ones stay away from a servlet application.
 */
class ReactiveAutoConfigurationTests {

	private static final FakeFusionAuth FUSION_AUTH = new FakeFusionAuth();

	private static final String[] PROPERTIES = { "offline-auth.issuer=acme.com", "offline-auth.audiences=app-1",
			"offline-auth.fusionauth.base-url=" + FUSION_AUTH.baseUrl() };

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class,
				OfflineAuthRevocationAutoConfiguration.class, SecurityAutoConfiguration.class))
		.withConfiguration(byName(SpringBootLine.current().reactiveAutoConfigurations()))
		.withPropertyValues(PROPERTIES);

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@Test
	void aReactiveApplicationGetsTheReactiveDecoderAndADefaultChain() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(OfflineReactiveJwtDecoder.class)
				.hasSingleBean(ReactiveJwtDecoder.class)
				.hasSingleBean(OfflineAuthServerSecurity.class)
				.hasBean("offlineAuthSecurityWebFilterChain")
				.hasSingleBean(SecurityWebFilterChain.class)
				.hasSingleBean(ServerProblemExchangeRejectedHandler.class)
				.hasSingleBean(ServerExchangeRejectedHandler.class)
				.hasBean("offlineAuthMethodSecurityOffWarning")
				.doesNotHaveBean("inMemoryUserDetailsManager")
				.doesNotHaveBean("userDetailsService");
			assertThat(context.getBean("offlineAuth")).isInstanceOf(TokenFreshness.class);
			assertThat(context.getBean(OfflineAuthServerSecurity.class).decoder())
				.isSameAs(context.getBean(OfflineReactiveJwtDecoder.class));
		});
	}

	@Test
	void theServletPiecesStayAwayFromAReactiveApplication() {
		this.contextRunner.withPropertyValues("offline-auth.revocation.enabled=true",
				"offline-auth.revocation.webhook.signing-key-ids=webhook-key")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OfflineAuthWebSecurity.class)
				.doesNotHaveBean(SecurityFilterChain.class)
				.doesNotHaveBean(RequestRejectedHandler.class)
				// The endpoint is transport-free: the reactive chain answers it.
				.hasSingleBean(RevocationWebhookEndpoint.class));
	}

	@Test
	void theReactiveDecoderBacksOffToTheApplicationsOwn() {
		this.contextRunner.withUserConfiguration(OwnReactiveDecoderConfig.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(OfflineReactiveJwtDecoder.class);
			assertThat(context.getBeansOfType(ReactiveJwtDecoder.class)).containsOnlyKeys("ownReactiveDecoder");
			assertThat(context.getBean(OfflineAuthServerSecurity.class).decoder())
				.isSameAs(context.getBean("ownReactiveDecoder"));
		});
	}

	@Test
	void theDefaultChainBacksOffToTheApplicationsOwnWhichKeepsTheOneLine() {
		this.contextRunner.withUserConfiguration(OwnChainConfig.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean("offlineAuthSecurityWebFilterChain");
			assertThat(context.getBeansOfType(SecurityWebFilterChain.class)).containsOnlyKeys("ownChain");
			assertThat(context).hasSingleBean(OfflineAuthServerSecurity.class).hasSingleBean(OfflineReactiveJwtDecoder.class);
		});
	}

	@Test
	void springBootsReactiveDecoderAndChainBackOff() {
		this.contextRunner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + FUSION_AUTH.baseUrl()
					+ "/.well-known/jwks.json")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(ReactiveJwtDecoder.class)).containsOnlyKeys("offlineAuthReactiveJwtDecoder");
				assertThat(context.getBeansOfType(SecurityWebFilterChain.class))
					.containsOnlyKeys("offlineAuthSecurityWebFilterChain");
			});
	}

	@Test
	void withoutTheStarterSpringBootsReactiveDecoderAndChainWouldServe() {
		this.contextRunner
			.withPropertyValues("offline-auth.enabled=false", "spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
					+ FUSION_AUTH.baseUrl() + "/.well-known/jwks.json")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(OfflineAuthServerSecurity.class)
					.doesNotHaveBean(OfflineJwtDecoder.class)
					.hasSingleBean(SecurityWebFilterChain.class);
				assertThat(context.getBean(ReactiveJwtDecoder.class)).isInstanceOf(NimbusReactiveJwtDecoder.class);
			});
	}

	@Test
	void theReactivePiecesStayAwayFromAServletApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class,
					OfflineAuthRevocationAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
			.withPropertyValues(PROPERTIES)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OfflineAuthWebSecurity.class)
				.hasSingleBean(SecurityFilterChain.class)
				.hasSingleBean(JwtDecoder.class)
				.doesNotHaveBean(ReactiveJwtDecoder.class)
				.doesNotHaveBean(OfflineAuthServerSecurity.class)
				.doesNotHaveBean(SecurityWebFilterChain.class)
				.doesNotHaveBean(ServerExchangeRejectedHandler.class));
	}

	private static AutoConfigurations byName(List<String> names) {
		ClassLoader classLoader = ReactiveAutoConfigurationTests.class.getClassLoader();
		return AutoConfigurations.of(Stream.of(names.toArray(String[]::new))
			.map((name) -> ClassUtils.resolveClassName(name, classLoader))
			.toArray(Class<?>[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReactiveDecoderConfig {

		@Bean
		ReactiveJwtDecoder ownReactiveDecoder() {
			return (token) -> Mono.error(new BadJwtException("not this one"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChainConfig {

		@Bean
		SecurityWebFilterChain ownChain(ServerHttpSecurity http, OfflineAuthServerSecurity offlineAuth) {
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
			return offlineAuth.applyTo(http).build();
		}

	}

}
