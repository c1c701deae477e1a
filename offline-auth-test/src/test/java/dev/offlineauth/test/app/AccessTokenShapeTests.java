package dev.offlineauth.test.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.offlineauth.jwks.KeyRingProvider;
import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;
import dev.offlineauth.test.WireAccess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake's tokens are shaped as FusionAuth's Login API issues them, and carry by default the issuer and
 * first audience the service is configured with.
 */
@SpringBootTest(classes = KitTestApplication.class,
		properties = { "offline-auth.issuer=tenant.example", "offline-auth.audiences=app-a,app-b" })
@AutoConfigureFakeFusionAuth
class AccessTokenShapeTests {

	@Autowired
	private FakeFusionAuth fusionAuth;

	@Autowired
	private KeyRingProvider keys;

	@Test
	void byDefaultATokenIsFusionAuthShapedForTheConfiguredIssuerAndFirstAudience() throws Exception {
		String token = this.fusionAuth.token().build();
		Map<String, Object> header = WireAccess.header(token);
		Map<String, Object> claims = WireAccess.claims(token);
		long now = this.fusionAuth.clock().now().getEpochSecond();

		assertThat(header).containsOnlyKeys("alg", "typ", "kid").containsEntry("alg", "RS256").containsEntry("typ", "JWT");
		assertThat(this.keys.current().contains((String) header.get("kid"))).isTrue();
		assertThat(claims).containsEntry("iss", "tenant.example")
			.containsEntry("aud", "app-a")
			.containsEntry("applicationId", "app-a")
			.containsEntry("roles", List.of())
			.containsEntry("authenticationType", "PASSWORD")
			.containsEntry("iat", now)
			.containsEntry("auth_time", now)
			.containsEntry("exp", now + 900)
			.containsKeys("sub", "jti", "tid");
		assertThat(UUID.fromString((String) claims.get("sub"))).isNotNull();
		assertThat(UUID.fromString((String) claims.get("tid"))).isNotNull();
		assertThat(WireAccess.claims(this.fusionAuth.token().build()).get("sub")).isNotEqualTo(claims.get("sub"));
	}

	@Test
	void everyKnobSetsItsClaim() throws Exception {
		Map<String, Object> claims = WireAccess.claims(this.fusionAuth.token()
			.subject("00000000-0000-0000-0000-000000000007")
			.roles("user", "admin")
			.audience("app-b", "app-c")
			.issuer("other.example")
			.tenant("10000000-0000-0000-0000-000000000001")
			.claim("scope", "offline_access")
			.expiresIn(Duration.ofHours(1))
			.build());
		long now = this.fusionAuth.clock().now().getEpochSecond();

		assertThat(claims).containsEntry("sub", "00000000-0000-0000-0000-000000000007")
			.containsEntry("roles", List.of("user", "admin"))
			.containsEntry("aud", List.of("app-b", "app-c"))
			.containsEntry("applicationId", "app-b")
			.containsEntry("iss", "other.example")
			.containsEntry("tid", "10000000-0000-0000-0000-000000000001")
			.containsEntry("scope", "offline_access")
			.containsEntry("exp", now + 3600);
	}

	@Test
	void anExpiredTokenExpiredThatLongAgoAfterLivingFifteenMinutes() throws Exception {
		Map<String, Object> claims = WireAccess.claims(this.fusionAuth.token().expiredAgo(Duration.ofHours(2)).build());
		long now = this.fusionAuth.clock().now().getEpochSecond();

		assertThat(claims).containsEntry("exp", now - 7200).containsEntry("iat", now - 7200 - 900);
	}

}
