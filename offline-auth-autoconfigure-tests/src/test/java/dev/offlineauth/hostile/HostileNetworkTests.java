package dev.offlineauth.hostile;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.offlineauth.actuate.OfflineAuthHealthIndicator;
import dev.offlineauth.autoconfigure.OfflineAuthAutoConfiguration;
import dev.offlineauth.autoconfigure.OfflineAuthHealthAutoConfiguration;
import dev.offlineauth.jwks.BackgroundContact;
import dev.offlineauth.jwks.HttpJwksClient;
import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.jwks.SnapshotFile;
import dev.offlineauth.jwt.OfflineAuthRefusalException;
import dev.offlineauth.jwt.OfflineJwtDecoder;
import dev.offlineauth.jwt.TokenValidators;
import dev.offlineauth.jwt.VerifiedJwt;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.ConnectivityProbe;
import dev.offlineauth.offline.ConnectivityStatus;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.offline.TokenStatus;
import dev.offlineauth.test.CapturedLog;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.ManualClock;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The offline bounds against someone who controls what answers in FusionAuth's place: a local server that
 * answers probes while its JWKS fails, sends any {@code Date} (or none), or hangs. Each case is a real
 * application context with the starter's own wiring, on a clock moved by hand.
 */
class HostileNetworkTests {

	private static final TestKey KEY = TestKey.rsa("network-key");

	private static final Instant START = Instant.parse("2030-09-01T08:00:00Z");

	private final ManualClock time = new ManualClock(START);

	private final ScriptedFusionAuth fusionAuth = new ScriptedFusionAuth();

	@RegisterExtension
	final CapturedLog log = CapturedLog.of("dev.offlineauth", Level.INFO);

	private final List<LogRecord> records = this.log.records();

	@TempDir
	Path directory;

	@AfterEach
	void release() {
		this.fusionAuth.close();
	}

	private WebApplicationContextRunner service(String... properties) {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OfflineAuthAutoConfiguration.class,
					OfflineAuthHealthAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withBean(TimeSource.class, this.time::timeSource)
			.withPropertyValues("offline-auth.issuer=" + Tokens.ISSUER, "offline-auth.audiences=" + Tokens.AUDIENCE,
					"offline-auth.fusionauth.base-url=" + this.fusionAuth.baseUrl(),
					"offline-auth.fusionauth.connect-timeout=1s", "offline-auth.fusionauth.read-timeout=2s",
					"offline-auth.connectivity.probe-interval=1h")
			.withPropertyValues(properties);
	}

