package dev.offlineauth.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.offlineauth.benchmarks.BenchmarkKeys.Algorithm;
import dev.offlineauth.benchmarks.offline.OfflineAuthApplication;

/**
 * The RS256 first-sight ratio for a machine too busy for JMH's throughput figures: blocks of JDK floor
 * verifications and of first-sight decodes alternate, each timed by the thread's own CPU time, so that
 * both see the same load and time spent waiting for a core counts for neither. Prints the ratio's
 * minimum, median and maximum over the rounds. The decoder is the auto-configuration's, from a real
 * application context, with the verified-token cache off.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.offlineauth.benchmarks.CpuTimeRatio [rounds]
 * </pre>
 */
public final class CpuTimeRatio {

	private static final int BLOCK = 1000;

	private static volatile Object sink;

	private CpuTimeRatio() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 60;
		BenchmarkKeys keys = new BenchmarkKeys();
		BenchmarkKeys.Key key = keys.key(Algorithm.RS256);
		String token = key.token(Instant.now(), "jti-cpu");
		int lastDot = token.lastIndexOf('.');
		byte[] signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
		byte[] signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
		try (FakeFusionAuth fusionAuth = new FakeFusionAuth(0, keys.jwks());
				ConfigurableApplicationContext context = new SpringApplicationBuilder(OfflineAuthApplication.class)
					.properties("server.port=0", "spring.main.banner-mode=off", "logging.level.root=warn",
							"offline-auth.fusionauth.base-url=" + fusionAuth.baseUrl(),
							"offline-auth.issuer=" + BenchmarkKeys.ISSUER,
							"offline-auth.audiences=" + BenchmarkKeys.AUDIENCE,
							"offline-auth.cache.verified-tokens=0")
					.run()) {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			double[] ratios = new double[rounds];
			// The first rounds only warm the JIT up.
			for (int round = -20; round < rounds; round++) {
				long start = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < BLOCK; i++) {
					sink = floor(key.publicKey(), signingInput, signature);
				}
				long floorEnd = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < BLOCK; i++) {
					sink = decoder.decode(token);
				}
				long decodeEnd = threads.getCurrentThreadCpuTime();
				if (round >= 0) {
					ratios[round] = (double) (floorEnd - start) / (decodeEnd - floorEnd);
				}
			}
			Arrays.sort(ratios);
			System.out.printf(Locale.ROOT,
					"RS256 first sight / JDK floor, by CPU time over %d interleaved rounds: min %.2fx, median %.2fx, max %.2fx%n",
					rounds, ratios[0], ratios[rounds / 2], ratios[rounds - 1]);
		}
	}

	private static boolean floor(PublicKey key, byte[] signingInput, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance(Algorithm.RS256.jca());
			verifier.initVerify(key);
			verifier.update(signingInput);
			return verifier.verify(signature);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
