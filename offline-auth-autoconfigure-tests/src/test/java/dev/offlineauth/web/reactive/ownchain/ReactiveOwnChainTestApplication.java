package dev.offlineauth.web.reactive.ownchain;

import java.util.List;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.offlineauth.web.reactive.OfflineAuthServerSecurity;
import dev.offlineauth.web.reactive.ReactiveTokenFreshness;

/** A WebFlux application with its own filter chain, adding offline-auth with one line. */
@SpringBootApplication
public class ReactiveOwnChainTestApplication {

	@Bean
	SecurityWebFilterChain api(ServerHttpSecurity http, OfflineAuthServerSecurity offlineAuth) {
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/public/**")
			.permitAll()
			.pathMatchers("/api/admin/**")
			.hasRole("admin")
			.pathMatchers("/api/export")
			.access(ReactiveTokenFreshness.freshToken())
			.anyExchange()
			.authenticated());
		offlineAuth.applyTo(http);
		return http.build();
	}

	@RestController
	static class Endpoints {

		@GetMapping("/api/items")
		List<String> items() {
			return List.of("item");
		}

		@PostMapping("/api/items")
		@ResponseStatus(HttpStatus.CREATED)
		String add() {
			return "added";
		}

		@GetMapping("/api/admin/report")
		String report() {
			return "report";
		}

		@GetMapping("/api/export")
		List<String> export() {
			return List.of("everything");
		}

		@GetMapping("/public/ping")
		String ping() {
			return "pong";
		}

	}

}
