package dev.offlineauth.demo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigureFakeFusionAuth
class NotesOfflineTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	FakeFusionAuth fusionAuth;

	@Test
	void aFreshTokenIsAccepted() throws Exception {
		String token = fusionAuth.token().roles("user").build();

		mvc.perform(get("/api/notes").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk());
	}

	@Test
	void whileFusionAuthIsDownAnExpiredTokenMayReadButNotWrite() throws Exception {
		String token = fusionAuth.token().expiredAgo(Duration.ofHours(2)).build();

		fusionAuth.goOffline();

		mvc.perform(get("/api/notes").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(header().string("Offline-Auth-Status", "grace"));
		mvc.perform(post("/api/notes").header("Authorization", "Bearer " + token)
				.contentType("application/json").content("{\"text\":\"written offline\"}"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("grace_read_only"));
	}

	@Test
	void afterMaxOfflineEveryTokenIsRefused() throws Exception {
		fusionAuth.goOffline();

		fusionAuth.clock().advance(Duration.ofDays(8));   // max-offline is 7 days

		mvc.perform(get("/api/notes").header("Authorization", "Bearer " + fusionAuth.token().build()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.code").value("offline_too_long"));
	}

}
