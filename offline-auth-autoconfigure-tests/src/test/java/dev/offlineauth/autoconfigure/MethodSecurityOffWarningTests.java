package dev.offlineauth.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.text.MessageFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offlineauth.test.CapturedLog;

/** {@code @PreAuthorize("@offlineAuth...")} without method security is ignored by Spring: say so at startup. */
class MethodSecurityOffWarningTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("offline-auth.issuer=acme.com", "offline-auth.audiences=app-1",
				"offline-auth.fusionauth.base-url=http://localhost:" + nothingListens());

	@RegisterExtension
	final CapturedLog log = CapturedLog.of(MethodSecurityOffWarning.class, Level.WARNING);

	private final List<LogRecord> warnings = this.log.records();

	@Test
	void aFreshnessCheckWithoutMethodSecurityIsReportedOnceNamingTheMethod() {
		this.contextRunner.withUserConfiguration(WithoutMethodSecurity.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.warnings).singleElement().satisfies((warning) -> {
				String message = MessageFormat.format(warning.getMessage(), warning.getParameters());
				assertThat(message).contains("ExportService.export()", "@EnableMethodSecurity")
					.doesNotContain("ExportService.list()");
			});
		});
	}

	@Test
	void withMethodSecurityNothingIsReported() {
		this.contextRunner.withUserConfiguration(WithMethodSecurity.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.warnings).isEmpty();
		});
	}

	private static int nothingListens() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
	@EnableMethodSecurity
	static class WithMethodSecurity {

		@Bean
		ExportService exportService() {
			return new ExportService();
		}

	}

	static class ExportService {

		@PreAuthorize("@offlineAuth.fresh(authentication)")
		public String export() {
			return "everything";
		}

		@PreAuthorize("isAuthenticated()")
		public String list() {
			return "some";
		}

	}

}
