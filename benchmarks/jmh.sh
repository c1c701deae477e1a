#!/usr/bin/env bash
# Builds the benchmarks jar and runs every JMH benchmark side by side in one run, with the allocation
# profiler, then prints the ratios to each algorithm's JDK floor and the targets.
#
#   benchmarks/jmh.sh                 # one thread
#   benchmarks/jmh.sh -t 2            # two threads (any JMH option is passed on)
#   benchmarks/jmh.sh 'CacheHit|Floor'  # a subset, by regular expression
#   SKIP_BUILD=1 benchmarks/jmh.sh    # reuse target/benchmarks.jar
#   REPEAT=4 benchmarks/jmh.sh 'rs256JdkFloor|rs256OfflineAuthFirstSight'
#                                     # the run four times over, ratios after each: on a busy machine,
#                                     # alternating short runs give ranges that one long run cannot
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi

pattern='DecodeBenchmarks'
if [[ $# -gt 0 && "$1" != -* ]]; then
  pattern="DecodeBenchmarks\..*($1)"
  shift
fi
for pass in $(seq "${REPEAT:-1}"); do
  results="benchmarks/target/jmh-results-$(date -u +%Y%m%dT%H%M%SZ)-$pass.json"
  java -jar benchmarks/target/benchmarks.jar "$pattern" -prof gc -rf json -rff "$results" "$@"
  java -cp benchmarks/target/benchmarks.jar dev.offlineauth.benchmarks.Ratios "$results"
  echo "Results: $results"
done
