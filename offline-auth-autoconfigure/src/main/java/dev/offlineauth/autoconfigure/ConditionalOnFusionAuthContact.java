package dev.offlineauth.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when FusionAuth is contacted: {@code offline-auth.fusionauth.base-url} or
 * {@code offline-auth.jwks.uri} is set. Without either, only the bundled JWKS serves.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(FusionAuthContactCondition.class)
@interface ConditionalOnFusionAuthContact {

}
