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
 * </pre>
 *
 * Options: {@code --expired <duration>}, {@code --ttl <duration>} (default 15m), {@code --roles a,b}
 * (default user), {@code --sub <id>}, {@code --key <pem file>}. Durations: 90s, 30m, 2h, 3d.
 */
public class MintToken {

	static final String ISSUER = "offline-auth.demo";

	static final String APPLICATION_ID = "8bc10a62-b8f3-4856-9b97-e88c7eee510f";

	static final String TENANT_ID = "dc55d188-2fe9-425a-a0bb-640652603240";

	static final String DEMO_USER_ID = "29cb4553-3007-437b-8402-05b524d0733c";

	static final String KID = "offline-auth-demo-key";

	public static void main(String[] args) throws Exception {
		Duration ttl = Duration.ofMinutes(15);
		Duration expiredBy = null;
		List<String> roles = List.of("user");
		String subject = DEMO_USER_ID;
		Path key = null;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			String value = (i + 1 < args.length) ? args[++i] : usage("missing value for " + option);
			switch (option) {
				case "--expired" -> expiredBy = duration(value);
				case "--ttl" -> ttl = duration(value);
				case "--roles" -> roles = value.isBlank() ? List.of() : List.of(value.split(","));
				case "--sub" -> subject = value;
				case "--key" -> key = Path.of(value);
				default -> usage("unknown option " + option);
			}
		}
		Instant now = Instant.now();
		Instant expiresAt = (expiredBy != null) ? now.minus(expiredBy) : now.plus(ttl);
		Instant issuedAt = expiresAt.minus(ttl);
		System.out.println(mint(privateKey(key), subject, roles, issuedAt, expiresAt));
	}

	static String mint(PrivateKey privateKey, String subject, List<String> roles, Instant issuedAt, Instant expiresAt)
			throws Exception {
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
		List<String> quotedRoles = new ArrayList<>();
		roles.forEach((role) -> quotedRoles.add("\"" + role.trim() + "\""));
		String payload = "{\"aud\":\"" + APPLICATION_ID + "\",\"exp\":" + expiresAt.getEpochSecond() + ",\"iat\":"
				+ issuedAt.getEpochSecond() + ",\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"jti\":\""
				+ UUID.randomUUID() + "\",\"authenticationType\":\"PASSWORD\",\"applicationId\":\"" + APPLICATION_ID
				+ "\",\"roles\":[" + String.join(",", quotedRoles) + "],\"tid\":\"" + TENANT_ID + "\"}";
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

	private static String usage(String problem) {
		System.err.println(problem);
		System.err.println("usage: java demo-service/tools/MintToken.java [--expired 2h] [--ttl 15m] [--roles user,admin]"
				+ " [--sub <id>] [--key <pem>]");
		System.exit(2);
		return null;
	}

}
