package dev.offlineauth.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * A notes service protected by offline-auth. It adds the starter and a few lines of
 * {@code application.yml}; everything about tokens is the starter's.
 */
@SpringBootApplication
@EnableMethodSecurity
public class DemoServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoServiceApplication.class, args);
	}

}
