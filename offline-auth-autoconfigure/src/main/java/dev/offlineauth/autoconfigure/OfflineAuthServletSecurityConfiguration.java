package dev.offlineauth.autoconfigure;

import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

import dev.offlineauth.web.DecisionObserver;
import dev.offlineauth.web.OfflineAuthConfigurer;
import dev.offlineauth.web.OfflineAuthWebSecurity;
import dev.offlineauth.web.OfflineJwtAuthenticationConverter;
import dev.offlineauth.web.ProblemAccessDeniedHandler;
import dev.offlineauth.web.ProblemAuthenticationEntryPoint;
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
			ObjectProvider<DecisionObserver> observers) {
		DecisionObserver observer = observers.getIfAvailable(() -> DecisionObserver.NONE);
		ProblemResponder responder = new ProblemResponder(properties.getConnectivity().getProbeInterval(), observer);
		OfflineJwtAuthenticationConverter converter = new OfflineJwtAuthenticationConverter(
				properties.getAuthorities().getClaim(), properties.getAuthorities().getPrefix(),
				properties.getPrincipalClaim());
		return new OfflineAuthWebSecurity(jwtDecoder, converter, new ProblemAuthenticationEntryPoint(responder),
				new ProblemAccessDeniedHandler(responder), Set.copyOf(properties.getGrace().getAllowedMethods()), observer);
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

	/** Registered only when the application defines no filter chain of its own. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDefaultWebSecurity
	static class DefaultSecurityFilterChainConfiguration {

		@Bean
		SecurityFilterChain offlineAuthSecurityFilterChain(HttpSecurity http, OfflineAuthProperties properties,
				OfflineAuthWebSecurity web) {
			String[] permit = properties.getSecurity().getPermit().toArray(String[]::new);
			http.authorizeHttpRequests((requests) -> requests.requestMatchers(permit)
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
