package dev.offlineauth.autoconfigure;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Auto-configuration of offline-auth: keys, offline policy, a {@code JwtDecoder} (unless the application
 * has one) and, in servlet applications, the web security pieces and a default filter chain (unless the
 * application has one). Runs before Spring Boot's resource-server and security auto-configurations, so
 * that theirs back off in favour of these.
 */
@AutoConfiguration(before = { OAuth2ResourceServerAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
		ManagementWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class })
@ConditionalOnClass({ NimbusJwtDecoder.class, Caffeine.class })
@ConditionalOnBooleanProperty(name = "offline-auth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OfflineAuthProperties.class)
@Import({ OfflineAuthKeysConfiguration.class, OfflineAuthDecoderConfiguration.class,
		OfflineAuthServletSecurityConfiguration.class })
public final class OfflineAuthAutoConfiguration {

}
