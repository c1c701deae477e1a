package dev.offlineauth.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.offlineauth.test.LoopbackHttpServer.Request;
import dev.offlineauth.test.LoopbackHttpServer.Response;

/**
 * What the fake answers, shaped as FusionAuth answers: the JWKS with {@code Cache-Control: no-cache},
 * {@code /api/health} (200, no body, FusionAuth's endpoint for probes), {@code /api/status}
 * ({@code {"status":"ok"}}), the service's own probe path if it configures another one, and the OpenID
 * discovery document. Every answer carries the {@code Date} the fake is told to serve, or none.
 *
 * <p>Thread-safe: it reads the fake's state once per request.
 */
final class FusionAuthEndpoints implements LoopbackHttpServer.Handler {

	static final String JWKS_PATH = "/.well-known/jwks.json";

	static final String HEALTH_PATH = "/api/health";

	static final String STATUS_PATH = "/api/status";

	static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

	/** IMF-fixdate (RFC 9110), the form FusionAuth and every HTTP server send. */
	static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final byte[] NO_BODY = new byte[0];

	private final FakeFusionAuth fusionAuth;

	FusionAuthEndpoints(FakeFusionAuth fusionAuth) {
		this.fusionAuth = fusionAuth;
	}

	@Override
	public Response handle(Request request) {
		Map<String, String> headers = new LinkedHashMap<>();
		Instant date = this.fusionAuth.dateToServe();
		if (date != null) {
			headers.put("Date", HTTP_DATE.format(date));
		}
		if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
			headers.put("Allow", "GET, HEAD");
			return new Response(405, headers, NO_BODY);
		}
		String path = request.path();
		if (JWKS_PATH.equals(path)) {
			headers.put("Content-Type", "application/json;charset=UTF-8");
			headers.put("Cache-Control", "no-cache");
			String jwks = "GET".equals(request.method()) ? this.fusionAuth.serveJwks() : "";
			return new Response(200, headers, jwks.getBytes(StandardCharsets.UTF_8));
		}
		if (STATUS_PATH.equals(path)) {
			headers.put("Content-Type", "application/json;charset=UTF-8");
			return new Response(200, headers, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
		}
		if (HEALTH_PATH.equals(path) || path.equals(this.fusionAuth.probePath())) {
			return new Response(200, headers, NO_BODY);
		}
		if (DISCOVERY_PATH.equals(path)) {
			headers.put("Content-Type", "application/json;charset=UTF-8");
			return new Response(200, headers, discovery().getBytes(StandardCharsets.UTF_8));
		}
		return new Response(404, headers, NO_BODY);
	}

	private String discovery() {
		String base = this.fusionAuth.baseUrl().toString();
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", this.fusionAuth.issuer());
		document.put("jwks_uri", base + JWKS_PATH);
		document.put("authorization_endpoint", base + "/oauth2/authorize");
		document.put("token_endpoint", base + "/oauth2/token");
		document.put("userinfo_endpoint", base + "/oauth2/userinfo");
		document.put("response_types_supported", List.of("code"));
		document.put("subject_types_supported", List.of("public"));
		document.put("id_token_signing_alg_values_supported",
				List.of(FakeFusionAuth.KeyType.RSA.algorithm(), FakeFusionAuth.KeyType.EC.algorithm(),
						FakeFusionAuth.KeyType.ED25519.algorithm()));
		return JSONObjectUtils.toJSONString(document);
	}

}
