package dev.offlineauth.offline;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

class ConnectivityProbeTests {

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	private final ManualClock time = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final OfflineState state = new OfflineState(this.time.timeSource());

	private final Connectivity connectivity = this.state.connectivity();

	private final ConnectivityProbe probe = probe(this.fusionAuth.baseUrl().resolve(ScriptedFusionAuth.HEALTH_PATH));

	private ConnectivityProbe probe(URI target) {
		return new ConnectivityProbe(target, Duration.ofMillis(500), Duration.ofMillis(500), this.state.contacts());
	}

	@AfterEach
	void stop() {
		this.fusionAuth.close();
	}

	@Test
	void a2xxAnswerMakesFusionAuthReachableAndItsDateOverLoopbackCounts() {
		Instant serverTime = Instant.parse("2030-01-01T00:00:07Z");
		this.fusionAuth.serveStatus(aResponse().withStatus(200).withHeader("Date", ScriptedFusionAuth.httpDate(serverTime)));

		assertThat(this.probe.probe()).isTrue();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
		assertThat(this.state.clock().serverTime()).isEqualTo(serverTime);
	}

	@Test
	void aProbeNeverRefreshesTheKeys() {
		this.time.advance(Duration.ofDays(3));

		assertThat(this.probe.probe()).isTrue();

		assertThat(this.state.keyFreshness().sinceLastRefresh(this.state.keyFreshness().state()))
			.isEqualTo(Duration.ofDays(3));
	}

	@Test
	void anErrorStatusMakesFusionAuthUnreachable() {
		this.fusionAuth.serveStatus(aResponse().withStatus(500));

		assertThat(this.probe.probe()).isFalse();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
		assertThat(this.connectivity.state().lastFailure()).contains("500");
	}

	@Test
	void aRefusedConnectionMakesFusionAuthUnreachable() {
		this.fusionAuth.stop();

		assertThat(this.probe.probe()).isFalse();
		assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.OFFLINE);
	}

	@Test
	void noAnswerInTimeMakesFusionAuthUnreachable() {
		this.fusionAuth.serveStatus(ScriptedFusionAuth.okStatus().withFixedDelay(3000));

		assertThat(this.probe.probe()).isFalse();
		assertThat(this.connectivity.state().lastFailure()).contains("timed out");
	}

	@Test
	void theProbeReadsNoBodyEvenAnEndlessOne() throws Exception {
		try (EndlessBodyServer endless = new EndlessBodyServer()) {
			// Before, the probe read until its deadline and then counted the answer as a timeout.
			assertThat(probe(endless.uri()).probe()).isTrue();

			assertThat(this.connectivity.state().status()).isEqualTo(ConnectivityStatus.ONLINE);
			assertThat(endless.closedByClient()).isTrue();
			// What the kernel's socket buffers take before the client closes, and no more.
			assertThat(endless.bytesWritten()).isLessThan(16L * 1024 * 1024);
		}
	}

	/** Answers 200 and then sends body bytes for as long as the connection stays open. */
	private static final class EndlessBodyServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());

		private final AtomicLong written = new AtomicLong();

		private final CompletableFuture<Boolean> closed = new CompletableFuture<>();

		EndlessBodyServer() throws IOException {
			Thread thread = new Thread(this::serve, "endless-body");
			thread.setDaemon(true);
			thread.start();
		}

		private void serve() {
			try (Socket connection = this.socket.accept()) {
				OutputStream out = connection.getOutputStream();
				out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				byte[] chunk = new byte[8192];
				while (true) {
					out.write(chunk);
					this.written.addAndGet(chunk.length);
				}
			}
			catch (IOException ex) {
				this.closed.complete(true);
			}
		}

		URI uri() {
			return URI.create("http://127.0.0.1:" + this.socket.getLocalPort() + "/api/health");
		}

		boolean closedByClient() throws Exception {
			return this.closed.get(10, TimeUnit.SECONDS);
		}

		long bytesWritten() {
			return this.written.get();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
