package dev.offlineauth.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.util.JSONArrayUtils;

/**
 * Reads JMH's JSON results of {@link DecodeBenchmarks} and prints them as ratios to each algorithm's JDK
 * floor, with the targets offline-auth holds itself to. Run by {@code benchmarks/jmh.sh}.
 */
public final class Ratios {

	private Ratios() {
	}

	public static void main(String[] args) throws Exception {
		List<Object> results = JSONArrayUtils.parse(Files.readString(Path.of(args[0])));
		Map<String, double[]> rows = new LinkedHashMap<>();
		int threads = 1;
		for (Object result : results) {
			@SuppressWarnings("unchecked")
			Map<String, Object> run = (Map<String, Object>) result;
			String benchmark = ((String) run.get("benchmark")).replaceAll(".*\\.", "");
			threads = ((Number) run.get("threads")).intValue();
			@SuppressWarnings("unchecked")
			Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
			double bytes = Double.NaN;
			@SuppressWarnings("unchecked")
			Map<String, Object> secondary = (Map<String, Object>) run.get("secondaryMetrics");
			if (secondary != null) {
				for (Map.Entry<String, Object> metric : secondary.entrySet()) {
					if (metric.getKey().endsWith("gc.alloc.rate.norm")) {
						@SuppressWarnings("unchecked")
						Map<String, Object> value = (Map<String, Object>) metric.getValue();
						bytes = number(value.get("score"));
					}
				}
			}
			rows.put(benchmark, new double[] { number(primary.get("score")), number(primary.get("scoreError")), bytes });
		}
		System.out.printf(Locale.ROOT, "%n%d thread(s)%n%n| benchmark | ops/s | B/op | × its JDK floor |%n|---|---|---|---|%n",
				threads);
		for (Map.Entry<String, double[]> row : rows.entrySet()) {
			double[] value = row.getValue();
			double[] floor = rows.get(prefix(row.getKey()) + "JdkFloor");
			System.out.printf(Locale.ROOT, "| %s | %,.0f ± %,.0f | %s | %s |%n", row.getKey(), value[0], value[1],
					Double.isNaN(value[2]) ? "" : String.format(Locale.ROOT, "%,.0f", value[2]),
					(floor != null) ? String.format(Locale.ROOT, "%.2f×", value[0] / floor[0]) : "");
		}
		System.out.println();
		target(rows, "RS256 first sight >= 0.90x the RS256 floor", "rs256OfflineAuthFirstSight", "rs256JdkFloor", 0.90);
		bytes(rows, "RS256 first sight <= 12 KB/op", "rs256OfflineAuthFirstSight", 12 * 1024);
		target(rows, "cache hit >= 10x the RS256 floor", "rs256OfflineAuthCacheHit", "rs256JdkFloor", 10);
		bytes(rows, "cache hit <= 1 KB/op", "rs256OfflineAuthCacheHit", 1024);
		target(rows, "ES256 cache hit >= 100x the ES256 floor", "es256OfflineAuthCacheHit", "es256JdkFloor", 100);
		target(rows, "Ed25519 cache hit >= 100x the Ed25519 floor", "ed25519OfflineAuthCacheHit", "ed25519JdkFloor",
				100);
	}

	private static String prefix(String benchmark) {
		for (String prefix : new String[] { "rs256", "es256", "ed25519" }) {
			if (benchmark.startsWith(prefix)) {
				return prefix;
			}
		}
		return "";
	}

	private static void target(Map<String, double[]> rows, String name, String benchmark, String floor, double ratio) {
		double[] measured = rows.get(benchmark);
		double[] base = rows.get(floor);
		if (measured == null || base == null) {
			return;
		}
		double actual = measured[0] / base[0];
		System.out.printf(Locale.ROOT, "%-48s %8.2fx   %s%n", name, actual, (actual >= ratio) ? "met" : "NOT MET");
	}

	private static void bytes(Map<String, double[]> rows, String name, String benchmark, double limit) {
		double[] measured = rows.get(benchmark);
		if (measured == null || Double.isNaN(measured[2])) {
			return;
		}
		System.out.printf(Locale.ROOT, "%-48s %,8.0f B   %s%n", name, measured[2],
				(measured[2] <= limit) ? "met" : "NOT MET");
	}

	private static double number(Object value) {
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		// JMH writes NaN as a string.
		return Double.NaN;
	}

}
