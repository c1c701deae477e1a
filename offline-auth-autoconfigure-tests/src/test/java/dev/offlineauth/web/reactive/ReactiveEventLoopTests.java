package dev.offlineauth.web.reactive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.app.ReactiveNotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No request of a WebFlux application ever blocks a non-blocking thread (Reactor Netty's event loops,
 * Reactor's parallel scheduler), not even while FusionAuth hangs: BlockHound, installed for this JVM alone
 * (its own Surefire run), fails any blocking call on those threads and records it here.
 */
@Tag("blockhound")
@SpringBootTest(classes = ReactiveNotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "offline-auth.fusionauth.read-timeout=1s",
				"offline-auth.fusionauth.connect-timeout=1s", "offline-auth.connectivity.probe-interval=1h" })
@AutoConfigureFakeFusionAuth
class ReactiveEventLoopTests {

	private static final Queue<String> BLOCKING_CALLS = new ConcurrentLinkedQueue<>();

	@LocalServerPort
	private int port;

	@Autowired
	private FakeFusionAuth fusionAuth;

	private WebClient client;

	@BeforeAll
	static void installBlockHound() {
		// With the integrations on the classpath (Reactor's, Reactor Netty's), which name the non-blocking threads.
		BlockHound.install((builder) -> builder.blockingMethodCallback((method) -> {
			BLOCKING_CALLS.add(method + " on " + Thread.currentThread().getName());
			throw new BlockingOperationError(method);
		}));
	}

	@BeforeEach
	void client() {
		this.client = WebClient.builder().baseUrl("http://127.0.0.1:" + this.port).build();
		BLOCKING_CALLS.clear();
	}

	@Test
	void blockHoundIsWatching() {
		CountDownLatch never = new CountDownLatch(1);
		assertThatThrownBy(() -> Mono.fromCallable(() -> never.await(1, TimeUnit.MILLISECONDS))
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(5))).hasCauseInstanceOf(BlockingOperationError.class);
		BLOCKING_CALLS.clear();
	}

	@Test
	void requestsWithKnownKeysBlockNothing() {
		assertThat(get("/api/me", this.fusionAuth.token().build())).isEqualTo(200);
		assertThat(get("/api/notes", this.fusionAuth.token().expiredAgo(Duration.ofMinutes(5)).build())).isEqualTo(401);
		assertThat(get("/api/notes", null)).isEqualTo(401);

		assertThat(BLOCKING_CALLS).isEmpty();
	}

	@Test
	void whileFusionAuthHangsUnknownKidsAndGraceBlockNothing() {
		this.fusionAuth.blackhole();
		String token = this.fusionAuth.token().build();

		// Each asks for a fetch that hangs until the read timeout; none may wait on an event loop meanwhile.
		List<Integer> statuses = Flux.fromStream(IntStream.range(0, 16).mapToObj((i) -> withKid(token, "unknown-" + i)))
			.flatMap((forged) -> status("/api/notes", forged), 16)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).hasSize(16).containsOnly(401);
		assertThat(get("/api/notes", this.fusionAuth.token().expiredAgo(Duration.ofHours(1)).build())).isEqualTo(200);

		assertThat(BLOCKING_CALLS).isEmpty();
	}

	private Integer get(String path, String token) {
		return status(path, token).block(Duration.ofSeconds(30));
	}

	private Mono<Integer> status(String path, String token) {
		return this.client.get()
			.uri(path)
			.headers((headers) -> {
				if (token != null) {
					headers.setBearerAuth(token);
				}
			})
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	private static String withKid(String token, String kid) {
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
		return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
				+ token.substring(token.indexOf('.'));
	}

}
