package dev.offlineauth.autoconfigure;

import java.util.Set;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.offlineauth.web.CompositeDecisionObserver;
import dev.offlineauth.web.DecisionObserver;
import dev.offlineauth.web.OfflineAuthConfigurer;
import dev.offlineauth.web.OfflineAuthWebSecurity;
import dev.offlineauth.web.OfflineJwtAuthenticationConverter;
import dev.offlineauth.web.ProblemAccessDeniedHandler;
import dev.offlineauth.web.ProblemAuthenticationEntryPoint;
import dev.offlineauth.web.ProblemRequestRejectedHandler;
import dev.offlineauth.web.ProblemResponder;
import dev.offlineauth.web.TokenFreshness;

/**
 * The servlet security pieces: what {@link OfflineAuthConfigurer} adds to a chain, the {@code offlineAuth}
 * bean for method security, and a default chain when the application defines none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, BearerTokenAuthenticationFilter.class })
class OfflineAuthServletSecurityConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OfflineAuthWebSecurity offlineAuthWebSecurity(JwtDecoder jwtDecoder, OfflineAuthProperties properties,
			ObjectProvider<DecisionObserver> observers, Environment environment) {
		// Every observer is told, the application's own beside the metrics.
		DecisionObserver observer = CompositeDecisionObserver.of(observers.orderedStream().toList());
		ProblemResponder responder = new ProblemResponder(properties.getConnectivity().getProbeInterval(), observer);
		OfflineJwtAuthenticationConverter converter = new OfflineJwtAuthenticationConverter(
				properties.getAuthorities().getClaim(), properties.getAuthorities().getPrefix(),
				properties.getPrincipalClaim());
		return new OfflineAuthWebSecurity(jwtDecoder, converter, new ProblemAuthenticationEntryPoint(responder),
				new ProblemAccessDeniedHandler(responder), Set.copyOf(properties.getGrace().getAllowedMethods()), observer,
				responder, environment.getProperty("server.error.path", "/error"));
	}

	/**
	 * Answers what Spring Security's firewall refuses with a problem (400, or 405 for a method); Spring
	 * Security's {@code WebSecurity} picks up the bean for every filter chain.
	 */
	@Bean
	@ConditionalOnMissingBean
	RequestRejectedHandler offlineAuthRequestRejectedHandler(OfflineAuthWebSecurity web) {
		return new ProblemRequestRejectedHandler(web.responder());
	}

	@Bean(name = "offlineAuth")
	@ConditionalOnMissingBean(name = "offlineAuth")
	TokenFreshness offlineAuth() {
		return new TokenFreshness();
	}

	@Bean
	MethodSecurityOffWarning offlineAuthMethodSecurityOffWarning(ConfigurableListableBeanFactory beanFactory) {
		return new MethodSecurityOffWarning(beanFactory);
	}

	/**
	 * Registered only when the application defines no filter chain of its own. The condition is Spring
	 * Boot's default-web-security condition written out, because its annotation has a different name on
	 * each Boot line (and the 4.0 name is deprecated for removal in 4.1).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	static class DefaultSecurityFilterChainConfiguration {

		@Bean
		SecurityFilterChain offlineAuthSecurityFilterChain(HttpSecurity http, OfflineAuthProperties properties,
				OfflineAuthWebSecurity web) {
			String[] permit = properties.getSecurity().getPermit().toArray(String[]::new);
			// Error dispatches render the error of a request already decided; a direct request of the error
			// path is refused by the configurer.
			http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(permit)
				.permitAll()
				.anyRequest()
				.authenticated());
			http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.csrf(AbstractHttpConfigurer::disable);
			http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(web.entryPoint())
				.accessDeniedHandler(web.accessDeniedHandler()));
			http.with(OfflineAuthConfigurer.offlineAuth());
			return http.build();
		}

	}

}
