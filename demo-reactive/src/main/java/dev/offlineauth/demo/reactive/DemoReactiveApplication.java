package dev.offlineauth.demo.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;

/**
 * demo-service's notes service as a WebFlux application, protected by offline-auth. It adds the starter
 * and a few lines of {@code application.yml}; everything about tokens is the starter's.
 */
@SpringBootApplication
@EnableReactiveMethodSecurity
public class DemoReactiveApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoReactiveApplication.class, args);
	}

}
