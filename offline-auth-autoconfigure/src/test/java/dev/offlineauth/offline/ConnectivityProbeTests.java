package dev.offlineauth.offline;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.ManualTime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

class ConnectivityProbeTests {

	private final FakeFusionAuth fusionAuth = new FakeFusionAuth();

	private final ManualTime time = ManualTime.at("2030-01-01T00:00:00Z");

	private final TrustedClock clock = new TrustedClock(this.time.timeSource(), Duration.ofMinutes(5));

	private final Connectivity connectivity = new Connectivity(this.time.timeSource(), this.clock, true);

	private final ConnectivityProbe probe = new ConnectivityProbe(
			this.fusionAuth.baseUrl().resolve(FakeFusionAuth.STATUS_PATH), Duration.ofMillis(500),
			Duration.ofMillis(500), this.connectivity);

	@AfterEach
	void stop() {
		this.fusionAuth.close();
	}

	@Test
	void a2xxAnswerIsASuccessfulContactWithFusionAuthsTime() {
		Instant serverTime = Instant.parse("2030-01-01T00:00:07Z");
		this.fusionAuth.serveStatus(FakeFusionAuth.okStatus().withHeader("Date", FakeFusionAuth.httpDate(serverTime)));

		assertThat(this.probe.probe()).isTrue();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
		assertThat(this.clock.lastServerTime()).isEqualTo(serverTime);
	}

	@Test
	void anErrorStatusIsAFailedContact() {
		this.fusionAuth.serveStatus(aResponse().withStatus(452));

		assertThat(this.probe.probe()).isFalse();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
		assertThat(this.connectivity.state().lastFailure()).contains("452");
	}

	@Test
	void aRefusedConnectionIsAFailedContact() {
		this.fusionAuth.stop();

		assertThat(this.probe.probe()).isFalse();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
	}

	@Test
	void noAnswerInTimeIsAFailedContact() {
		this.fusionAuth.serveStatus(FakeFusionAuth.okStatus().withFixedDelay(3000));

		assertThat(this.probe.probe()).isFalse();
		assertThat(this.connectivity.state().lastFailure()).contains("timed out");
	}

}
