package dev.offlineauth.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.StaticKeyRingProvider;
import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.offline.OfflinePolicy;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.offline.TokenStatus;
import dev.offlineauth.test.OfflineState;
import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests in flight while FusionAuth flaps between reachable and not. A decision may fall either way
 * while a transition is under way, but a request evaluated wholly within one state must get that state's
 * answer: never grace after a successful contact was recorded, never {@code token_expired} for a token in
 * its grace period while FusionAuth is recorded unreachable, and nothing but those two answers.
 */
class FlappingConnectivityTests {

	private static final TestKey KEY = TestKey.rsa("flap-key");

	@Test
	void everyDecisionMatchesTheStateItWasEvaluatedIn() throws Exception {
		TimeSource time = TimeSource.system();
		OfflineState state = new OfflineState(time);
		Connectivity connectivity = state.connectivity();
		OfflinePolicy policy = state.policy();
		OfflineJwtDecoder decoder = new OfflineJwtDecoder(
				new StaticKeyRingProvider(new JwksReader(Set.of(JWSAlgorithm.RS256)).read(TestKey.jwks(KEY),
						KeySource.REMOTE)),
				policy, Set.of(JWSAlgorithm.RS256),
				TokenValidators.of(Tokens.ISSUER, List.of(Tokens.AUDIENCE), "sub", List.of()));
		String expiredAnHourAgo = Tokens.token(KEY, Instant.now().minus(Duration.ofHours(2)))
			.expiresAt(Instant.now().minus(Duration.ofHours(1)))
			.sign();

		// A sequence lock: odd while the state changes; even values alternate online (0 mod 4) and offline.
		AtomicLong sequence = new AtomicLong();
		connectivity.reached(time.nanoTime());
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService threads = Executors.newFixedThreadPool(5);
		try {
			Future<Long> flips = threads.submit(() -> {
				long count = 0;
				while (running.get()) {
					sequence.incrementAndGet();
					if ((count++ % 2) == 0) {
						connectivity.unreachable(time.nanoTime(), "flap");
					}
					else {
						connectivity.reached(time.nanoTime());
					}
					sequence.incrementAndGet();
					// Hold each state a little, so that some requests run wholly within it.
					LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(500_000));
				}
				return count;
			});
			List<Future<long[]>> checkers = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				checkers.add(threads.submit(() -> {
					long stableOnline = 0;
					long stableOffline = 0;
					for (int i = 0; i < 3000; i++) {
						long before = sequence.get();
						Object outcome = outcome(decoder, expiredAnHourAgo);
						long after = sequence.get();
						assertThat(outcome).isIn(TokenStatus.GRACE, Refusal.TOKEN_EXPIRED);
						if (before == after && before % 2 == 0) {
							boolean online = before % 4 == 0;
							assertThat(outcome).isEqualTo(online ? Refusal.TOKEN_EXPIRED : TokenStatus.GRACE);
							if (online) {
								stableOnline++;
							}
							else {
								stableOffline++;
							}
						}
					}
					return new long[] { stableOnline, stableOffline };
				}));
			}
			long online = 0;
			long offline = 0;
			for (Future<long[]> checker : checkers) {
				long[] counts = checker.get();
				online += counts[0];
				offline += counts[1];
			}
			running.set(false);
			assertThat(flips.get()).isGreaterThan(10);
			// The check is only meaningful if both states were seen wholly by some requests.
			assertThat(online).isPositive();
			assertThat(offline).isPositive();
		}
		finally {
			running.set(false);
			threads.shutdownNow();
		}
	}

	private static Object outcome(OfflineJwtDecoder decoder, String token) {
		try {
			return decoder.decode(token).getTokenStatus();
		}
		catch (OfflineAuthRefusalException ex) {
			return ex.refusal();
		}
	}

}
