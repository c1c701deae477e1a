package dev.offlineauth.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.fusionauth.jwt.hmac.HMACSigner;
import io.fusionauth.pem.domain.PEM;

import dev.offlineauth.test.TestKey;
import dev.offlineauth.test.Tokens;

/**
 * Tokens a hostile client can send, each a named case with the answer it must get. Cases that test a
 * claim are signed with a trusted key, so that they get past the signature and reach the claim check
 * they are about; cases about keys and algorithms are signed the way an attacker can sign them.
 */
final class HostileTokenCorpus {

	static final TestKey ATTACKER = TestKey.rsa("attacker-key");

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private final TestKey trustedRsa;

	private final TestKey trustedEc;

	private final TestKey otherTenant;

	private final String rsaKid;

	private final String ecKid;

	private final String otherTenantKid;

	private final Instant now;

	private final String attackerUrl;

	private final List<HostileToken> cases = new ArrayList<>();

	private HostileTokenCorpus(TestKey trustedRsa, TestKey trustedEc, TestKey otherTenant, Instant now,
			String attackerUrl) {
		this.trustedRsa = trustedRsa;
		this.trustedEc = trustedEc;
		this.otherTenant = otherTenant;
		this.rsaKid = trustedRsa.kid();
		this.ecKid = trustedEc.kid();
		this.otherTenantKid = otherTenant.kid();
		this.now = now;
		this.attackerUrl = attackerUrl;
	}

	/**
	 * @param trustedRsa an RSA key the service trusts
	 * @param trustedEc an EC key the service trusts
	 * @param otherTenant another key in the JWKS the service trusts: FusionAuth publishes every tenant's keys
	 * in the one JWKS
	 * @param now the time of the service and of FusionAuth
	 * @param attackerUrl a server the service must never call
	 * @return every case
	 */
	static List<HostileToken> all(TestKey trustedRsa, TestKey trustedEc, TestKey otherTenant, Instant now,
			String attackerUrl) {
		HostileTokenCorpus corpus = new HostileTokenCorpus(trustedRsa, trustedEc, otherTenant, now, attackerUrl);
		corpus.algNone();
		corpus.hmacWithThePublicKey();
		corpus.algorithmAndKeyMismatches();
		corpus.signatures();
		corpus.keyIds();
		corpus.keysFromTheToken();
		corpus.criticalHeaders();
		corpus.structure();
		corpus.duplicates();
		corpus.expiry();
		corpus.otherTimes();
		corpus.audience();
		corpus.issuer();
		corpus.type();
		corpus.subject();
		corpus.claimTypes();
		corpus.size();
		corpus.otherTenant();
		return corpus.cases;
	}

	private void add(String name, String token) {
		this.cases.add(new HostileToken(name, token, 401, "invalid_token"));
	}

