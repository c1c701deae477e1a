package dev.offlineauth.demo.reactive;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.offlineauth.offline.Connectivity;
import dev.offlineauth.web.OfflineAuthenticationToken;

/** Who the caller is, as offline-auth saw the token: the quickest way to watch the offline policy work. */
@RestController
class MeController {

	private final Connectivity connectivity;

	MeController(Connectivity connectivity) {
		this.connectivity = connectivity;
	}

	@GetMapping("/api/me")
	Map<String, Object> me(OfflineAuthenticationToken authentication) {
		List<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		return Map.of("sub", authentication.getName(), "authorities", authorities, "tokenStatus",
				authentication.getTokenStatus().value(), "keySource", authentication.getKeySource().value(),
				"connectivity", this.connectivity.state().status().value());
	}

}
