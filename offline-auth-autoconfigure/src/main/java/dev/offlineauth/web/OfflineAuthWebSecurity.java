package dev.offlineauth.web;

import java.util.Objects;
import java.util.Set;

import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * What {@link OfflineAuthConfigurer} adds to a filter chain, prepared once by the auto-configuration.
 *
 * @param decoder the decoder: offline-auth's, or the application's own
 * @param converter turns a decoded token into an {@link OfflineAuthenticationToken}
 * @param entryPoint answers failed and missing authentication
 * @param accessDeniedHandler answers refused authorization
 * @param graceAllowedMethods the methods a token in grace may use
 * @param observer told of every decision
 * @param responder writes every refusal
 * @param errorPath the error path ({@code server.error.path}), refused when asked for directly
 */
public record OfflineAuthWebSecurity(JwtDecoder decoder, OfflineJwtAuthenticationConverter converter,
		ProblemAuthenticationEntryPoint entryPoint, ProblemAccessDeniedHandler accessDeniedHandler,
		Set<String> graceAllowedMethods, DecisionObserver observer, ProblemResponder responder, String errorPath) {

	public OfflineAuthWebSecurity {
		Objects.requireNonNull(decoder, "decoder");
		Objects.requireNonNull(converter, "converter");
		Objects.requireNonNull(entryPoint, "entryPoint");
		Objects.requireNonNull(accessDeniedHandler, "accessDeniedHandler");
		graceAllowedMethods = Set.copyOf(graceAllowedMethods);
		Objects.requireNonNull(observer, "observer");
		Objects.requireNonNull(responder, "responder");
		Objects.requireNonNull(errorPath, "errorPath");
	}

}
