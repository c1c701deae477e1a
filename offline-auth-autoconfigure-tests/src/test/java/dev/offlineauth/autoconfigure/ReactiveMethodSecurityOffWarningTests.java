package dev.offlineauth.autoconfigure;

import java.text.MessageFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.util.ClassUtils;

import dev.offlineauth.test.CapturedLog;
import dev.offlineauth.test.FakeFusionAuth;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a reactive application too, {@code @PreAuthorize("@offlineAuth...")} without method security
 * ({@code @EnableReactiveMethodSecurity}) is ignored by Spring: say so at startup, naming that annotation.
 */
class ReactiveMethodSecurityOffWarningTests {

	private static final FakeFusionAuth FUSION_AUTH = new FakeFusionAuth();

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class, SecurityAutoConfiguration.class,
				ClassUtils.resolveClassName(
						"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
						null)))
		.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1",
				"offline-auth.fusionauth.base-url=" + FUSION_AUTH.baseUrl());

	@RegisterExtension
	final CapturedLog log = CapturedLog.of(MethodSecurityOffWarning.class, Level.WARNING);

	private final List<LogRecord> warnings = this.log.records();

	@AfterAll
	static void stop() {
		FUSION_AUTH.close();
	}

	@Test
	void aFreshnessCheckWithoutReactiveMethodSecurityIsReportedNamingTheReactiveAnnotation() {
		this.contextRunner.withUserConfiguration(WithoutMethodSecurity.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.warnings).singleElement().satisfies((warning) -> {
				String message = MessageFormat.format(warning.getMessage(), warning.getParameters());
				assertThat(message).contains("ExportService.export()", "@EnableReactiveMethodSecurity")
					.doesNotContain("ExportService.list()");
			});
		});
	}

	@Test
	void withReactiveMethodSecurityNothingIsReported() {
		this.contextRunner.withUserConfiguration(WithMethodSecurity.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.warnings).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class WithoutMethodSecurity {

		@Bean
		ExportService exportService() {
			return new ExportService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	@EnableReactiveMethodSecurity
	static class WithMethodSecurity {

		@Bean
		ExportService exportService() {
			return new ExportService();
		}

	}

	static class ExportService {

		@PreAuthorize("@offlineAuth.fresh(authentication)")
		public Mono<String> export() {
			return Mono.just("everything");
		}

		@PreAuthorize("isAuthenticated()")
		public Mono<String> list() {
			return Mono.just("some");
		}

	}

}
