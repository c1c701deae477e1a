package dev.offlineauth.web.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.RefreshingKeyRingProvider;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.web.reactive.app.ReactiveNotesTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refetch the reactive decoder asks for, {@code refetchAsync}, against a fake FusionAuth that hangs: it
 * returns at once without waiting, ends within the bounded wait with the keys at hand, completes on a
 * thread of its own, lets only a few requests wait at once, and keeps the rate limit of the servlet path.
 */
@SpringBootTest(classes = ReactiveNotesTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.main.web-application-type=reactive", "offline-auth.fusionauth.read-timeout=1s",
				"offline-auth.fusionauth.connect-timeout=1s", "offline-auth.connectivity.probe-interval=1h" })
@AutoConfigureFakeFusionAuth
class ReactiveKeyRefetchTests {

	/** How many requests may wait for one fetch at once, as on the servlet path. */
	private static final int MAX_WAITING = 8;

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private RefreshingKeyRingProvider keys;

	@Test
	void aHungFetchIsWaitedForWithoutAThreadAndWithinTheBoundedWait() throws Exception {
		this.fusionAuth.blackhole();
		// Past the minimum refetch interval of any earlier test: a fetch may start.
		this.fusionAuth.clock().advance(Duration.ofMinutes(1));
		KeyRing before = this.keys.current();
		Thread caller = Thread.currentThread();
		AtomicReference<Thread> completedOn = new AtomicReference<>();

		CompletableFuture<KeyRing> refetched = this.keys.refetchAsync("not-published")
			.whenComplete((ring, failure) -> completedOn.set(Thread.currentThread()));

		assertThat(refetched).as("returned while the fetch hangs").isNotDone();
		assertThat(refetched.get(10, TimeUnit.SECONDS).kids()).containsExactlyInAnyOrderElementsOf(before.kids());
		assertThat(completedOn.get()).isNotSameAs(caller);
	}

	@Test
	void onlyAFewRequestsWaitAtOnceAndTheOthersAreAnsweredAtOnce() throws Exception {
		this.fusionAuth.blackhole();
		this.fusionAuth.clock().advance(Duration.ofMinutes(1));
		List<CompletableFuture<KeyRing>> waiting = new ArrayList<>();
		for (int i = 0; i < MAX_WAITING; i++) {
			waiting.add(this.keys.refetchAsync("waiting-" + i));
		}

		CompletableFuture<KeyRing> oneTooMany = this.keys.refetchAsync("one-too-many");

		assertThat(waiting).allSatisfy((future) -> assertThat(future).isNotDone());
		assertThat(oneTooMany).isDone();
		CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	@Test
	void unknownKidsFetchAtMostOncePerMinimumRefetchInterval() throws Exception {
		// Whatever fetch an earlier test left under way ends first, so that only this test's are counted.
		this.keys.refresh().get(10, TimeUnit.SECONDS);
		this.fusionAuth.clock().advance(Duration.ofMinutes(1));
		this.keys.refetchAsync("first-unknown").get(10, TimeUnit.SECONDS);
		int afterFirst = this.fusionAuth.jwksFetches();

		List<CompletableFuture<KeyRing>> more = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			more.add(this.keys.refetchAsync("unknown-" + i));
		}
		CompletableFuture.allOf(more.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

		assertThat(this.fusionAuth.jwksFetches()).isEqualTo(afterFirst);
	}

}
