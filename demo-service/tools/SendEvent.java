import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * Sends the demo a FusionAuth event the way FusionAuth's webhook does: the event as JSON, and the header
 * {@code X-FusionAuth-Signature-JWT}, a JWT signed with the demo key (public knowledge: never trust it
 * outside the demo) whose {@code request_body_sha256} claim is the body's SHA-256. Needs nothing but a JDK:
 *
 * <pre>
 * java demo-service/tools/SendEvent.java                                 # revoke the demo user's refresh tokens
 * java demo-service/tools/SendEvent.java --user &lt;id&gt;                       # ... another user's
 * java demo-service/tools/SendEvent.java --type user.deactivate --user &lt;id&gt;
 * </pre>
 *
 * Options: {@code --type} ({@code jwt.refresh-token.revoke} (default), {@code user.deactivate},
 * {@code user.delete}, {@code user.registration.delete}, {@code jwt.public-key.update}, or any other type),
 * {@code --user <id>} (default the demo user), {@code --app <id>} (revoke only in that application),
 * {@code --url <webhook url>} (default http://localhost:8080/offline-auth/fusionauth/events),
 * {@code --key <pem file>}. Prints the HTTP status and the answer.
 */
public class SendEvent {

	static final String APPLICATION_ID = "8bc10a62-b8f3-4856-9b97-e88c7eee510f";

	static final String TENANT_ID = "dc55d188-2fe9-425a-a0bb-640652603240";

	static final String DEMO_USER_ID = "29cb4553-3007-437b-8402-05b524d0733c";

	static final String KID = "offline-auth-demo-key";

	public static void main(String[] args) throws Exception {
		String type = "jwt.refresh-token.revoke";
		String user = DEMO_USER_ID;
		String application = null;
		String url = "http://localhost:8080/offline-auth/fusionauth/events";
		Path key = null;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			String value = (i + 1 < args.length) ? args[++i] : usage("missing value for " + option);
			switch (option) {
				case "--type" -> type = value;
				case "--user" -> user = value;
				case "--app" -> application = value;
				case "--url" -> url = value;
				case "--key" -> key = Path.of(value);
				default -> usage("unknown option " + option);
			}
		}
		String body = event(type, user, application, System.currentTimeMillis());
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("X-FusionAuth-Signature-JWT", signature(privateKey(key), body.getBytes(StandardCharsets.UTF_8)))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		System.out.println(response.statusCode() + " " + response.body());
		System.exit((response.statusCode() == 200) ? 0 : 1);
	}

	/** The event as FusionAuth shapes each type: ids where FusionAuth puts them, instants in milliseconds. */
	static String event(String type, String user, String application, long createInstant) {
		String common = "\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"createInstant\":"
				+ createInstant + ",\"tenantId\":\"" + TENANT_ID + "\"";
		String userObject = "\"user\":{\"id\":\"" + user + "\",\"tenantId\":\"" + TENANT_ID + "\",\"active\":true}";
		String app = (application != null) ? application : APPLICATION_ID;
		String specific = switch (type) {
			case "jwt.refresh-token.revoke" -> "\"userId\":\"" + user + "\","
					+ ((application != null) ? "\"applicationId\":\"" + application + "\"," : "") + userObject
					+ ",\"applicationTimeToLiveInSeconds\":{\"" + app + "\":900}";
			case "user.deactivate", "user.delete" -> userObject;
			case "user.registration.delete" -> "\"applicationId\":\"" + app + "\",\"registration\":{\"applicationId\":\""
					+ app + "\",\"roles\":[\"user\"]}," + userObject;
			case "jwt.public-key.update" -> "\"applicationIds\":[\"" + app + "\"]";
			default -> userObject;
		};
		return "{\"event\":{" + common + "," + specific + "}}";
	}

	static String signature(PrivateKey privateKey, byte[] body) throws Exception {
		Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
		String digest = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
		String payload = "{\"request_body_sha256\":\"" + digest + "\"}";
		String signingInput = base64url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64url.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(privateKey);
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + base64url.encodeToString(signature.sign());
	}

	static PrivateKey privateKey(Path given) throws Exception {
		Path path = given;
		if (path == null) {
			// From the repository root, or from demo-service itself.
			path = Path.of("demo-service/demo-key/demo-private-key.pem");
			if (!Files.exists(path)) {
				path = Path.of("demo-key/demo-private-key.pem");
			}
		}
		String pem = Files.readString(path);
		String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"));
		return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
	}

	private static String usage(String problem) {
		System.err.println(problem);
		System.err.println("usage: java demo-service/tools/SendEvent.java [--type jwt.refresh-token.revoke] [--user <id>]"
				+ " [--app <id>] [--url <webhook url>] [--key <pem>]");
		System.exit(2);
		return null;
	}

}
