package dev.offlineauth.autoconfigure;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.CsrfSpec;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.jwt.OfflineReactiveJwtDecoder;
import dev.offlineauth.web.CompositeDecisionObserver;
import dev.offlineauth.web.DecisionObserver;
import dev.offlineauth.web.OfflineJwtAuthenticationConverter;
import dev.offlineauth.web.ProblemRenderer;
import dev.offlineauth.web.RevocationWebhookEndpoint;
import dev.offlineauth.web.TokenFreshness;
import dev.offlineauth.web.reactive.OfflineAuthServerSecurity;
import dev.offlineauth.web.reactive.ServerProblemExchangeRejectedHandler;
import dev.offlineauth.web.reactive.ServerProblemResponder;

/**
 * The reactive (WebFlux) security pieces: a {@link ReactiveJwtDecoder} on offline-auth's decode path
 * (unless the application has one), what {@link OfflineAuthServerSecurity} adds to a chain, the
 * {@code offlineAuth} bean for method security, and a default chain when the application defines none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ ServerHttpSecurity.class, ServerBearerTokenAuthenticationConverter.class, Mono.class })
class OfflineAuthReactiveSecurityConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveJwtDecoder.class)
	@ConditionalOnBean(OfflineJwtDecoder.class)
	OfflineReactiveJwtDecoder offlineAuthReactiveJwtDecoder(OfflineJwtDecoder decoder) {
		return new OfflineReactiveJwtDecoder(decoder);
	}

	@Bean
	@ConditionalOnMissingBean
	OfflineAuthServerSecurity offlineAuthServerSecurity(ObjectProvider<ReactiveJwtDecoder> decoder,
			OfflineAuthProperties properties, ObjectProvider<DecisionObserver> observers,
			ObjectProvider<RevocationWebhookEndpoint> webhook) {
		ReactiveJwtDecoder jwtDecoder = decoder.getIfUnique();
		if (jwtDecoder == null) {
			throw new IllegalStateException("offline-auth needs one ReactiveJwtDecoder in a reactive application: "
					+ "an application that defines its own JwtDecoder defines a ReactiveJwtDecoder too");
		}
		// Every observer is told, the application's own beside the metrics.
		DecisionObserver observer = CompositeDecisionObserver.of(observers.orderedStream().toList());
		ServerProblemResponder responder = new ServerProblemResponder(
				new ProblemRenderer(properties.getConnectivity().getProbeInterval(), observer));
		OfflineJwtAuthenticationConverter converter = new OfflineJwtAuthenticationConverter(
				properties.getAuthorities().getClaim(), properties.getAuthorities().getPrefix(),
				properties.getPrincipalClaim());
		return new OfflineAuthServerSecurity(jwtDecoder, converter, responder, properties.getGrace().getAllowedMethods(),
				observer, webhook.getIfAvailable());
	}

	/**
	 * Answers what Spring Security's reactive firewall refuses with a problem (400, or 405 for a method);
	 * Spring Security's {@code WebFilterChainProxy} picks up the bean.
	 */
	@Bean
	@ConditionalOnMissingBean
	ServerExchangeRejectedHandler offlineAuthExchangeRejectedHandler(OfflineAuthServerSecurity security) {
		return new ServerProblemExchangeRejectedHandler(security.responder());
	}

	@Bean(name = "offlineAuth")
	@ConditionalOnMissingBean(name = "offlineAuth")
	TokenFreshness offlineAuth() {
		return new TokenFreshness();
	}

	@Bean
	MethodSecurityOffWarning offlineAuthMethodSecurityOffWarning(ConfigurableListableBeanFactory beanFactory) {
		return new MethodSecurityOffWarning(beanFactory, "@EnableReactiveMethodSecurity");
	}

	/** Registered only when the application defines no reactive filter chain of its own. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	static class DefaultSecurityWebFilterChainConfiguration {

		@Bean
		SecurityWebFilterChain offlineAuthSecurityWebFilterChain(ServerHttpSecurity http,
				OfflineAuthProperties properties, OfflineAuthServerSecurity offlineAuth) {
			String[] permit = properties.getSecurity().getPermit().toArray(String[]::new);
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers(permit).permitAll().anyExchange().authenticated());
			// Stateless: no session holds a security context or a request to replay.
			http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
			http.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()));
			http.csrf(CsrfSpec::disable);
			http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(offlineAuth.entryPoint())
				.accessDeniedHandler(offlineAuth.accessDeniedHandler()));
			offlineAuth.applyTo(http);
			return http.build();
		}

	}

}