	private void run(WebApplicationContextRunner runner, ContextConsumer<AssertableWebApplicationContext> test) {
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			// The first probe runs at startup; wait for it so that rounds run one at a time from here.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> context.getBean(Connectivity.class).state().status() != ConnectivityStatus.UNKNOWN);
			test.accept(context);
		});
	}

	private String freshToken() {
		return Tokens.token(KEY, this.time.now()).sign();
	}

	private static Refusal refusalOf(JwtDecoder decoder, String token) {
		try {
			decoder.decode(token);
			return null;
		}
		catch (OfflineAuthRefusalException ex) {
			return ex.refusal();
		}
	}

	private static Health health(AssertableWebApplicationContext context) {
		return context.getBean(OfflineAuthHealthIndicator.class).health(true);
	}

	private List<String> logged(Level level) {
		return this.records.stream()
			.filter((record) -> record.getLevel().equals(level))
			.map((record) -> record.getLoggerName() + ": " + new java.util.logging.SimpleFormatter().formatMessage(record))
			.toList();
	}

	/**
	 * The probe target answers 200 while the JWKS answers 500: FusionAuth is online (clients can refresh,
	 * so there is no grace), but no usable key arrives, so {@code max-offline} runs out, and the log says so
	 * once instead of flapping every probe.
	 */
	@Test
	void aProbeThatAnswersWhileTheJwksFailsNeverExtendsMaxOffline() {
		this.fusionAuth.serveKeys(KEY);
		run(service("offline-auth.max-offline=60s", "offline-auth.grace.period=60s", "offline-auth.clock-skew=0s",
				"offline-auth.connectivity.probe-interval=5s", "offline-auth.jwks.refresh-interval=10s",
				"offline-auth.jwks.min-refetch-interval=5s"), (context) -> {
					JwtDecoder decoder = context.getBean(JwtDecoder.class);
					BackgroundContact contact = context.getBean(BackgroundContact.class);
					await().until(() -> context.getBean(RefreshingKeyRingProvider.class).current().contains(KEY.kid()));
					this.fusionAuth.serveJwks(aResponse().withStatus(500));

					String expiredSoon = Tokens.token(KEY, this.time.now()).expiresAt(this.time.now().plusSeconds(10)).sign();
					for (int second = 5; second <= 145; second += 5) {
						this.time.advance(Duration.ofSeconds(5));
						contact.tick();
						if (second == 30) {
							assertThat(context.getBean(Connectivity.class).state().status())
								.isEqualTo(ConnectivityStatus.ONLINE);
							assertThat(refusalOf(decoder, expiredSoon)).isEqualTo(Refusal.TOKEN_EXPIRED);
							assertThat(refusalOf(decoder, freshToken())).isNull();
							assertThat(health(context).getDetails().get("timeLeftBeforeMaxOffline")).isEqualTo("PT30S");
						}
					}

					assertThat(refusalOf(decoder, freshToken())).isEqualTo(Refusal.OFFLINE_TOO_LONG);
					Health health = health(context);
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(health.getDetails()).containsEntry("reason", "offline_too_long")
						.containsEntry("timeLeftBeforeMaxOffline", "PT0S")
						.containsEntry("connectivity", "online");
					assertThat(health.getDetails().get("keys").toString()).contains("state=stale", "reason=http_status");
					assertThat(logged(Level.WARNING)).singleElement().asString().contains("KeyFreshness", "http_status");
					assertThat(logged(Level.INFO)).filteredOn((line) -> line.contains("reachable")).hasSize(1);

					this.fusionAuth.serveKeys(KEY);
					contact.tick();
					await().until(() -> refusalOf(decoder, freshToken()) == null);
					assertThat(logged(Level.INFO)).filteredOn((line) -> line.contains("usable again")).hasSize(1);
				});
	}

	/** The same after a restart: a snapshot older than {@code max-offline} stays too old while the JWKS fails. */
	@Test
	void aRestartWithASnapshotOlderThanMaxOfflineStaysRefusedWhileTheJwksFails() throws Exception {
		Path snapshot = this.directory.resolve("snapshot.json");
		SnapshotFile file = new SnapshotFile(snapshot);
		file.write(new SnapshotFile.Snapshot(new JwksReader(Set.of(JWSAlgorithm.RS256)).read(TestKey.jwks(KEY),
				KeySource.REMOTE), START.minus(Duration.ofMinutes(2)), null, null));
		Files.setLastModifiedTime(snapshot, FileTime.from(START.minus(Duration.ofMinutes(2))));
		this.fusionAuth.serveJwks(aResponse().withStatus(500));

		run(service("offline-auth.max-offline=60s", "offline-auth.grace.period=60s",
				"offline-auth.connectivity.probe-interval=5s", "offline-auth.jwks.snapshot=" + snapshot), (context) -> {
					JwtDecoder decoder = context.getBean(JwtDecoder.class);
					BackgroundContact contact = context.getBean(BackgroundContact.class);
					assertThat(refusalOf(decoder, freshToken())).isEqualTo(Refusal.OFFLINE_TOO_LONG);

					for (int i = 0; i < 4; i++) {
						this.time.advance(Duration.ofSeconds(5));
						contact.tick();
						assertThat(context.getBean(Connectivity.class).state().status())
							.isEqualTo(ConnectivityStatus.ONLINE);
						assertThat(refusalOf(decoder, freshToken())).isEqualTo(Refusal.OFFLINE_TOO_LONG);
					}
				});
	}

	/**
	 * A {@code Date} of 2000-01-01 once, then the host clock wound back 30.5 hours: a token that expired 30
	 * hours ago (past the 24-hour grace) would look fresh by the wound-back clock. The {@code iat} of the
	 * tokens verified before is a floor that no {@code Date} lowers.
	 */
	@Test
	void oneBackwardDateDoesNotEraseRollbackDetection() {
		this.fusionAuth.serveKeys(KEY);
		run(service(), (context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(refusalOf(decoder, freshToken())).isNull();
			Instant realNow = this.time.now();
			String expired30HoursAgo = Tokens.token(KEY, realNow.minus(Duration.ofHours(31)))
				.expiresAt(realNow.minus(Duration.ofHours(30)))
				.sign();

			this.fusionAuth.serveStatus(aResponse().withStatus(200).withHeader("Date", "Sat, 01 Jan 2000 00:00:00 GMT"));
			context.getBean(BackgroundContact.class).tick();
			this.time.setWall(realNow.minus(Duration.ofMinutes(30 * 61)));

			assertThat(refusalOf(decoder, expired30HoursAgo)).isEqualTo(Refusal.CLOCK_ROLLBACK);
			assertThat(health(context).getDetails()).containsEntry("reason", "clock_rollback");
		});
	}

	/** FusionAuth may send no {@code Date} at all: the verified tokens alone detect a wound-back clock. */
	@Test
	void withoutAnyDateHeaderAWoundBackClockIsStillDetected() {
		this.fusionAuth.serveKeys(KEY);
		run(service(), (context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(refusalOf(decoder, freshToken())).isNull();
			assertThat(health(context).getDetails().get("clock").toString()).contains("trusted=");
			Instant realNow = this.time.now();

			this.time.setWall(realNow.minus(Duration.ofMinutes(4)));
			assertThat(refusalOf(decoder, Tokens.token(KEY, realNow).sign())).isNull();

			this.time.setWall(realNow.minus(Duration.ofMinutes(6)));
			assertThat(refusalOf(decoder, Tokens.token(KEY, realNow).sign())).isEqualTo(Refusal.CLOCK_ROLLBACK);
		});
	}

	/**
	 * One {@code Date} a day ahead used to stop the service within one probe, and across restarts through
	 * the snapshot. Now it is shown and awaits confirmation; a restart clamps what the file says.
	 */
	@Test
	void oneForwardDateDoesNotWedgeTheServiceNorDoesItsSnapshot() throws Exception {
		Path snapshot = this.directory.resolve("snapshot.json");
		this.fusionAuth.serveKeys(KEY);
		Instant dayAhead = START.plus(Duration.ofDays(1));
		run(service("offline-auth.jwks.snapshot=" + snapshot), (context) -> {
			this.fusionAuth.serveStatus(aResponse().withStatus(200).withHeader("Date", ScriptedFusionAuth.httpDate(dayAhead)));
			context.getBean(BackgroundContact.class).tick();

			assertThat(refusalOf(context.getBean(JwtDecoder.class), freshToken())).isNull();
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);
			assertThat(health(context).getDetails().get("clock").toString()).contains("unconfirmedServerTime=" + dayAhead);
			assertThat(logged(Level.WARNING)).singleElement().asString().contains("ahead of the local clock");
		});

		// A snapshot that says the time is a day ahead (written by a clock that was, or by someone else).
		SnapshotFile file = new SnapshotFile(snapshot);
		file.write(new SnapshotFile.Snapshot(new JwksReader(Set.of(JWSAlgorithm.RS256)).read(TestKey.jwks(KEY),
				KeySource.REMOTE), START, dayAhead, dayAhead));
		Files.setLastModifiedTime(snapshot, FileTime.from(START));
		this.fusionAuth.stop();
		run(service("offline-auth.jwks.snapshot=" + snapshot), (context) -> {
			VerifiedJwt jwt = (VerifiedJwt) context.getBean(JwtDecoder.class).decode(freshToken());
			assertThat(jwt.getKeySource()).isEqualTo(KeySource.LAST_KNOWN_GOOD);
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);
		});
	}

	/** Two contacts in a row claiming the same time far ahead are believed: the local clock is behind. */
	@Test
	void aForwardDateConfirmedByTheNextContactStopsTheService() {
		this.fusionAuth.serveKeys(KEY);
		run(service(), (context) -> {
			BackgroundContact contact = context.getBean(BackgroundContact.class);
			this.fusionAuth.serveStatus(aResponse().withStatus(200)
				.withHeader("Date", ScriptedFusionAuth.httpDate(this.time.now().plus(Duration.ofDays(1)))));
			contact.tick();
			this.time.advance(Duration.ofSeconds(30));
			this.fusionAuth.serveStatus(aResponse().withStatus(200)
				.withHeader("Date", ScriptedFusionAuth.httpDate(this.time.now().plus(Duration.ofDays(1)))));
			contact.tick();

			assertThat(refusalOf(context.getBean(JwtDecoder.class), freshToken())).isEqualTo(Refusal.CLOCK_ROLLBACK);
		});
	}

	/** Over plain http from another host, a {@code Date} could come from anyone on the path: it is ignored. */
	@Test
	void aDateOverPlainHttpFromAnotherHostIsIgnored() throws Exception {
		Optional<InetAddress> address = nonLoopbackAddress();
		assumeTrue(address.isPresent(), "this host has no non-loopback IPv4 address to reach the fake FusionAuth on");
		String remote = "http://" + address.get().getHostAddress() + ":" + this.fusionAuth.baseUrl().getPort();
		this.fusionAuth.serveJwks(aResponse().withStatus(200)
			.withHeader("Date", ScriptedFusionAuth.httpDate(START.plus(Duration.ofHours(2))))
			.withBody(TestKey.jwks(KEY)));
		this.fusionAuth.serveStatus(aResponse().withStatus(200)
			.withHeader("Date", ScriptedFusionAuth.httpDate(START.plus(Duration.ofHours(2)))));

		run(service("offline-auth.fusionauth.base-url=" + remote, "offline-auth.fusionauth.allow-http=true"), (context) -> {
			BackgroundContact contact = context.getBean(BackgroundContact.class);
			contact.tick();
			contact.tick();
			context.getBean(RefreshingKeyRingProvider.class).refresh().get();

			assertThat(context.getBean(Connectivity.class).state().status()).isEqualTo(ConnectivityStatus.ONLINE);
			assertThat(health(context).getDetails().get("clock").toString()).doesNotContain("unconfirmedServerTime");
			assertThat(refusalOf(context.getBean(JwtDecoder.class), freshToken())).isNull();
		});
	}

	/**
	 * A probe that starts, hangs and times out after a later fetch succeeded says nothing new: it must not
	 * record FusionAuth as unreachable and open grace until the next probe.
	 */
	@Test
	void aProbeThatEndsLateDoesNotOverrideANewerSuccessfulFetch() throws Exception {
		this.fusionAuth.serveKeys(KEY);
		OfflineState state = new OfflineState(this.time.timeSource());
		JwksReader reader = new JwksReader(Set.of(JWSAlgorithm.RS256));
		RefreshingKeyRingProvider keys = new RefreshingKeyRingProvider(
				new HttpJwksClient(this.fusionAuth.jwksUri(), Duration.ofSeconds(1), Duration.ofSeconds(2), 65536), reader,
				state.contacts(), KeyRing.empty(),
				new RefreshingKeyRingProvider.Settings(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(2)),
				this.time.timeSource()::nanoTime, Runnable::run, List.of());
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		try (FakeFusionAuth hung = new FakeFusionAuth()) {
			hung.blackhole();
			BackgroundContact contact = new BackgroundContact(keys,
					new ConnectivityProbe(hung.baseUrl().resolve("/api/health"), Duration.ofSeconds(1), Duration.ofSeconds(1),
							state.contacts()),
					state.contacts(), Duration.ofHours(1), scheduler);
			state.probeOk();

			CompletableFuture<Void> round = CompletableFuture.runAsync(contact::tick);
			await().until(() -> hung.heldConnections() > 0);
			this.time.advance(Duration.ofSeconds(1));
			keys.refresh().get();
			round.get(10, TimeUnit.SECONDS);

			assertThat(state.connectivity().state().status()).isEqualTo(ConnectivityStatus.ONLINE);
			String expired = Tokens.token(KEY, this.time.now().minus(Duration.ofHours(2)))
				.expiresAt(this.time.now().minus(Duration.ofHours(1)))
				.sign();
			OfflineJwtDecoder decoder = new OfflineJwtDecoder(keys, state.policy(), Set.of(JWSAlgorithm.RS256),
					TokenValidators.of(Tokens.ISSUER, List.of(Tokens.AUDIENCE), "sub", List.of()));
			assertThat(refusalOf(decoder, expired)).isEqualTo(Refusal.TOKEN_EXPIRED);
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	/** Control: with FusionAuth really away, grace still works as before. */
	@Test
	void aRealOutageStillGivesGrace() {
		this.fusionAuth.serveKeys(KEY);
		run(service(), (context) -> {
			this.fusionAuth.stop();
			context.getBean(BackgroundContact.class).tick();
			String expired = Tokens.token(KEY, this.time.now().minus(Duration.ofHours(2)))
				.expiresAt(this.time.now().minus(Duration.ofHours(1)))
				.sign();

			assertThat(((VerifiedJwt) context.getBean(JwtDecoder.class).decode(expired)).getTokenStatus())
				.isEqualTo(TokenStatus.GRACE);
		});
	}

	/** Keys over plain http from another host could be anyone's: such a URL does not start. */
	@Test
	void plainHttpToAnotherHostDoesNotStartWithoutAllowHttp() {
		service("offline-auth.fusionauth.base-url=http://fusionauth.internal:9011").run((context) -> assertThat(context)
			.getFailure()
			.rootCause()
			.hasMessageContaining("offline-auth.fusionauth.base-url")
			.hasMessageContaining("write an https URL"));
		service("offline-auth.fusionauth.base-url=http://fusionauth.internal:9011", "offline-auth.fusionauth.allow-http=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
		for (NetworkInterface network : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!network.isUp() || network.isLoopback()) {
				continue;
			}
			for (InetAddress address : java.util.Collections.list(network.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
					return Optional.of(address);
				}
			}
		}
		return Optional.empty();
	}

}