	private void algNone() {
		String payload = payload();
		add("alg none, no signature", raw("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, ""));
		add("alg none with a signature", raw("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload,
				B64.encodeToString(sign(this.trustedRsa.privateKey(), "SHA256withRSA", "x"))));
		add("alg None", raw("{\"alg\":\"None\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload, ""));
		add("alg NONE", raw("{\"alg\":\"NONE\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload, ""));
		add("alg none in two parts", b64("{\"alg\":\"none\"}") + "." + b64(payload));
	}

	private void hmacWithThePublicKey() {
		byte[] pem = PEM.encode(this.trustedRsa.publicKey()).getBytes(StandardCharsets.UTF_8);
		byte[] der = this.trustedRsa.publicKey().getEncoded();
		add("HS256 keyed with the RSA public key's PEM", hmac(HMACSigner.newSHA256Signer(pem, this.rsaKid)));
		add("HS256 keyed with the RSA public key's DER", hmac(HMACSigner.newSHA256Signer(der, this.rsaKid)));
		add("HS384 keyed with the RSA public key's PEM", hmac(HMACSigner.newSHA384Signer(pem, this.rsaKid)));
		add("HS512 keyed with the RSA public key's PEM", hmac(HMACSigner.newSHA512Signer(pem, this.rsaKid)));
		add("HS256 keyed with the JWKS entry", hmac(HMACSigner.newSHA256Signer(
				this.trustedRsa.publicJwk().toJSONString().getBytes(StandardCharsets.UTF_8), this.rsaKid)));
	}

	private void algorithmAndKeyMismatches() {
		add("RS256 header over the EC key", signed(this.trustedEc.privateKey(), "SHA256withECDSAinP1363Format",
				"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + this.ecKid + "\"}", payload()));
		add("ES256 header over the RSA key", signed(this.trustedRsa.privateKey(), "SHA256withRSA",
				"{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
		add("ES256 with an all-zero signature (r = s = 0)",
				raw("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + this.ecKid + "\"}", payload(), B64.encodeToString(new byte[64])));
		add("ES256 with a DER-encoded signature", signed(this.trustedEc.privateKey(), "SHA256withECDSA",
				"{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + this.ecKid + "\"}", payload()));
		add("Ed25519 header naming the RSA key", signed(this.trustedRsa.privateKey(), "SHA256withRSA",
				"{\"alg\":\"Ed25519\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
		add("EdDSA header naming the RSA key", signed(this.trustedRsa.privateKey(), "SHA256withRSA",
				"{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
		add("PS256, not an allowed algorithm", signed(this.trustedRsa.privateKey(), "RSASSA-PSS",
				"{\"alg\":\"PS256\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
		add("RS512 header over an RS256 signature", signed(this.trustedRsa.privateKey(), "SHA256withRSA",
				"{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
	}

	private void signatures() {
		add("signed by another key under a trusted kid", signed(ATTACKER.privateKey(), "SHA256withRSA",
				header(this.rsaKid), payload()));
		String valid = signed(this.trustedRsa.privateKey(), "SHA256withRSA", header(this.rsaKid), payload());
		String[] parts = valid.split("\\.");
		add("payload changed after signing", parts[0] + "." + b64(payload().replace("\"user\"", "\"admin\"")) + "." + parts[2]);
		add("signature cut short", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 100));
		add("signature empty", parts[0] + "." + parts[1] + ".");
		add("signature of another token", parts[0] + "." + parts[1] + "."
				+ signed(this.trustedRsa.privateKey(), "SHA256withRSA", header(this.rsaKid), payload().replace("sub", "xsub")).split("\\.")[2]);
	}

	private void keyIds() {
		add("kid missing", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", payload()));
		add("kid empty", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"\"}", payload()));
		add("kid 10,000 characters long", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + "k".repeat(10_000) + "\"}", payload()));
		add("kid path-like", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"../../etc/passwd\"}", payload()));
		add("kid with control characters", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\\u0000\\r\\n\"}", payload()));
		add("kid a number", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":42}", payload()));
		add("kid null", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":null}", payload()));
		add("kid a SQL fragment", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"' OR '1'='1\"}", payload()));
	}

	private void keysFromTheToken() {
		String jwk = ATTACKER.publicJwk().toJSONString();
		add("jku pointing at the attacker", signed(ATTACKER.privateKey(), "SHA256withRSA",
				"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"attacker-key\",\"jku\":\"" + this.attackerUrl + "/jwks.json\"}", payload()));
		add("x5u pointing at the attacker", signed(ATTACKER.privateKey(), "SHA256withRSA",
				"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"attacker-key\",\"x5u\":\"" + this.attackerUrl + "/cert.pem\"}", payload()));
		add("jwk embedding the attacker's key", signed(ATTACKER.privateKey(), "SHA256withRSA",
				"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"jwk\":" + jwk + "}", payload()));
		add("x5c embedding the attacker's certificate", signed(ATTACKER.privateKey(), "SHA256withRSA",
				"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"attacker-key\",\"x5c\":[\"" + attackerCertificate() + "\"]}", payload()));
		add("jku, x5u and jwk under a trusted kid", signed(ATTACKER.privateKey(), "SHA256withRSA",
				"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\",\"jku\":\"" + this.attackerUrl + "/jwks.json\",\"x5u\":\""
						+ this.attackerUrl + "/cert.pem\",\"jwk\":" + jwk + "}", payload()));
	}

	private void criticalHeaders() {
		add("unknown crit header", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\",\"crit\":[\"x-offline\"],\"x-offline\":true}", payload()));
		add("crit b64 false", rsa("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\",\"b64\":false,\"crit\":[\"b64\"]}", payload()));
	}

	private void structure() {
		String valid = rsa(header(this.rsaKid), payload());
		String[] parts = valid.split("\\.");
		add("a JWE (five parts)", b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"" + this.rsaKid + "\"}") + "."
				+ B64.encodeToString(new byte[256]) + "." + B64.encodeToString(new byte[12]) + "." + parts[1] + "."
				+ B64.encodeToString(new byte[16]));
		add("two parts", parts[0] + "." + parts[1]);
		add("four parts", valid + "." + parts[2]);
		add("characters outside base64url", parts[0] + "." + parts[1].substring(0, 10) + "!!!" + parts[1].substring(10) + "." + parts[2]);
		// A header of a length whose encoding needs padding (whatever the kid), so that it is not base64url too.
		String paddedHeader = (header(this.rsaKid).length() % 3 != 0) ? header(this.rsaKid)
				: header(this.rsaKid).replace(",", ", ");
		add("standard base64 with padding", Base64.getEncoder().encodeToString(paddedHeader.getBytes(StandardCharsets.UTF_8))
				+ "." + Base64.getEncoder().encodeToString(payload().getBytes(StandardCharsets.UTF_8)) + "."
				+ rsa(paddedHeader, payload()).split("\\.")[2]);
		add("header not JSON", rsa("alg=RS256", payload()));
		add("payload not JSON", rsa(header(this.rsaKid), "sub=someone"));
		add("payload a JSON array", rsa(header(this.rsaKid), "[" + payload() + "]"));
		add("header a JSON string", rsa("\"RS256\"", payload()));
		add("three empty parts", "..");
		add("whitespace inside", parts[0] + ". " + parts[1] + "." + parts[2]);
		add("deeply nested payload", rsa(header(this.rsaKid), "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
	}

	private void duplicates() {
		long exp = this.now.getEpochSecond() + 600;
		add("duplicate exp claims", rsa(header(this.rsaKid),
				payload().replace("\"exp\":" + exp, "\"exp\":1,\"exp\":" + exp)));
		add("duplicate sub claims", rsa(header(this.rsaKid), payload().replace("\"sub\":", "\"sub\":\"admin\",\"sub\":")));
		add("duplicate alg headers", rsa("{\"alg\":\"none\",\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
	}

	private void expiry() {
		add("exp missing", rsa(header(this.rsaKid), claims(null)));
		add("exp a string", rsa(header(this.rsaKid), claims("\"" + (this.now.getEpochSecond() + 600) + "\"")));
		add("exp a float", rsa(header(this.rsaKid), claims((this.now.getEpochSecond() + 600) + ".5")));
		add("exp negative", rsa(header(this.rsaKid), claims("-1")));
		add("exp far in the future (1e20)", rsa(header(this.rsaKid), claims("100000000000000000000")));
		add("exp the largest long", rsa(header(this.rsaKid), claims(String.valueOf(Long.MAX_VALUE))));
		add("exp beyond the year 9999", rsa(header(this.rsaKid), claims("253402300800")));
		add("exp in exponent notation", rsa(header(this.rsaKid), claims("2E9")));
		add("exp a boolean", rsa(header(this.rsaKid), claims("true")));
	}

	private void otherTimes() {
		add("nbf in the future", rsa(header(this.rsaKid),
				payload().replace("\"iat\":", "\"nbf\":" + (this.now.getEpochSecond() + 3600) + ",\"iat\":")));
		add("iat in the future", rsa(header(this.rsaKid),
				payload().replace("\"iat\":" + this.now.getEpochSecond(), "\"iat\":" + (this.now.getEpochSecond() + 3600))));
		add("iat after exp", rsa(header(this.rsaKid),
				payload().replace("\"iat\":" + this.now.getEpochSecond(), "\"iat\":" + (this.now.getEpochSecond() + 6000))));
	}

	private void audience() {
		add("aud an empty array", rsa(header(this.rsaKid), payload().replace("\"aud\":\"" + Tokens.AUDIENCE + "\"", "\"aud\":[]")));
		add("aud another application", rsa(header(this.rsaKid), payload().replace(Tokens.AUDIENCE, "another-application")));
		add("aud missing, the right value in azp", rsa(header(this.rsaKid),
				payload().replace("\"aud\":\"" + Tokens.AUDIENCE + "\"", "\"azp\":\"" + Tokens.AUDIENCE + "\"")));
		add("aud a number", rsa(header(this.rsaKid), payload().replace("\"aud\":\"" + Tokens.AUDIENCE + "\"", "\"aud\":42")));
	}

	private void issuer() {
		add("iss in another case", rsa(header(this.rsaKid), payload().replace("\"iss\":\"acme.com\"", "\"iss\":\"ACME.com\"")));
		add("iss with a trailing slash", rsa(header(this.rsaKid), payload().replace("\"iss\":\"acme.com\"", "\"iss\":\"acme.com/\"")));
		add("iss missing", rsa(header(this.rsaKid), payload().replace("\"iss\":\"acme.com\",", "")));
		add("iss an array", rsa(header(this.rsaKid), payload().replace("\"iss\":\"acme.com\"", "\"iss\":[\"acme.com\"]")));
	}

	private void type() {
		add("typ at+jwt", rsa("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
		add("typ JWS", rsa("{\"alg\":\"RS256\",\"typ\":\"JWS\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
		add("typ JOSE+JSON", rsa("{\"alg\":\"RS256\",\"typ\":\"JOSE+JSON\",\"kid\":\"" + this.rsaKid + "\"}", payload()));
	}

	private void subject() {
		add("sub missing", rsa(header(this.rsaKid), payload().replace("\"sub\":\"" + Tokens.SUBJECT + "\",", "")));
		add("sub empty", rsa(header(this.rsaKid), payload().replace(Tokens.SUBJECT, "")));
	}

	/** Signed by a trusted key, so only the type of a claim is wrong: a bad token, never an exception. */
	private void claimTypes() {
		String roles = "\"roles\":[\"user\"]";
		add("roles of numbers", rsa(header(this.rsaKid), payload().replace(roles, "\"roles\":[1,2]")));
		add("roles an object", rsa(header(this.rsaKid), payload().replace(roles, "\"roles\":{\"admin\":true}")));
		add("roles nested in a list", rsa(header(this.rsaKid), payload().replace(roles, "\"roles\":[[\"admin\"]]")));
		add("roles a number", rsa(header(this.rsaKid), payload().replace(roles, "\"roles\":7")));
		add("roles with a null", rsa(header(this.rsaKid), payload().replace(roles, "\"roles\":[\"user\",null]")));
		add("sub a number", rsa(header(this.rsaKid),
				payload().replace("\"sub\":\"" + Tokens.SUBJECT + "\"", "\"sub\":12345")));
		add("sub an object", rsa(header(this.rsaKid),
				payload().replace("\"sub\":\"" + Tokens.SUBJECT + "\"", "\"sub\":{\"id\":\"x\"}")));
	}

	private void size() {
		add("a token of 1 MB", rsa(header(this.rsaKid),
				payload().replace("\"roles\":[\"user\"]", "\"roles\":[\"" + "x".repeat(1024 * 1024) + "\"]")));
	}

	private void otherTenant() {
		add("another tenant's key, its own issuer and application", signed(this.otherTenant.privateKey(), "SHA256withRSA",
				header(this.otherTenantKid),
				payload().replace("\"iss\":\"acme.com\"", "\"iss\":\"other.example\"").replace(Tokens.AUDIENCE, "other-application")));
		add("another tenant's key, the same default issuer", signed(this.otherTenant.privateKey(), "SHA256withRSA",
				header(this.otherTenantKid), payload().replace(Tokens.AUDIENCE, "other-application")));
	}

	/**
	 * The token every case starts from, with nothing hostile in it: what the service must serve, so that
	 * each refusal is owed to what its case changes.
	 */
	static String valid(TestKey trustedRsa, TestKey trustedEc, TestKey otherTenant, Instant now) {
		HostileTokenCorpus corpus = new HostileTokenCorpus(trustedRsa, trustedEc, otherTenant, now, null);
		return corpus.rsa(header(corpus.rsaKid), corpus.payload());
	}

	private String payload() {
		return claims(String.valueOf(this.now.getEpochSecond() + 600));
	}

	private String claims(String exp) {
		return "{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"sub\":\"" + Tokens.SUBJECT
				+ "\",\"iat\":" + this.now.getEpochSecond() + ((exp != null) ? ",\"exp\":" + exp : "")
				+ ",\"roles\":[\"user\"]}";
	}

	private static String header(String kid) {
		return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
	}

	private String hmac(HMACSigner signer) {
		return Tokens.token(signer, this.now).sign();
	}

	private String rsa(String header, String payload) {
		return signed(this.trustedRsa.privateKey(), "SHA256withRSA", header, payload);
	}

	static String signed(PrivateKey key, String algorithm, String header, String payload) {
		String signingInput = b64(header) + "." + b64(payload);
		return signingInput + "." + B64.encodeToString(sign(key, algorithm, signingInput));
	}

	private static byte[] sign(PrivateKey key, String algorithm, String input) {
		try {
			Signature signature = Signature.getInstance(algorithm);
			if (algorithm.equals("RSASSA-PSS")) {
				signature.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
						java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
			}
			signature.initSign(key);
			signature.update(input.getBytes(StandardCharsets.US_ASCII));
			return signature.sign();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String raw(String header, String payload, String signature) {
		return b64(header) + "." + b64(payload) + "." + signature;
	}

	private static String b64(String json) {
		return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String attackerCertificate() {
		try (InputStream in = HostileTokenCorpus.class.getResourceAsStream("/hostile/attacker-certificate.b64")) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One hostile token and the answer it must get.
	 *
	 * @param name what it tries
	 * @param token the token
	 * @param status the HTTP status it must get
	 * @param code the problem code it must get
	 */
	record HostileToken(String name, String token, int status, String code) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
