package dev.offlineauth.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.AutoConfigureAfter;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.test.ScriptedFusionAuth;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * offline-auth's place among Spring Boot's own resource-server and security auto-configurations, on
 * whichever Spring Boot line is on the classpath ({@code ./mvnw verify} for 4.0, {@code -Pboot-4.1} for
 * 4.1).
 * <p>
 * The context tests show the outcome; they cannot show why, because Spring Boot sorts auto-configurations
 * by name before it applies their ordering, and {@code dev.offlineauth} happens to sort first. The name
 * tests are what keep the ordering honest: every resource-server and security auto-configuration that the
 * line under test registers is one offline-auth is declared before, and every name it is declared
 * before exists on the line under test, unless it is a name only the other line has.
 */
class SpringBootOrderingTests {

	private static final SpringBootLine LINE = SpringBootLine.current();

	private static final ClassLoader CLASS_LOADER = SpringBootOrderingTests.class.getClassLoader();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class, SecurityAutoConfiguration.class,
				// The management chain needs Spring MVC's CORS support.
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withConfiguration(LINE.servlet())
		.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1",
				"offline-auth.fusionauth.base-url=http://localhost:" + ScriptedFusionAuth.freePort(),
				// Without offline-auth, this alone makes Spring Boot define a decoder and a chain.
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://localhost:"
						+ ScriptedFusionAuth.freePort() + "/.well-known/jwks.json");

	@Test
	void offlineAuthIsOrderedBeforeTheAutoConfigurationsOfBothLinesAndNothingElse() {
		List<String> everyLine = Arrays.stream(SpringBootLine.values())
			.flatMap((line) -> line.autoConfigurations().stream())
			.distinct()
			.toList();
		assertThat(orderedBefore()).containsExactlyInAnyOrderElementsOf(everyLine);
	}

	@Test
	void theNamesOfTheLineUnderTestExistAndThoseOnlyOfAnotherLineDoNot() {
		assertThat(LINE.autoConfigurations()).allSatisfy((name) -> assertThat(ClassUtils.isPresent(name, CLASS_LOADER))
			.as("%s on Spring Boot %s", name, LINE)
			.isTrue());
		Arrays.stream(SpringBootLine.values())
			.flatMap((line) -> line.autoConfigurations().stream())
			.filter((name) -> !LINE.autoConfigurations().contains(name))
			.forEach((name) -> assertThat(ClassUtils.isPresent(name, CLASS_LOADER))
				.as("%s only on another line than %s", name, LINE)
				.isFalse());
	}

	@Test
	void everyNameAnyOfflineAuthAutoConfigurationIsOrderedByExistsOnThisLineOrIsOnlyOfAnother() {
		List<String> otherLinesOnly = Arrays.stream(SpringBootLine.values())
			.flatMap((line) -> line.autoConfigurations().stream())
			.filter((name) -> !LINE.autoConfigurations().contains(name))
			.toList();
		List<String> offlineAuth = ImportCandidates.load(AutoConfiguration.class, CLASS_LOADER)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("dev.offlineauth."))
			.toList();
		assertThat(offlineAuth).hasSize(4);
		for (String name : offlineAuth) {
			Class<?> autoConfiguration = ClassUtils.resolveClassName(name, CLASS_LOADER);
			AutoConfigureBefore before = AnnotatedElementUtils.findMergedAnnotation(autoConfiguration,
					AutoConfigureBefore.class);
			AutoConfigureAfter after = AnnotatedElementUtils.findMergedAnnotation(autoConfiguration,
					AutoConfigureAfter.class);
			Stream.of(before.name(), after.name())
				.flatMap(Arrays::stream)
				.filter((ordered) -> !otherLinesOnly.contains(ordered))
				.forEach((ordered) -> assertThat(ClassUtils.isPresent(ordered, CLASS_LOADER))
					.as("%s, which %s is ordered by, on Spring Boot %s", ordered, name, LINE)
					.isTrue());
		}
	}

	@Test
	void everyResourceServerAndSecurityAutoConfigurationSpringBootRegistersIsKnownToItsLine() {
		List<String> registered = ImportCandidates.load(AutoConfiguration.class, CLASS_LOADER)
			.getCandidates()
			.stream()
			.filter(SpringBootOrderingTests::mayDefineADecoderAChainOrUsers)
			.toList();
		assertThat(registered).containsExactlyInAnyOrderElementsOf(LINE.autoConfigurations());
	}

	@Test
	void theProcessedMetadataThatApplicationsSortByCarriesTheSameOrder() throws IOException {
		Properties metadata = new Properties();
		for (URL url : Collections.list(CLASS_LOADER.getResources("META-INF/spring-autoconfigure-metadata.properties"))) {
			try (InputStream in = url.openStream()) {
				metadata.load(in);
			}
		}
		String before = metadata.getProperty(OfflineAuthAutoConfiguration.class.getName() + ".AutoConfigureBefore");
		assertThat(StringUtils.commaDelimitedListToStringArray(before)).containsExactlyInAnyOrderElementsOf(orderedBefore());
	}

	@Test
	void theStartersDecoderAndFilterChainWinAndSpringBootsBackOff() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean("inMemoryUserDetailsManager");
			assertThat(context.getBeansOfType(JwtDecoder.class)).containsOnlyKeys("offlineAuthJwtDecoder")
				.allSatisfy((name, decoder) -> assertThat(decoder).isInstanceOf(OfflineJwtDecoder.class));
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("offlineAuthSecurityFilterChain");
		});
	}

	@Test
	void withoutTheStarterSpringBootsDecoderAndFilterChainWouldServe() {
		this.contextRunner.withPropertyValues("offline-auth.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class).hasSingleBean(SecurityFilterChain.class);
			assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(NimbusJwtDecoder.class);
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).doesNotContainKey("offlineAuthSecurityFilterChain");
		});
	}

	private static List<String> orderedBefore() {
		AutoConfigureBefore before = AnnotatedElementUtils.findMergedAnnotation(OfflineAuthAutoConfiguration.class,
				AutoConfigureBefore.class);
		assertThat(before).isNotNull();
		assertThat(before.value()).as("class literals would not load on every line").isEmpty();
		return List.of(before.name());
	}

	private static boolean mayDefineADecoderAChainOrUsers(String name) {
		return name.startsWith("org.springframework.boot.security.oauth2.server.resource.")
				|| (name.startsWith("org.springframework.boot.security.")
						&& (name.endsWith("WebSecurityAutoConfiguration") || name.endsWith("UserDetailsServiceAutoConfiguration")));
	}

}
