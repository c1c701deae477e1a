package dev.offlineauth.benchmarks.stock;

import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's stock resource server, for comparison: the same endpoint as demo-service's
 * {@code GET /api/notes}, the same dependencies (Web MVC, Security's resource server, Actuator), and
 * nothing but Boot's own properties: {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri},
 * {@code issuer-uri} (checked against {@code iss}, never fetched when a JWK set URI is given) and
 * {@code audiences}. offline-auth is on the class path of the benchmarks jar, and switched off here.
 */
@SpringBootApplication
@RestController
public class StockResourceServer {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StockResourceServer.class);
		application.setDefaultProperties(Map.of("offline-auth.enabled", "false", "spring.application.name",
				"stock-resource-server"));
		application.run(args);
	}

	@GetMapping("/api/notes")
	List<Object> notes() {
		return List.of();
	}

}
