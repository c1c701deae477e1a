package dev.offlineauth.demo;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.offlineauth.test.AutoConfigureFakeFusionAuth;
import dev.offlineauth.test.FakeFusionAuth;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's endpoints on a real port, with the test kit's fake FusionAuth online and publishing its key,
 * as the FusionAuth of docker-compose does after its kickstart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureFakeFusionAuth
class DemoEndpointsTests {

	private static final String USER = "29cb4553-3007-437b-8402-05b524d0733c";

	@LocalServerPort
	private int port;

	@Autowired
	private FakeFusionAuth fusionAuth;

	private Http http;

	@BeforeEach
	void http() {
		this.http = new Http(this.port);
	}

	@Test
	void notesCanBeWrittenAndRead() {
		String token = this.fusionAuth.token().subject(USER).roles("user").build();

		HttpResponse<String> created = this.http.post("/api/notes", token, "{\"text\":\"buy milk\"}");
		HttpResponse<String> notes = this.http.get("/api/notes", token);

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.startsWith("/api/notes/"));
		assertThat(created.body()).contains("\"text\":\"buy milk\"").contains("\"author\":\"" + USER + "\"");
		assertThat(notes.statusCode()).isEqualTo(200);
		assertThat(notes.body()).startsWith("[").contains("buy milk");
	}

	@Test
	void aNoteNeedsText() {
		assertThat(this.http.post("/api/notes", this.fusionAuth.token().build(), "{}").statusCode()).isEqualTo(400);
	}

	@Test
	void meTellsHowTheTokenWasAccepted() {
		HttpResponse<String> me = this.http.get("/api/me",
				this.fusionAuth.token().subject(USER).roles("user", "admin").build());

		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"sub\":\"" + USER + "\"")
			.contains("\"authorities\":[\"ROLE_user\",\"ROLE_admin\"]")
			.contains("\"tokenStatus\":\"fresh\"")
			.contains("\"keySource\":\"remote\"")
			.contains("\"connectivity\":\"online\"");
	}

	@Test
	void healthIsPublic() {
		HttpResponse<String> health = this.http.get("/actuator/health", null);

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"", "\"offlineAuth\":{", "\"connectivity\":\"online\"");
	}

	@Test
	void everythingElseNeedsAToken() {
		HttpResponse<String> response = this.http.get("/api/notes", null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"missing_token\"");
	}

}
