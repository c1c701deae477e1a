package dev.offlineauth.autoconfigure;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Auto-configuration of offline-auth: keys, offline policy, a {@code JwtDecoder} (unless the application
 * has one) and the web security pieces with a default filter chain (unless the application has one): of
 * Spring MVC in servlet applications, of WebFlux (with a {@code ReactiveJwtDecoder}) in reactive ones. Runs before Spring Boot's resource-server and security auto-configurations, so
 * that theirs back off in favour of these.
 * <p>
 * Ordered by name against both supported Spring Boot lines: 4.1 moved the resource-server
 * auto-configuration out of its {@code servlet} package and split the filter chain into its own
 * auto-configuration, and a class literal of either line would not resolve on the other.
 */
@AutoConfiguration(beforeName = {
		// Spring Boot 4.0
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
		// Spring Boot 4.1
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration",
		// Both lines
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration" })
@ConditionalOnClass({ NimbusJwtDecoder.class, Caffeine.class })
@ConditionalOnBooleanProperty(name = "offline-auth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OfflineAuthProperties.class)
@Import({ OfflineAuthKeysConfiguration.class, OfflineAuthDecoderConfiguration.class,
		OfflineAuthServletSecurityConfiguration.class, OfflineAuthReactiveSecurityConfiguration.class })
public final class OfflineAuthAutoConfiguration {

}
