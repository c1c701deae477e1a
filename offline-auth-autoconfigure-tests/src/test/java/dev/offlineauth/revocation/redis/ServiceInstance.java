package dev.offlineauth.revocation.redis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import dev.offlineauth.offline.TimeSource;
import dev.offlineauth.revocation.CutoffStore;
import dev.offlineauth.test.ScriptedFusionAuth;
import dev.offlineauth.test.Tokens;
import dev.offlineauth.test.Webhooks;
import dev.offlineauth.web.app.NotesTestApplication;

/**
 * One instance of a service using offline-auth with {@code store: redis}, running for real (Tomcat on a
 * free port), called over HTTP like FusionAuth and clients call it.
 */
final class ServiceInstance implements AutoCloseable {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private final ConfigurableApplicationContext context;

	private final String baseUrl;

	private ServiceInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * @param fusionAuth where keys come from
	 * @param signingKeyId the webhook signing key
	 * @param redisHost Redis
	 * @param redisPort Redis
	 * @param keyPrefix a prefix of the test's own
	 * @param time the service's clocks, or {@code null} for the system's
	 * @param extra more properties
	 */
	static ServiceInstance start(ScriptedFusionAuth fusionAuth, String signingKeyId, String redisHost, int redisPort,
			String keyPrefix, TimeSource time, Map<String, String> extra) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"offline-auth.fusionauth.base-url=" + fusionAuth.baseUrl(), "offline-auth.issuer=" + Tokens.ISSUER,
				"offline-auth.audiences=" + Tokens.AUDIENCE, "offline-auth.revocation.enabled=true",
				"offline-auth.revocation.webhook.signing-key-ids=" + signingKeyId, "offline-auth.revocation.store=redis",
				"offline-auth.revocation.redis.key-prefix=" + keyPrefix, "spring.data.redis.host=" + redisHost,
				"spring.data.redis.port=" + redisPort, "spring.data.redis.timeout=1s"));
		extra.forEach((name, value) -> properties.add(name + "=" + value));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(NotesTestApplication.class)
			.properties(properties.toArray(String[]::new));
		if (time != null) {
			builder.initializers((context) -> ((GenericApplicationContext) context).registerBean(TimeSource.class,
					() -> time));
		}
		return new ServiceInstance(builder.run());
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	boolean storeReachable() {
		return Boolean.TRUE.equals(bean(CutoffStore.class).reachable());
	}

	HttpResponse<String> notes(String token) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/notes"))
			.header("Authorization", "Bearer " + token)
			.GET());
	}

	HttpResponse<String> webhook(String body, String signature) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + Webhooks.PATH))
			.header("Content-Type", "application/json")
			.header("X-FusionAuth-Signature-JWT", signature)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
