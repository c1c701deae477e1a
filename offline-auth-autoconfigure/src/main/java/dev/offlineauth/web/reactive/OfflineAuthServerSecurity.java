package dev.offlineauth.web.reactive;

import java.util.Collection;
import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import dev.offlineauth.web.DecisionObserver;
import dev.offlineauth.web.OfflineJwtAuthenticationConverter;
import dev.offlineauth.web.RevocationWebhookEndpoint;

/**
 * What offline-auth adds to a reactive application's {@link ServerHttpSecurity}, prepared once by the
 * auto-configuration, and the one line that adds it to an application's own chain:
 *
 * <pre class="code">
 * &#64;Bean
 * SecurityWebFilterChain api(ServerHttpSecurity http, OfflineAuthServerSecurity offlineAuth) {
 *     http.authorizeExchange((exchanges) -&gt; exchanges.anyExchange().authenticated());
 *     offlineAuth.applyTo(http);
 *     return http.build();
 * }
 * </pre>
 *
 * It configures the bearer-token resource server with offline-auth's {@code ReactiveJwtDecoder} (or the
 * application's own), authorities and principal, the problem+json answers for every refusal, the
 * read-only rule for tokens in grace right after authentication, and with revocation enabled FusionAuth's
 * webhook endpoint (answered before CSRF and authentication, so FusionAuth needs no token). Authorization
 * rules, the security context repository and CSRF stay the application's. Reactive Spring Security has no
 * configurer hook, which is why this is a bean the chain is handed to rather than an {@code http.with(...)}.
 *
 * <p>Immutable and thread-safe; one instance serves any number of chains.
 */
public final class OfflineAuthServerSecurity {

	private final ReactiveJwtDecoder decoder;

	private final Converter<Jwt, Mono<AbstractAuthenticationToken>> converter;

	private final ServerProblemResponder responder;

	private final ServerProblemAuthenticationEntryPoint entryPoint;

	private final ServerProblemAccessDeniedHandler accessDeniedHandler;

	private final GraceReadOnlyWebFilter graceFilter;

	private final RevocationWebhookWebFilter webhookFilter;

	/**
	 * @param decoder the decoder: offline-auth's, or the application's own
	 * @param converter turns a decoded token into an {@code OfflineAuthenticationToken}
	 * @param responder writes every refusal
	 * @param graceAllowedMethods the methods a token in grace may use
	 * @param observer told of every token let through
	 * @param webhook FusionAuth's webhook endpoint, or {@code null} when revocation is off
	 */
	public OfflineAuthServerSecurity(ReactiveJwtDecoder decoder, OfflineJwtAuthenticationConverter converter,
			ServerProblemResponder responder, Collection<String> graceAllowedMethods, DecisionObserver observer,
			RevocationWebhookEndpoint webhook) {
		this.decoder = Objects.requireNonNull(decoder, "decoder");
		Objects.requireNonNull(converter, "converter");
		// Inside the authentication manager's flatMap, so a claim of the wrong type becomes an error signal.
		this.converter = (jwt) -> Mono.just(converter.convert(jwt));
		this.responder = Objects.requireNonNull(responder, "responder");
		this.entryPoint = new ServerProblemAuthenticationEntryPoint(responder);
		this.accessDeniedHandler = new ServerProblemAccessDeniedHandler(responder);
		this.graceFilter = new GraceReadOnlyWebFilter(graceAllowedMethods, this.accessDeniedHandler, observer);
		this.webhookFilter = (webhook != null) ? new RevocationWebhookWebFilter(webhook) : null;
	}

	/**
	 * Adds offline-auth to a chain.
	 * @param http the chain being built
	 * @return the same chain, for more configuration
	 */
	public ServerHttpSecurity applyTo(ServerHttpSecurity http) {
		http.oauth2ResourceServer((resourceServer) -> resourceServer
			.jwt((jwt) -> jwt.jwtDecoder(this.decoder).jwtAuthenticationConverter(this.converter))
			.authenticationEntryPoint(this.entryPoint)
			.accessDeniedHandler(this.accessDeniedHandler)
			// Spring's default handler rethrows service exceptions, which become a 500.
			.authenticationFailureHandler(this.entryPoint));
		http.addFilterAfter(this.graceFilter, SecurityWebFiltersOrder.AUTHENTICATION);
		if (this.webhookFilter != null) {
			http.addFilterBefore(this.webhookFilter, SecurityWebFiltersOrder.CSRF);
		}
		return http;
	}

	/** The decoder the chain authenticates with. */
	public ReactiveJwtDecoder decoder() {
		return this.decoder;
	}

	/** Answers failed and missing authentication. */
	public ServerProblemAuthenticationEntryPoint entryPoint() {
		return this.entryPoint;
	}

	/** Answers refused authorization. */
	public ServerProblemAccessDeniedHandler accessDeniedHandler() {
		return this.accessDeniedHandler;
	}

	/** Writes every refusal. */
	public ServerProblemResponder responder() {
		return this.responder;
	}

}
