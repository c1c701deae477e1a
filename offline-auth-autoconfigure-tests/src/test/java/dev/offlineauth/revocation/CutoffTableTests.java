package dev.offlineauth.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.offlineauth.test.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

class CutoffTableTests {

	private static final String TENANT = "tenant-1";

	private static final String USER = "user-1";

	private static final String APP = "app-1";

	private final ManualClock time = new ManualClock(Instant.parse("2030-01-01T10:00:00Z"));

	private final CutoffTable table = new CutoffTable(this.time.timeSource().wallClock());

	private final long now = this.time.now().toEpochMilli();

	private Cutoff user(long at, long expiresAt) {
		return new Cutoff(TENANT, USER, null, at, expiresAt);
	}

	@Test
	void aTokenIssuedAtOrBeforeTheCutoffIsRevokedAndOneIssuedAfterIsNot() {
		this.table.apply(user(this.now, this.now + 3_600_000));

		assertThat(this.table.isRevoked(TENANT, USER, APP, this.now - 1000)).isTrue();
		assertThat(this.table.isRevoked(TENANT, USER, APP, this.now)).isTrue();
		assertThat(this.table.isRevoked(TENANT, USER, APP, this.now + 1000)).isFalse();
	}

	@Test
	void eachScopeRefusesItsOwnTokensOnly() {
		this.table.apply(new Cutoff(TENANT, USER, APP, this.now, this.now + 60_000));
		this.table.apply(new Cutoff(null, null, "app-2", this.now, this.now + 60_000));

		assertThat(this.table.isRevoked(TENANT, USER, APP, this.now)).as("the user in the application").isTrue();
		assertThat(this.table.isRevoked(TENANT, USER, "app-3", this.now)).as("the user elsewhere").isFalse();
		assertThat(this.table.isRevoked(TENANT, "user-2", APP, this.now)).as("another user").isFalse();
		assertThat(this.table.isRevoked(TENANT, "user-2", "app-2", this.now)).as("anyone in app-2").isTrue();
		assertThat(this.table.isRevoked("tenant-2", USER, APP, this.now)).as("another tenant's user").isFalse();
		assertThat(this.table.isRevoked(null, USER, APP, this.now)).as("a token that names no tenant").isTrue();
	}

	@Test
	void aUserCutoffWithoutTenantMatchesEveryTenant() {
		this.table.apply(new Cutoff(null, USER, null, this.now, this.now + 60_000));

		assertThat(this.table.isRevoked("tenant-9", USER, APP, this.now)).isTrue();
		assertThat(this.table.isRevoked(null, USER, null, this.now)).isTrue();
	}

	@Test
	void aTokenThatDoesNotSayWhenItWasIssuedIsRevokedByAnyCutoffOfItsScope() {
		this.table.apply(user(this.now, this.now + 60_000));

		assertThat(this.table.isRevoked(TENANT, USER, APP, Long.MIN_VALUE)).isTrue();
		assertThat(this.table.isRevoked(TENANT, "user-2", APP, Long.MIN_VALUE)).isFalse();
	}

	@Test
	void cutoffsOfOneScopeMergeToTheLatestAndTheLongest() {
		this.table.apply(user(this.now, this.now + 600_000));
		this.table.apply(user(this.now + 5_000, this.now + 60_000));

		assertThat(this.table.live()).containsExactly(user(this.now + 5_000, this.now + 600_000));
	}

	@Test
	void duplicatesAndAnyOrderOfDeliveryGiveTheSameTable() {
		List<Cutoff> events = new ArrayList<>(List.of(user(this.now, this.now + 60_000),
				user(this.now + 2_000, this.now + 30_000), new Cutoff(null, null, APP, this.now, this.now + 90_000),
				user(this.now + 1_000, this.now + 120_000), new Cutoff(TENANT, USER, APP, this.now, this.now + 10_000)));
		events.addAll(List.copyOf(events));
		List<List<Cutoff>> results = new ArrayList<>();
		for (int seed = 0; seed < 20; seed++) {
			Collections.shuffle(events, new java.util.Random(seed));
			CutoffTable fresh = new CutoffTable(this.time.timeSource().wallClock());
			events.forEach(fresh::apply);
			List<Cutoff> live = new ArrayList<>(fresh.live());
			live.sort(java.util.Comparator.comparing(Cutoff::scope));
			results.add(live);
		}

		assertThat(results).allSatisfy((live) -> assertThat(live).isEqualTo(results.get(0)));
		assertThat(results.get(0)).contains(user(this.now + 2_000, this.now + 120_000)).hasSize(3);
	}

	@Test
	void aCutoffEndsAtItsExpiryByTheInjectedClock() {
		this.table.apply(user(this.now, this.now + 60_000));

		this.time.advance(Duration.ofSeconds(59));
		assertThat(this.table.isRevoked(TENANT, USER, APP, this.now)).isTrue();
		assertThat(this.table.size()).isOne();

		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.table.isRevoked(TENANT, USER, APP, this.now)).isFalse();
		assertThat(this.table.size()).isZero();
		assertThat(this.table.live()).isEmpty();
	}

	@Test
	void anExpiredCutoffIsNotAppliedAndChangesNothing() {
		List<Cutoff> changes = new CopyOnWriteArrayList<>();
		this.table.onChange(changes::add);

		assertThat(this.table.apply(user(this.now - 120_000, this.now - 1))).isFalse();
		assertThat(this.table.isRevoked(TENANT, USER, APP, this.now - 200_000)).isFalse();
		assertThat(changes).isEmpty();
	}

	@Test
	void listenersHearOfChangesOnlyWithTheMergedCutoff() {
		List<Cutoff> changes = new CopyOnWriteArrayList<>();
		this.table.onChange(changes::add);

		this.table.apply(user(this.now, this.now + 60_000));
		this.table.apply(user(this.now, this.now + 60_000));
		this.table.apply(user(this.now - 1_000, this.now + 30_000));
		this.table.apply(user(this.now + 1_000, this.now + 30_000));

		assertThat(changes).containsExactly(user(this.now, this.now + 60_000), user(this.now + 1_000, this.now + 60_000));
	}

	@Test
	void expiredCutoffsAreDroppedWhenPurged() {
		this.table.apply(user(this.now, this.now + 60_000));
		this.table.apply(new Cutoff(null, null, APP, this.now, this.now + 120_000));
		this.time.advance(Duration.ofSeconds(90));

		this.table.purgeExpired();

		assertThat(this.table.live()).containsExactly(new Cutoff(null, null, APP, this.now, this.now + 120_000));
		this.time.advance(Duration.ofMinutes(1));
		this.table.purgeExpired();
		assertThat(this.table.isRevoked(TENANT, USER, APP, this.now)).isFalse();
	}

	@Test
	void anApplicationCutoffNeverNamesATenant() {
		assertThat(new Cutoff(TENANT, null, APP, 1, 2).tenantId()).isNull();
		assertThat(Instant.ofEpochMilli(new Cutoff(null, USER, null, 5, 6).at())).isEqualTo(Instant.ofEpochMilli(5));
	}

}
