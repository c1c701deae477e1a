package dev.offlineauth.revocation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offlineauth.test.Webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Each FusionAuth event type, as FusionAuth shapes it, and the cutoff it creates. */
class EventCutoffsTests {

	private static final Instant AT = Instant.parse("2030-01-01T10:00:00.123Z");

	private static final String USER = "29cb4553-3007-437b-8402-05b524d0733c";

	private static final String APP = "8bc10a62-b8f3-4856-9b97-e88c7eee510f";

	private static final String TENANT = Webhooks.TENANT;

	/** max-token-lifetime 1h; clock-skew 60s and grace 24h come on top of every lifetime. */
	private final EventCutoffs rules = new EventCutoffs(Duration.ofHours(1), Duration.ofSeconds(60),
			Duration.ofHours(24));

	private static final long AFTER = Duration.ofSeconds(60).plusHours(24).toMillis();

	private Cutoff cutoff(Webhooks.Event event) throws MalformedEventException {
		return this.rules.cutoffFor(parse(event));
	}

	private static FusionAuthEvent parse(Webhooks.Event event) throws MalformedEventException {
		return FusionAuthEvent.parse(event.json().getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void revokingOneUserInOneApplicationCutsOffThatUserThereForTheApplicationsLifetime() throws Exception {
		Cutoff cutoff = cutoff(Webhooks.event("jwt.refresh-token.revoke", AT).with("userId", USER)
			.with("applicationId", APP)
			.with("applicationTimeToLiveInSeconds", Map.of(APP, 900)));

		assertThat(cutoff).isEqualTo(new Cutoff(TENANT, USER, APP, AT.toEpochMilli(), AT.toEpochMilli() + 900_000 + AFTER));
	}

	@Test
	void revokingAllOfAUsersTokensCutsOffTheUserEverywhereForTheLongestLifetime() throws Exception {
		Cutoff cutoff = cutoff(Webhooks.event("jwt.refresh-token.revoke", AT).with("userId", USER)
			.with("applicationTimeToLiveInSeconds", Map.of(APP, 900, "other-app", 7200)));

		assertThat(cutoff).isEqualTo(new Cutoff(TENANT, USER, null, AT.toEpochMilli(), AT.toEpochMilli() + 7_200_000 + AFTER));
	}

	@Test
	void aUserCutoffNeverEndsBeforeMaxTokenLifetime() throws Exception {
		Cutoff cutoff = cutoff(Webhooks.event("jwt.refresh-token.revoke", AT).with("userId", USER)
			.with("applicationTimeToLiveInSeconds", Map.of(APP, 60)));

		assertThat(cutoff.expiresAt()).isEqualTo(AT.toEpochMilli() + 3_600_000 + AFTER);
	}

	@Test
	void revokingAnApplicationCutsOffEveryUserOfIt() throws Exception {
		Cutoff cutoff = cutoff(Webhooks.event("jwt.refresh-token.revoke", AT).with("applicationId", APP)
			.with("applicationTimeToLiveInSeconds", Map.of(APP, 300)));

		assertThat(cutoff).isEqualTo(new Cutoff(null, null, APP, AT.toEpochMilli(), AT.toEpochMilli() + 300_000 + AFTER));
	}

	@Test
	void withoutALifetimeInTheEventMaxTokenLifetimeApplies() throws Exception {
		Cutoff cutoff = cutoff(Webhooks.event("jwt.refresh-token.revoke", AT).with("userId", USER).with("applicationId", APP));

		assertThat(cutoff.expiresAt()).isEqualTo(AT.toEpochMilli() + 3_600_000 + AFTER);
	}

	@ParameterizedTest
	@ValueSource(strings = { "user.deactivate", "user.delete" })
	void deactivatingOrDeletingAUserCutsOffTheUserEverywhere(String type) throws Exception {
		Cutoff cutoff = cutoff(Webhooks.event(type, AT).without("tenantId")
			.with("user", Map.of("id", USER, "tenantId", TENANT, "email", "someone@example.com")));

		assertThat(cutoff).isEqualTo(new Cutoff(TENANT, USER, null, AT.toEpochMilli(), AT.toEpochMilli() + 3_600_000 + AFTER));
	}

	@Test
	void deletingARegistrationCutsOffTheUserInThatApplication() throws Exception {
		Cutoff cutoff = cutoff(Webhooks.event("user.registration.delete", AT)
			.with("applicationId", APP)
			.with("registration", Map.of("applicationId", APP, "roles", java.util.List.of("user")))
			.with("user", Map.of("id", USER)));

		assertThat(cutoff).isEqualTo(new Cutoff(TENANT, USER, APP, AT.toEpochMilli(), AT.toEpochMilli() + 3_600_000 + AFTER));
	}

	@Test
	void typesNotActedOnAreReadAsOtherWithoutLookingFurther() throws Exception {
		FusionAuthEvent event = parse(Webhooks.event("user.login.success", AT).with("user", "not even an object"));

		assertThat(event.type()).isEqualTo(EventType.OTHER);
	}

	@Test
	void aKeyUpdateNeedsNothingButItsType() throws Exception {
		FusionAuthEvent event = parse(Webhooks.event("jwt.public-key.update", AT).without("createInstant"));

		assertThat(event.type()).isEqualTo(EventType.PUBLIC_KEY_UPDATE);
	}

	@Test
	void eventsThatCannotMakeACutoffAreMalformed() {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> cutoff(Webhooks.event("jwt.refresh-token.revoke", AT)));
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> cutoff(Webhooks.event("user.registration.delete", AT).with("user", Map.of("id", USER))));
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> cutoff(Webhooks.event("user.delete", AT).without("createInstant").with("userId", USER)));
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> cutoff(Webhooks.event("user.delete", AT).with("userId", "../../etc:passwd")));
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> cutoff(Webhooks.event("user.delete", AT).with("userId", USER).with("createInstant", "yesterday")));
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> cutoff(Webhooks.event("user.delete", AT).with("userId", USER).with("createInstant", 1.5)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "null", "[]", "{}", "{\"event\":[]}", "{\"event\":{\"type\":7}}",
			"{\"event\":{\"type\":\"user.delete\"", "{\"event\":{}}" })
	void bodiesThatAreNotEventsAreMalformed(String body) {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> FusionAuthEvent.parse(body.getBytes(StandardCharsets.UTF_8)));
	}

}
