package dev.offlineauth.web.ownchain;

import java.util.List;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.offlineauth.web.TokenFreshness;

import static dev.offlineauth.web.OfflineAuthConfigurer.offlineAuth;

/** An application with its own filter chain, adding offline-auth with one line. */
@SpringBootApplication
public class OwnChainTestApplication {

	@Bean
	SecurityFilterChain api(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**")
			.permitAll()
			.requestMatchers("/api/admin/**")
			.hasRole("admin")
			.requestMatchers("/api/export")
			.access(TokenFreshness.freshToken())
			.anyRequest()
			.authenticated());
		http.with(offlineAuth());
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
