package dev.offlineauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** See {@link ConditionalOnFusionAuthContact}. */
class FusionAuthContactCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		for (String property : new String[] { "offline-auth.fusionauth.base-url", "offline-auth.jwks.uri" }) {
			if (StringUtils.hasText(environment.getProperty(property))) {
				return ConditionOutcome.match(property + " is set");
			}
		}
		return ConditionOutcome.noMatch("neither offline-auth.fusionauth.base-url nor offline-auth.jwks.uri is set");
	}

}
