package dev.offlineauth.jwks;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.offlineauth.jwks.JwksException.Reason;
import dev.offlineauth.test.ScriptedFusionAuth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HttpJwksClientTests {

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	private final HttpJwksClient client = new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofMillis(500),
			Duration.ofMillis(700), 1024);

	@AfterEach
	void stop() {
		this.fusionAuth.close();
	}

	@Test
	void returnsTheBodyAndFusionAuthsDateHeader() throws JwksException {
		Instant serverTime = Instant.parse("2031-02-03T04:05:06Z");
		this.fusionAuth.serveJwks(aResponse().withStatus(200)
			.withHeader("Date", ScriptedFusionAuth.httpDate(serverTime))
			.withBody("{\"keys\":[]}"));

		FetchedJwks fetched = this.client.fetch();

		assertThat(fetched.json()).isEqualTo("{\"keys\":[]}");
		assertThat(fetched.serverTime()).isEqualTo(serverTime);
	}

	@Test
	void aStatusOtherThan200IsAFailure() {
		this.fusionAuth.serveJwks(aResponse().withStatus(500).withBody("oops"));

		assertThatExceptionOfType(JwksException.class).isThrownBy(this.client::fetch)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.HTTP_STATUS));
	}

	@Test
	void aRedirectIsNotFollowed() {
		ScriptedFusionAuth elsewhere = new ScriptedFusionAuth();
		try {
			elsewhere.serveJwks("{\"keys\":[]}");
			this.fusionAuth.serveJwks(aResponse().withStatus(301).withHeader("Location", elsewhere.jwksUri().toString()));

			assertThatExceptionOfType(JwksException.class).isThrownBy(this.client::fetch)
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.HTTP_STATUS));
			assertThat(elsewhere.allRequests()).isZero();
		}
		finally {
			elsewhere.close();
		}
	}

	@Test
	void aBodyLargerThanTheLimitIsAFailure() {
		this.fusionAuth.serveJwks("{\"keys\":[],\"padding\":\"" + "x".repeat(2000) + "\"}");

		assertThatExceptionOfType(JwksException.class).isThrownBy(this.client::fetch)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE));
	}

	@Test
	void aChunkedBodyLargerThanTheLimitIsAFailure() {
		this.fusionAuth.serveJwks(aResponse().withStatus(200)
			.withChunkedDribbleDelay(20, 100)
			.withBody("{\"keys\":[],\"padding\":\"" + "x".repeat(4000) + "\"}"));

		assertThatExceptionOfType(JwksException.class).isThrownBy(this.client::fetch)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE));
	}

	@Test
	void aResponseSlowerThanTheReadTimeoutIsATimeout() {
		this.fusionAuth.serveJwks(aResponse().withStatus(200).withFixedDelay(3000).withBody("{\"keys\":[]}"));

		long start = System.nanoTime();
		assertThatExceptionOfType(JwksException.class).isThrownBy(this.client::fetch)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TIMEOUT));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void aBodySentTooSlowlyIsATimeout() {
		this.fusionAuth.serveJwks(aResponse().withStatus(200)
			.withChunkedDribbleDelay(10, 3000)
			.withBody("{\"keys\":[]}          "));

		assertThatExceptionOfType(JwksException.class).isThrownBy(this.client::fetch)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TIMEOUT));
	}

	@Test
	void aRefusedConnectionIsAConnectionFailure() {
		this.fusionAuth.stop();

		assertThatExceptionOfType(JwksException.class).isThrownBy(this.client::fetch)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CONNECTION));
	}

}
