package dev.offlineauth.benchmarks;

import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

import dev.offlineauth.benchmarks.BenchmarkKeys.Algorithm;
import dev.offlineauth.benchmarks.offline.OfflineAuthApplication;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwt.VerifiedJwt;
import dev.offlineauth.web.OfflineAuthWebSecurity;

/**
 * Everything side by side, in one run, for one FusionAuth-shaped token per algorithm:
 * <ul>
 * <li>{@code *JdkFloor}: the JDK's signature check alone, over the token's signing input, with the
 * signature already decoded: what no decoder can go below;</li>
 * <li>{@code *StockPublicKey}, {@code *StockJwkSetUri}: Spring Security's {@link NimbusJwtDecoder} with a
 * static key, and with a JWKS fetched (and cached) from a local HTTP server, with the validators Spring
 * Boot adds for {@code issuer-uri} and {@code audiences};</li>
 * <li>{@code *OfflineAuthFirstSight}: offline-auth's {@code JwtDecoder} from a real application context
 * built by the auto-configuration, with {@code offline-auth.cache.verified-tokens=0}, so that every
 * decode is a token seen for the first time;</li>
 * <li>{@code *OfflineAuthCacheHit}: the same, with the default cache: the same token again;</li>
 * <li>{@code *Authentication}: the whole authentication step, bearer token to authentication object:
 * Spring's {@link JwtAuthenticationProvider} over the stock decoder, and over offline-auth's decoder and
 * converter as the auto-configuration wires them.</li>
 * </ul>
 * Stock Spring cannot verify Ed25519 without Google Tink, and has no static-key builder for EC keys, so
 * those rows are absent. Run with {@code benchmarks/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class DecodeBenchmarks {

	private final BenchmarkKeys keys = new BenchmarkKeys();

	private final Map<Algorithm, String> tokens = new EnumMap<>(Algorithm.class);

	private final Map<Algorithm, byte[]> signingInputs = new EnumMap<>(Algorithm.class);

	private final Map<Algorithm, byte[]> signatures = new EnumMap<>(Algorithm.class);

	private final Map<Algorithm, JwtDecoder> stockJwkSetUri = new EnumMap<>(Algorithm.class);

	private FakeFusionAuth fusionAuth;

	private JwtDecoder stockPublicKey;

	private JwtAuthenticationProvider stockAuthentication;

	private ConfigurableApplicationContext cached;

	private ConfigurableApplicationContext uncached;

	private JwtDecoder offlineAuth;

	private JwtDecoder offlineAuthFirstSight;

	private JwtAuthenticationProvider offlineAuthAuthentication;

	private JwtAuthenticationProvider offlineAuthAuthenticationFirstSight;

	@Setup(Level.Trial)
	public void setUp(BenchmarkParams params) throws Exception {
		this.fusionAuth = new FakeFusionAuth(0, this.keys.jwks());
		Instant now = Instant.now();
		for (Algorithm algorithm : Algorithm.values()) {
			String token = this.keys.key(algorithm).token(now, "jti-" + algorithm.name());
			this.tokens.put(algorithm, token);
			int lastDot = token.lastIndexOf('.');
			this.signingInputs.put(algorithm, token.substring(0, lastDot).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			this.signatures.put(algorithm, Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
		}
		NimbusJwtDecoder publicKey = NimbusJwtDecoder
			.withPublicKey((RSAPublicKey) this.keys.key(Algorithm.RS256).publicKey())
			.signatureAlgorithm(SignatureAlgorithm.RS256)
			.build();
		publicKey.setJwtValidator(stockValidator());
		this.stockPublicKey = publicKey;
		for (Algorithm algorithm : List.of(Algorithm.RS256, Algorithm.ES256)) {
			NimbusJwtDecoder jwkSetUri = NimbusJwtDecoder.withJwkSetUri(this.fusionAuth.jwksUri().toString())
				.jwsAlgorithm(SignatureAlgorithm.from(algorithm.jws().getName()))
				.build();
			jwkSetUri.setJwtValidator(stockValidator());
			this.stockJwkSetUri.put(algorithm, jwkSetUri);
		}
		this.stockAuthentication = new JwtAuthenticationProvider(this.stockJwkSetUri.get(Algorithm.RS256));
		if (params.getBenchmark().contains("OfflineAuth")) {
			this.cached = start();
			this.uncached = start("--offline-auth.cache.verified-tokens=0");
			this.offlineAuth = this.cached.getBean(JwtDecoder.class);
			this.offlineAuthFirstSight = this.uncached.getBean(JwtDecoder.class);
			this.offlineAuthAuthentication = provider(this.cached);
			this.offlineAuthAuthenticationFirstSight = provider(this.uncached);
			awaitRemoteKeys(this.offlineAuth);
			awaitRemoteKeys(this.offlineAuthFirstSight);
		}
		// Every benchmark is checked to accept its token before it is measured.
		for (Algorithm algorithm : Algorithm.values()) {
			if (!jdk(algorithm)) {
				throw new IllegalStateException("The JDK does not verify the " + algorithm + " token");
			}
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { this.cached,
				this.uncached }) {
			if (context != null) {
				context.close();
			}
		}
		this.fusionAuth.close();
	}

	/** The validators Spring Boot configures for {@code issuer-uri} and {@code audiences}. */
	private static DelegatingOAuth2TokenValidator<Jwt> stockValidator() {
		List<String> audiences = List.of(BenchmarkKeys.AUDIENCE);
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(BenchmarkKeys.ISSUER),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && !Collections.disjoint(aud, audiences)));
	}

	private ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(OfflineAuthApplication.class).properties("server.port=0",
				"spring.main.banner-mode=off", "logging.level.root=warn",
				"offline-auth.fusionauth.base-url=" + this.fusionAuth.baseUrl(),
				"offline-auth.issuer=" + BenchmarkKeys.ISSUER, "offline-auth.audiences=" + BenchmarkKeys.AUDIENCE)
			.run(args);
	}

	/** Spring's provider, given the decoder and converter exactly as {@code http.with(offlineAuth())} gives them. */
	private static JwtAuthenticationProvider provider(ConfigurableApplicationContext context) {
		OfflineAuthWebSecurity web = context.getBean(OfflineAuthWebSecurity.class);
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(web.decoder());
		provider.setJwtAuthenticationConverter(web.converter());
		return provider;
	}

	/** The first fetch runs in the background at startup; measure once FusionAuth's keys are in use. */
	private void awaitRemoteKeys(JwtDecoder decoder) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (((VerifiedJwt) decoder.decode(this.tokens.get(Algorithm.RS256))).getKeySource() != KeySource.REMOTE) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The keys were never fetched from " + this.fusionAuth.jwksUri());
			}
			Thread.sleep(50);
		}
	}

	private boolean jdk(Algorithm algorithm) throws Exception {
		PublicKey key = this.keys.key(algorithm).publicKey();
		Signature signature = Signature.getInstance(algorithm.jca());
		signature.initVerify(key);
		signature.update(this.signingInputs.get(algorithm));
		return signature.verify(this.signatures.get(algorithm));
	}

	@Benchmark
	public boolean rs256JdkFloor() throws Exception {
		return jdk(Algorithm.RS256);
	}

	@Benchmark
	public Jwt rs256StockPublicKey() {
		return this.stockPublicKey.decode(this.tokens.get(Algorithm.RS256));
	}

	@Benchmark
	public Jwt rs256StockJwkSetUri() {
		return this.stockJwkSetUri.get(Algorithm.RS256).decode(this.tokens.get(Algorithm.RS256));
	}

	@Benchmark
	public Jwt rs256OfflineAuthFirstSight() {
		return this.offlineAuthFirstSight.decode(this.tokens.get(Algorithm.RS256));
	}

	@Benchmark
	public Jwt rs256OfflineAuthCacheHit() {
		return this.offlineAuth.decode(this.tokens.get(Algorithm.RS256));
	}

	@Benchmark
	public Authentication rs256StockAuthentication() {
		return this.stockAuthentication.authenticate(new BearerTokenAuthenticationToken(this.tokens.get(Algorithm.RS256)));
	}

	@Benchmark
	public Authentication rs256OfflineAuthAuthenticationFirstSight() {
		return this.offlineAuthAuthenticationFirstSight
			.authenticate(new BearerTokenAuthenticationToken(this.tokens.get(Algorithm.RS256)));
	}

	@Benchmark
	public Authentication rs256OfflineAuthAuthenticationCacheHit() {
		return this.offlineAuthAuthentication
			.authenticate(new BearerTokenAuthenticationToken(this.tokens.get(Algorithm.RS256)));
	}

	@Benchmark
	public boolean es256JdkFloor() throws Exception {
		return jdk(Algorithm.ES256);
	}

	@Benchmark
	public Jwt es256StockJwkSetUri() {
		return this.stockJwkSetUri.get(Algorithm.ES256).decode(this.tokens.get(Algorithm.ES256));
	}

	@Benchmark
	public Jwt es256OfflineAuthFirstSight() {
		return this.offlineAuthFirstSight.decode(this.tokens.get(Algorithm.ES256));
	}

	@Benchmark
	public Jwt es256OfflineAuthCacheHit() {
		return this.offlineAuth.decode(this.tokens.get(Algorithm.ES256));
	}

	@Benchmark
	public boolean ed25519JdkFloor() throws Exception {
		return jdk(Algorithm.Ed25519);
	}

	@Benchmark
	public Jwt ed25519OfflineAuthFirstSight() {
		return this.offlineAuthFirstSight.decode(this.tokens.get(Algorithm.Ed25519));
	}

	@Benchmark
	public Jwt ed25519OfflineAuthCacheHit() {
		return this.offlineAuth.decode(this.tokens.get(Algorithm.Ed25519));
	}

}
