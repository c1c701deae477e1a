package dev.offlineauth.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import dev.offlineauth.offline.TokenStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The converter behind an application's own decoder too: claims of the wrong type are a bad token (401
 * {@code invalid_token}), never a {@code ClassCastException} that would end as a server error.
 */
class OfflineJwtAuthenticationConverterTests {

	private final OfflineJwtAuthenticationConverter converter = new OfflineJwtAuthenticationConverter("roles", "ROLE_",
			"sub");

	private static Jwt jwt(Map<String, Object> claims) {
		return Jwt.withTokenValue("t").header("alg", "RS256").claims((all) -> all.putAll(claims))
			.issuedAt(Instant.parse("2030-01-01T00:00:00Z"))
			.build();
	}

	@Test
	void rolesAreAListOrASpaceSeparatedStringAndGetThePrefix() {
		assertThat(this.converter.convert(jwt(Map.of("sub", "u", "roles", List.of("user", "admin")))).getAuthorities())
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_user", "ROLE_admin");
		assertThat(this.converter.convert(jwt(Map.of("sub", "u", "roles", " user  admin "))).getAuthorities())
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_user", "ROLE_admin");
		assertThat(this.converter.convert(jwt(Map.of("sub", "u"))).getAuthorities()).isEmpty();
	}

	@Test
	void rolesThatAreNotStringsAreABadToken() {
		for (Object roles : List.of(List.of(1, 2), Map.of("admin", true), 7, List.of(List.of("admin")))) {
			assertThatExceptionOfType(InvalidBearerTokenException.class)
				.as("roles %s", roles)
				.isThrownBy(() -> this.converter.convert(jwt(Map.of("sub", "u", "roles", roles))));
		}
	}

	@Test
	void aPrincipalThatIsNotAStringIsABadTokenAndAMissingOneFallsBackToTheSubject() {
		OfflineJwtAuthenticationConverter byEmail = new OfflineJwtAuthenticationConverter("roles", "ROLE_", "email");

		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> byEmail.convert(jwt(Map.of("sub", "u", "email", 12345))));
		assertThat(byEmail.convert(jwt(Map.of("sub", "u"))).getName()).isEqualTo("u");
		assertThat(byEmail.convert(jwt(Map.of("sub", "u", "email", "a@example.com"))).getName()).isEqualTo("a@example.com");
	}

	@Test
	void aTokenOfAnApplicationsOwnDecoderIsFreshWithNoKeySource() {
		OfflineAuthenticationToken token = this.converter.convert(jwt(Map.of("sub", "u")));

		assertThat(token.getTokenStatus()).isEqualTo(TokenStatus.FRESH);
		assertThat(token.getKeySource()).isNull();
	}

}
