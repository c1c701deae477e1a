package dev.offlineauth.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.util.ClassUtils;

/**
 * The Spring Boot lines offline-auth supports, each with the names of its auto-configurations that could
 * define a {@code JwtDecoder}, a {@code ReactiveJwtDecoder}, a filter chain or a user store, read from the
 * line's {@code AutoConfiguration.imports}. Tests look Boot's auto-configurations up by these names, so
 * that the same tests compile and run on every line. Immutable.
 */
enum SpringBootLine {

	BOOT_4_0("4.0.",
			List.of("org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"),
			List.of("org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration")),

	BOOT_4_1("4.1.",
			List.of("org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
					"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration"),
			List.of("org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
					"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration"));

	/** Spring Security's own auto-configurations, named alike on both lines. */
	private static final List<String> SERVLET_SECURITY = List.of(
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration");

	private static final List<String> REACTIVE_SECURITY = List.of(
			"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration");

	private final String versionPrefix;

	private final List<String> servletResourceServer;

	private final List<String> reactiveResourceServer;

	SpringBootLine(String versionPrefix, List<String> servletResourceServer, List<String> reactiveResourceServer) {
		this.versionPrefix = versionPrefix;
		this.servletResourceServer = servletResourceServer;
		this.reactiveResourceServer = reactiveResourceServer;
	}

	/**
	 * The line on the test classpath, from the version of the {@code spring-boot} jar (not from which
	 * classes are present, which is what the tests check).
	 */
	static SpringBootLine current() {
		String version = SpringBootVersion.getVersion();
		return Arrays.stream(values())
			.filter((line) -> version != null && version.startsWith(line.versionPrefix))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Not a supported Spring Boot line: " + version));
	}

	/** Resource-server and security auto-configurations of a servlet application on this line. */
	List<String> servletAutoConfigurations() {
		return Stream.concat(this.servletResourceServer.stream(), SERVLET_SECURITY.stream()).toList();
	}

	/** Resource-server and security auto-configurations of a reactive application on this line. */
	List<String> reactiveAutoConfigurations() {
		return Stream.concat(this.reactiveResourceServer.stream(), REACTIVE_SECURITY.stream()).toList();
	}

	List<String> autoConfigurations() {
		return Stream.concat(servletAutoConfigurations().stream(), reactiveAutoConfigurations().stream()).toList();
	}

	/** This line's servlet resource-server and security auto-configurations, loaded by name. */
	AutoConfigurations servlet() {
		return load(servletAutoConfigurations());
	}

	/** This line's servlet resource-server auto-configurations alone, loaded by name. */
	AutoConfigurations servletResourceServer() {
		return load(this.servletResourceServer);
	}

	private static AutoConfigurations load(List<String> names) {
		ClassLoader classLoader = SpringBootLine.class.getClassLoader();
		return AutoConfigurations
			.of(names.stream().map((name) -> ClassUtils.resolveClassName(name, classLoader)).toArray(Class<?>[]::new));
	}

}
