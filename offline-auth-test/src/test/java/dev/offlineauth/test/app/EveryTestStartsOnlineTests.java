package dev.offlineauth.test.app;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.TrustedClock;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.WireAccess;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever one test does to the fake, the next one starts with it online, as the service sees it. */
@SpringBootTest(classes = KitTestApplication.class)
@AutoConfigureFakeFusionAuth
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EveryTestStartsOnlineTests {

	private static Instant realTimeOfTheFirstTest;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private Connectivity connectivity;

	@Autowired
	private TrustedClock trustedClock;

	@Test
	@Order(1)
	void aTestLeavesEverythingChanged() {
		this.fusionAuth.serveNoDate();
		this.fusionAuth.goOffline();
		this.fusionAuth.clock().advance(Duration.ofHours(3));
		realTimeOfTheFirstTest = this.fusionAuth.clock().now();
		this.fusionAuth.clock().setWall(realTimeOfTheFirstTest.minus(Duration.ofDays(1)));

		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
	}

	@Test
	@Order(2)
	void theNextStartsOnlineWithTheClocksDateAndTheWallClockInStep() {
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
		assertThat(WireAccess.get(this.fusionAuth.baseUrl(), "/api/health").statusCode()).isEqualTo(200);
		assertThat(this.fusionAuth.clock().now()).as("time advanced stays advanced; the wall clock is in step")
			.isEqualTo(realTimeOfTheFirstTest);
		assertThat(this.trustedClock.serverTime()).isEqualTo(realTimeOfTheFirstTest);
		assertThat(this.fusionAuth.jwksFetches()).isZero();
	}

}
