import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Mints an access token for the demo, shaped like FusionAuth's, signed with the demo key (which is public
 * knowledge: never trust it outside the demo). Needs nothing but a JDK:
 *
 * <pre>
 * java demo-service/tools/MintToken.java                      # fresh, valid for 15 minutes
 * java demo-service/tools/MintToken.java --expired 2h         # expired two hours ago
 * java demo-service/tools/MintToken.java --roles user,admin   # with these roles
 * java demo-service/tools/MintToken.java --iss acme.com --aud 3c219e58-ed0e-4b18-ad48-f4f92793ae32
 * </pre>
 *
 * Options: {@code --expired <duration>}, {@code --ttl <duration>} (default 15m), {@code --roles a,b}
 * (default user), {@code --sub <id>}, {@code --iss <issuer>} (default the demo's), {@code --aud <application
 * id>} (default the demo's; also the {@code applicationId} claim), {@code --key <pem file>}, {@code --help}.
 * Durations: 90s, 30m, 2h, 3d.
 */
public class MintToken {

	static final String ISSUER = "offline-auth.demo";

	static final String APPLICATION_ID = "8bc10a62-b8f3-4856-9b97-e88c7eee510f";

	static final String TENANT_ID = "dc55d188-2fe9-425a-a0bb-640652603240";

	static final String DEMO_USER_ID = "29cb4553-3007-437b-8402-05b524d0733c";

	static final String KID = "offline-auth-demo-key";

	static final List<String> OPTIONS = List.of("--expired", "--ttl", "--roles", "--sub", "--iss", "--aud", "--key");

	public static void main(String[] args) throws Exception {
		Duration ttl = Duration.ofMinutes(15);
		Duration expiredBy = null;
		List<String> roles = List.of("user");
		String subject = DEMO_USER_ID;
		String issuer = ISSUER;
		String audience = APPLICATION_ID;
		Path key = null;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if (option.equals("--help") || option.equals("-h")) {
				System.out.println(USAGE);
				return;
			}
			if (!OPTIONS.contains(option)) {
				usage("unknown option " + option);
			}
			String value = (i + 1 < args.length) ? args[++i] : usage("missing value for " + option);
			switch (option) {
				case "--expired" -> expiredBy = duration(value);
				case "--ttl" -> ttl = duration(value);
				case "--roles" -> roles = value.isBlank() ? List.of() : List.of(value.split(","));
				case "--sub" -> subject = value;
				case "--iss" -> issuer = value;
				case "--aud" -> audience = value;
				default -> key = Path.of(value);
			}
		}
		Instant now = Instant.now();
		Instant expiresAt = (expiredBy != null) ? now.minus(expiredBy) : now.plus(ttl);
		Instant issuedAt = expiresAt.minus(ttl);
		System.out.println(mint(privateKey(key), subject, roles, issuer, audience, issuedAt, expiresAt));
	}

	static String mint(PrivateKey privateKey, String subject, List<String> roles, String issuer, String audience,
			Instant issuedAt, Instant expiresAt) throws Exception {
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
		List<String> quotedRoles = new ArrayList<>();
		roles.forEach((role) -> quotedRoles.add(json(role.trim())));
		String payload = "{\"aud\":" + json(audience) + ",\"exp\":" + expiresAt.getEpochSecond() + ",\"iat\":"
				+ issuedAt.getEpochSecond() + ",\"iss\":" + json(issuer) + ",\"sub\":" + json(subject) + ",\"jti\":\""
				+ UUID.randomUUID() + "\",\"authenticationType\":\"PASSWORD\",\"applicationId\":" + json(audience)
				+ ",\"roles\":[" + String.join(",", quotedRoles) + "],\"tid\":\"" + TENANT_ID + "\"}";
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signingInput = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(privateKey);
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + base64.encodeToString(signature.sign());
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
		byte[] der = Base64.getMimeDecoder().decode(body);
		return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
	}

	static Duration duration(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		long amount = Long.parseLong(value.substring(0, value.length() - 1));
		return switch (value.charAt(value.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			case 'd' -> Duration.ofDays(amount);
			default -> throw new IllegalArgumentException("Not a duration: " + text + " (write 90s, 30m, 2h or 3d)");
		};
	}

	/** A JSON string: quoted, with quotes, backslashes and control characters escaped. */
	static String json(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	static final String USAGE = """
			usage: java demo-service/tools/MintToken.java [options]
			Prints an access token signed with the demo key, as FusionAuth would issue it for the demo.
			  --expired <duration>  expired this long ago (default: fresh)
			  --ttl <duration>      lifetime (default 15m)
			  --roles <a,b>         roles (default user; empty for none)
			  --sub <id>            subject (default the kickstarted demo user)
			  --iss <issuer>        issuer (default offline-auth.demo, the demo's offline-auth.issuer)
			  --aud <id>            audience and applicationId (default 8bc10a62-b8f3-4856-9b97-e88c7eee510f)
			  --key <pem file>      signing key (default demo-service/demo-key/demo-private-key.pem)
			  --help                this text
			Durations: 90s, 30m, 2h, 3d. Only a service that trusts the demo key (its bundled demo JWKS, or the
			FusionAuth of docker-compose) accepts these tokens.""";

	private static String usage(String problem) {
		System.err.println(problem);
		System.err.println(USAGE);
		System.exit(2);
		return null;
	}

}
