package dev.offlineauth.web;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * The one line that adds offline-auth to an application's own filter chain:
 *
 * <pre class="code">
 * http.with(OfflineAuthConfigurer.offlineAuth());
 * </pre>
 *
 * It configures the bearer-token resource server with offline-auth's decoder (or the application's own
 * {@code JwtDecoder} bean), authorities and principal, the problem+json answers for every refusal, and
 * the read-only rule for tokens in grace, a problem answer for a direct request of the error path, and
 * with revocation enabled FusionAuth's webhook endpoint (answered before CSRF and authentication, so
 * FusionAuth needs no token). Authorization rules, sessions and CSRF stay the application's.
 */
public final class OfflineAuthConfigurer extends AbstractHttpConfigurer<OfflineAuthConfigurer, HttpSecurity> {

	private OfflineAuthWebSecurity web;

	private OfflineAuthConfigurer() {
	}

	/** A configurer for one filter chain; create one per chain. */
	public static OfflineAuthConfigurer offlineAuth() {
		return new OfflineAuthConfigurer();
	}

	@Override
	public void init(HttpSecurity http) {
		OfflineAuthWebSecurity web = web(http);
		http.oauth2ResourceServer((resourceServer) -> resourceServer
			.jwt((jwt) -> jwt.decoder(web.decoder()).jwtAuthenticationConverter(web.converter()))
			.authenticationEntryPoint(web.entryPoint())
			.accessDeniedHandler(web.accessDeniedHandler())
			.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
				@Override
				public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
					// Spring's default handler rethrows service exceptions, which become a 500.
					filter.setAuthenticationFailureHandler(web.entryPoint());
					return filter;
				}
			}));
	}

	@Override
	public void configure(HttpSecurity http) {
		OfflineAuthWebSecurity web = web(http);
		GraceReadOnlyFilter graceFilter = new GraceReadOnlyFilter(web.graceAllowedMethods(),
				web.accessDeniedHandler(), web.observer());
		graceFilter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		http.addFilterAfter(postProcess(graceFilter), BearerTokenAuthenticationFilter.class);
		http.addFilterBefore(postProcess(new ErrorPathFilter(web.errorPath(), web.responder())),
				BearerTokenAuthenticationFilter.class);
		RevocationWebhookEndpoint webhook = http.getSharedObject(ApplicationContext.class)
			.getBeanProvider(RevocationWebhookEndpoint.class)
			.getIfAvailable();
		if (webhook != null) {
			http.addFilterBefore(postProcess(new RevocationWebhookFilter(webhook)), CsrfFilter.class);
		}
	}

	private OfflineAuthWebSecurity web(HttpSecurity http) {
		if (this.web == null) {
			ApplicationContext context = http.getSharedObject(ApplicationContext.class);
			try {
				this.web = context.getBean(OfflineAuthWebSecurity.class);
			}
			catch (NoSuchBeanDefinitionException ex) {
				throw new IllegalStateException("offline-auth is not configured in this application "
						+ "(is offline-auth.enabled=false?), so it cannot be added to a filter chain", ex);
			}
		}
		return this.web;
	}

}
