package dev.offlineauth.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.offlineauth.jwks.BackgroundContact;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real local HTTP server (WireMock) playing FusionAuth's endpoints with whatever answers a test scripts:
 * {@code /.well-known/jwks.json}, and {@code /api/health} and {@code /api/status} (both answering what
 * {@link #serveStatus} says). It sends exactly the {@code Date} header a response is given, and none when it
 * is given none. It runs on a fixed port so that it can be stopped (connection refused) and started again,
 * as FusionAuth going down and coming back.
 *
 * <p>For the answers the kit's {@link FakeFusionAuth} cannot give: 5xx and HTML, truncated, oversized or
 * delayed bodies, chosen {@code Date} sequences, key sets of the test's own keys that change or shrink.
 * A test that only needs FusionAuth online, offline, hung or rotated uses the kit.
 */
public final class ScriptedFusionAuth implements AutoCloseable {

	public static final String JWKS_PATH = "/.well-known/jwks.json";

	public static final String STATUS_PATH = "/api/status";

	/** FusionAuth's probe endpoint, and offline-auth's default probe path. */
	public static final String HEALTH_PATH = "/api/health";

	private final int port;

	private WireMockServer server;

	private ResponseDefinitionBuilder jwks = aResponse().withStatus(503);

	private ResponseDefinitionBuilder status = okStatus();

	public ScriptedFusionAuth() {
		this.port = freePort();
		start();
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** FusionAuth is (back) up, serving what it served before. */
	public void start() {
		if (this.server != null && this.server.isRunning()) {
			return;
		}
		this.server = new WireMockServer(options().port(this.port).containerThreads(8));
		this.server.start();
		restub();
	}

	/** FusionAuth is down: connections are refused. */
	public void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	public URI baseUrl() {
		return URI.create("http://localhost:" + this.port);
	}

	public URI jwksUri() {
		return baseUrl().resolve(JWKS_PATH);
	}

	public void serveKeys(TestKey... keys) {
		serveJwks(TestKey.jwks(keys));
	}

	public void serveJwks(String json) {
		serveJwks(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(json));
	}

	/** Any response on the JWKS endpoint, good or bad. */
	public void serveJwks(ResponseDefinitionBuilder response) {
		this.jwks = response;
		restub();
	}

	/** What {@code /api/health} and {@code /api/status} answer. */
	public void serveStatus(ResponseDefinitionBuilder response) {
		this.status = response;
		restub();
	}

	public static ResponseDefinitionBuilder okStatus() {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"ok\"}");
	}

	/** An HTTP {@code Date} header value. */
	public static String httpDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
	}

	public int jwksRequests() {
		return this.server.countRequestsMatching(getRequestedFor(urlPathEqualTo(JWKS_PATH)).build()).getCount();
	}

	/** Probes received, on either probe path. */
	public int statusRequests() {
		return this.server.countRequestsMatching(getRequestedFor(urlPathEqualTo(STATUS_PATH)).build()).getCount()
				+ this.server.countRequestsMatching(getRequestedFor(urlPathEqualTo(HEALTH_PATH)).build()).getCount();
	}

	public int allRequests() {
		return this.server.getAllServeEvents().size();
	}

	public void resetRequests() {
		this.server.resetRequests();
	}

	public WireMockServer server() {
		return this.server;
	}

	private void restub() {
		if (this.server == null || !this.server.isRunning()) {
			return;
		}
		this.server.resetMappings();
		this.server.stubFor(get(urlPathEqualTo(JWKS_PATH)).willReturn(this.jwks));
		this.server.stubFor(get(urlPathEqualTo(STATUS_PATH)).willReturn(this.status));
		this.server.stubFor(get(urlPathEqualTo(HEALTH_PATH)).willReturn(this.status));
		this.server.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
	}

	/** Points the service under test at this FusionAuth, for the issuer and audience of {@link Tokens}. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("offline-auth.fusionauth.base-url", () -> baseUrl().toString());
		registry.add("offline-auth.issuer", () -> Tokens.ISSUER);
		registry.add("offline-auth.audiences", () -> Tokens.AUDIENCE);
	}

	/**
	 * FusionAuth is up, publishing these keys with this {@code Date}, and the service has fetched them.
	 * @param service the service's keys
	 * @param serverTime FusionAuth's clock
	 * @param keys the keys to publish
	 */
	public void upFor(RefreshingKeyRingProvider service, Instant serverTime, TestKey... keys) throws Exception {
		start();
		serveJwks(aResponse().withStatus(200).withHeader("Date", httpDate(serverTime)).withBody(TestKey.jwks(keys)));
		service.refresh().get();
	}

	/**
	 * FusionAuth is down, and the service has found out: its probe got no answer, and neither did a fetch
	 * (so its keys are now last-known-good).
	 * @param service the service's background contact
	 * @param keys the service's keys
	 */
	public void downFor(BackgroundContact service, RefreshingKeyRingProvider keys) throws Exception {
		stop();
		service.tick();
		keys.refresh().get();
	}

	@Override
	public void close() {
		stop();
	}

}
