package dev.offlineauth.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The real FusionAuth ({@code fusionauth/fusionauth-app}) with its PostgreSQL, on a network of their own,
 * for tests against the real thing. Needs Docker; a test class using it should carry
 * {@code @Testcontainers(disabledWithoutDocker = true)} so that it is skipped where there is none. Needs
 * {@code org.testcontainers:testcontainers-postgresql} on the test classpath (offline-auth-test does not
 * bring Testcontainers along).
 *
 * <pre class="code">
 * &#64;Container
 * static FusionAuthContainer fusionAuth = new FusionAuthContainer().withKickstart("kickstart.json");
 * ...
 * String token = fusionAuth.login("demo&#64;example.com", "password", applicationId);
 * </pre>
 *
 * <p>With a kickstart file the container is ready once FusionAuth logs the kickstart's summary (the
 * kickstart has run: FusionAuth runs it only on an empty database, as here); without one, once
 * {@code /api/status} answers. A cold start takes up to two minutes.
 *
 * <p>Configure it before it starts, from one thread; {@link #login} may then be called from any.
 */
public class FusionAuthContainer extends GenericContainer<FusionAuthContainer> {

	/** The version this project's docker-compose.yml runs. */
	public static final String DEFAULT_IMAGE = "fusionauth/fusionauth-app:1.68.0";

	/** The PostgreSQL image started alongside. */
	public static final String DATABASE_IMAGE = "postgres:16.0-bookworm";

	/** FusionAuth's port in the container. */
	public static final int PORT = 9011;

	static final String KICKSTART_FILE = "/usr/local/fusionauth/kickstart/kickstart.json";

	private static final String DATABASE_ROOT_PASSWORD = "fusionauth-container-root-password";

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

	private final Network network = Network.newNetwork();

	private final PostgreSQLContainer database;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private String apiKey;

	/** FusionAuth of the version docker-compose.yml runs. */
	public FusionAuthContainer() {
		this(DEFAULT_IMAGE);
	}

	/** @param image a {@code fusionauth/fusionauth-app} image, e.g. {@code fusionauth/fusionauth-app:1.68.0} */
	public FusionAuthContainer(String image) {
		this(DockerImageName.parse(image));
	}

	/** @param image a {@code fusionauth/fusionauth-app} image */
	public FusionAuthContainer(DockerImageName image) {
		super(image);
		this.database = new PostgreSQLContainer(DATABASE_IMAGE).withNetwork(this.network)
			.withNetworkAliases("db")
			.withUsername("postgres")
			.withPassword(DATABASE_ROOT_PASSWORD);
		withNetwork(this.network);
		dependsOn(this.database);
		withEnv(Map.of("DATABASE_URL", "jdbc:postgresql://db:5432/fusionauth", "DATABASE_ROOT_USERNAME", "postgres",
				"DATABASE_ROOT_PASSWORD", DATABASE_ROOT_PASSWORD, "DATABASE_USERNAME", "fusionauth",
				"DATABASE_PASSWORD", "fusionauth-container-password", "FUSIONAUTH_APP_MEMORY", "512M",
				"FUSIONAUTH_APP_RUNTIME_MODE", "development", "SEARCH_TYPE", "database"));
		withExposedPorts(PORT);
		waitingFor(Wait.forHttp("/api/status").forStatusCode(200).withStartupTimeout(STARTUP_TIMEOUT));
	}

	/**
	 * Kickstarts FusionAuth with a file from the classpath; its first API key is the one {@link #login}
	 * uses.
	 * @param classpathResource e.g. {@code "kickstart/kickstart.json"}
	 * @return this container
	 */
	public FusionAuthContainer withKickstart(String classpathResource) {
		try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(classpathResource)) {
			if (in == null) {
				throw new IllegalArgumentException("No kickstart file on the classpath at " + classpathResource);
			}
			return kickstart(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + classpathResource,
					MountableFile.forClasspathResource(classpathResource));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Kickstarts FusionAuth with a file; its first API key is the one {@link #login} uses.
	 * @param file the kickstart file
	 * @return this container
	 */
	public FusionAuthContainer withKickstart(Path file) {
		try {
			return kickstart(Files.readString(file), file.toString(), MountableFile.forHostPath(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private FusionAuthContainer kickstart(String json, String origin, MountableFile file) {
		Kickstart kickstart = Kickstart.parse(json, origin);
		if (this.apiKey == null) {
			this.apiKey = kickstart.apiKey();
		}
		withCopyFileToContainer(file, KICKSTART_FILE);
		withEnv("FUSIONAUTH_APP_KICKSTART_FILE", KICKSTART_FILE);
		return waitingFor(Wait.forLogMessage(".*KickstartRunner - Summary.*", 1).withStartupTimeout(STARTUP_TIMEOUT));
	}

	/**
	 * The API key {@link #login} sends, when the kickstart's is not the one to use.
	 * @param apiKey an API key of this FusionAuth
	 * @return this container
	 */
	public FusionAuthContainer withApiKey(String apiKey) {
		this.apiKey = apiKey;
		return this;
	}

	/** FusionAuth's URL as reachable from the test, e.g. {@code http://localhost:32771}. */
	public String getBaseUrl() {
		return "http://" + getHost() + ":" + getMappedPort(PORT);
	}

	/** The API key: the kickstart's first, or {@link #withApiKey(String)}'s. */
	public String getApiKey() {
		return this.apiKey;
	}

	/**
	 * Logs a user in through FusionAuth's Login API ({@code POST /api/login}) and returns the access token
	 * FusionAuth issues.
	 * @param loginId the user's email or username
	 * @param password the user's password
	 * @param applicationId the application to log in to; the token's {@code aud}
	 * @return the access token
	 * @throws IllegalStateException if FusionAuth does not answer 200 (202: the user is not registered for
	 * the application, and the token would carry no roles)
	 */
	public String login(String loginId, String password, String applicationId) {
		if (this.apiKey == null) {
			throw new IllegalStateException("No API key: kickstart FusionAuth with one, or call withApiKey");
		}
		String body = JSONObjectUtils.toJSONString(
				Map.of("loginId", loginId, "password", password, "applicationId", applicationId));
		HttpRequest request = HttpRequest.newBuilder(URI.create(getBaseUrl() + "/api/login"))
			.header("Authorization", this.apiKey)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("FusionAuth's login of " + loginId + " to " + applicationId + " answered "
					+ response.statusCode() + ((response.statusCode() == 202) ? " (not registered for the application)"
							: ": " + response.body()));
		}
		try {
			return JSONObjectUtils.getString(JSONObjectUtils.parse(response.body()), "token");
		}
		catch (ParseException ex) {
			throw new IllegalStateException("FusionAuth's login answer is not JSON", ex);
		}
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Stops FusionAuth, then its database, and removes their network. */
	@Override
	public void stop() {
		try {
			super.stop();
		}
		finally {
			this.database.stop();
			this.network.close();
		}
	}

}
