package dev.offlineauth.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.jwt.TokenRevocation;
import dev.offlineauth.jwt.TokenValidators;
import dev.offlineauth.jwt.VerifiedTokenCache;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.TimeSource;

/**
 * The {@link JwtDecoder} and its verified-token cache, unless the application defines its own decoder.
 * Any {@code OAuth2TokenValidator<Jwt>} beans are applied after offline-auth's own checks; revocation, when
 * enabled, after the offline policy.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(JwtDecoder.class)
class OfflineAuthDecoderConfiguration {

	@Bean
	OfflineJwtDecoder offlineAuthJwtDecoder(KeyRingProvider keys, OfflinePolicy policy,
			OfflineAuthProperties properties, ObjectProvider<OAuth2TokenValidator<Jwt>> validators,
			VerifiedTokenCache verifiedTokens, ObjectProvider<TokenRevocation> revocation) {
		return new OfflineJwtDecoder(keys, policy, OfflineAuthKeysConfiguration.allowedAlgorithms(properties),
				TokenValidators.of(properties.getIssuer(), properties.getAudiences(), properties.getPrincipalClaim(),
						properties.getAuthorities().getClaim(), validators.orderedStream().toList()),
				verifiedTokens, revocation.getIfAvailable(() -> TokenRevocation.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	VerifiedTokenCache offlineAuthVerifiedTokenCache(OfflineAuthProperties properties, TimeSource time) {
		// Past exp + skew + grace no request can accept the token, so its entry goes then.
		return new VerifiedTokenCache(properties.getCache().getVerifiedTokens(),
				properties.getClockSkew().plus(properties.getGrace().getPeriod()), time);
	}

}
