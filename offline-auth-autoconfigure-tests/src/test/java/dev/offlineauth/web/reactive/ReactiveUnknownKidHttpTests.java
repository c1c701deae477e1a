package dev.offlineauth.web.reactive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.app.ReactiveNotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of tokens naming keys FusionAuth never published, all at once against a WebFlux application:
 * every one is refused, and together they cost FusionAuth at most one JWKS fetch (the rate limit of the
 * servlet stack, shared).
 */
@SpringBootTest(classes = ReactiveNotesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
@AutoConfigureFakeFusionAuth
class ReactiveUnknownKidHttpTests {

	private static final int BURST = 64;

	@LocalServerPort
	private int port;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private RefreshingKeyRingProvider keys;

	private WebClient client;

	@BeforeEach
	void client() {
		this.client = WebClient.builder().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void aBurstOfUnknownKidsIsRefusedForAtMostOneFetch() throws Exception {
		// Whatever fetch startup left under way ends first, so that only the burst's are counted.
		this.keys.refresh().get(10, TimeUnit.SECONDS);
		int before = this.fusionAuth.jwksFetches();
		String token = this.fusionAuth.token().build();
		List<Integer> statuses = Flux.fromStream(IntStream.range(0, BURST).mapToObj((i) -> withKid(token, "made-up-" + i)))
			.flatMap((forged) -> this.client.get()
				.uri("/api/notes")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + forged)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())), BURST)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(statuses).hasSize(BURST).containsOnly(401);
		assertThat(this.fusionAuth.jwksFetches() - before).isLessThanOrEqualTo(1);
	}

	/** The token with its header's kid replaced: the signature no longer matters, as the kid is looked up first. */
	private static String withKid(String token, String kid) {
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
		return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
				+ token.substring(token.indexOf('.'));
	}

}
