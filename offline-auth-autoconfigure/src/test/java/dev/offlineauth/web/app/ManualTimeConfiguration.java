package dev.offlineauth.web.app;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.test.ManualTime;

/** Replaces the system clocks with {@link #TIME}, which tests move by hand. */
@TestConfiguration(proxyBeanMethods = false)
public class ManualTimeConfiguration {

	public static final ManualTime TIME = ManualTime.at("2030-06-01T12:00:00Z");

	@Bean
	TimeSource manualTimeSource() {
		return TIME.timeSource();
	}

}
