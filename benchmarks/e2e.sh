#!/usr/bin/env bash
# End to end: demo-service (offline-auth) and Spring Boot's stock resource server, same endpoint
# (GET /api/notes), same key, same dependencies (Actuator included), same JVM flags, under wrk; FusionAuth
# played by a local fake that serves the demo JWKS and can be blackholed (accepts, never answers).
#
#   benchmarks/e2e.sh                        # build, then measure (about 6 minutes)
#   SKIP_BUILD=1 WARMUP=30 ROUNDS=2 benchmarks/e2e.sh
#
# Reports req/s and p50/p99 latency: interleaved online rounds of both, then demo-service from the
# moment FusionAuth is blackholed, in back-to-back slices that cover the probe that finds it gone.
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-60}              # seconds of load on each service before measuring
DURATION=${DURATION:-10}          # seconds per online round
ROUNDS=${ROUNDS:-3}               # interleaved online rounds
SLICE=${SLICE:-5}                 # seconds per slice after the blackhole
SLICES=${SLICES:-8}               # slices after the blackhole (40 s: longer than the 30 s probe interval)
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DEMO_JAR=${DEMO_JAR:-demo-service/target/demo-service.jar}   # another build of demo-service, to compare versions
JVM_FLAGS=${JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseG1GC}
FA_PORT=${FA_PORT:-19011}
DEMO_PORT=${DEMO_PORT:-18080}
STOCK_PORT=${STOCK_PORT:-18081}
ISSUER=offline-auth.demo
AUDIENCE=8bc10a62-b8f3-4856-9b97-e88c7eee510f

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk
fi
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q -pl demo-service,benchmarks -am package -DskipTests
fi

out=benchmarks/target/e2e-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -cp benchmarks/target/benchmarks.jar dev.offlineauth.benchmarks.FakeFusionAuth "$FA_PORT" \
  demo-service/src/main/resources/demo-jwks.json >"$out/fusionauth.log" 2>&1 &
pids+=($!)
# shellcheck disable=SC2086
java $JVM_FLAGS -jar "$DEMO_JAR" --server.port="$DEMO_PORT" \
  --offline-auth.fusionauth.base-url="http://127.0.0.1:$FA_PORT" >"$out/demo-service.log" 2>&1 &
pids+=($!)
# shellcheck disable=SC2086
java $JVM_FLAGS -cp benchmarks/target/benchmarks.jar dev.offlineauth.benchmarks.stock.StockResourceServer \
  --server.port="$STOCK_PORT" \
  --spring.security.oauth2.resourceserver.jwt.jwk-set-uri="http://127.0.0.1:$FA_PORT/.well-known/jwks.json" \
  --spring.security.oauth2.resourceserver.jwt.issuer-uri="$ISSUER" \
  --spring.security.oauth2.resourceserver.jwt.audiences="$AUDIENCE" >"$out/stock.log" 2>&1 &
pids+=($!)

TOKEN=$(java demo-service/tools/MintToken.java --ttl 2h)
demo="http://127.0.0.1:$DEMO_PORT/api/notes"
stock="http://127.0.0.1:$STOCK_PORT/api/notes"
for url in "$demo" "$stock"; do
  for _ in $(seq 120); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url" || true)" == 200 ]] && break
    sleep 1
  done
  [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")" == 200 ]] \
    || { echo "$url does not accept the token; see $out" >&2; exit 1; }
done
curl -sf "http://127.0.0.1:$DEMO_PORT/actuator/health" | grep -q '"connectivity":"online"' \
  || { echo "demo-service is not online with the fake FusionAuth" >&2; exit 1; }

# wrk NAME URL SECONDS: one run; prints "req/s p50_ms p99_ms non2xx" and keeps wrk's own output.
run() {
  local name=$1 url=$2 seconds=$3 log
  log="$out/$name.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -H "Authorization: Bearer $TOKEN" "$url" >"$log"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }' "$log"
}

echo "Warming up each service for ${WARMUP}s..."
run warmup-demo "$demo" "$WARMUP" >/dev/null
run warmup-stock "$stock" "$WARMUP" >/dev/null

printf '\n%-28s %10s %9s %9s %7s\n' "run" "req/s" "p50 ms" "p99 ms" "non-2xx" | tee "$out/summary.txt"
report() { printf '%-28s %10s %9s %9s %7s\n' "$1" $2 | tee -a "$out/summary.txt"; }
for round in $(seq "$ROUNDS"); do
  report "online demo-service #$round" "$(run "online-demo-$round" "$demo" "$DURATION")"
  report "online stock #$round" "$(run "online-stock-$round" "$stock" "$DURATION")"
done

curl -sf "http://127.0.0.1:$FA_PORT/control/blackhole" >/dev/null
blackholed_at=$(date +%s.%N)
for slice in $(seq "$SLICES"); do
  report "blackholed demo $(( (slice - 1) * SLICE ))-$(( slice * SLICE ))s" \
    "$(run "blackholed-demo-$slice" "$demo" "$SLICE")"
done
report "blackholed stock" "$(run "blackholed-stock" "$stock" "$DURATION")"
connectivity=$(curl -s "http://127.0.0.1:$DEMO_PORT/actuator/health" | grep -o '"connectivity":"[a-z]*"' || true)
curl -sf "http://127.0.0.1:$FA_PORT/control/online" >/dev/null
echo "demo-service after the blackhole: $connectivity" | tee -a "$out/summary.txt"
# When demo-service noticed: its one WARN line, relative to the blackhole, to place it among the slices.
noticed=$(grep -m1 'Connectivity .*: FusionAuth is unreachable (' "$out/demo-service.log" | cut -d' ' -f1 || true)
if [[ -n "$noticed" ]]; then
  awk -v a="$(date -d "$noticed" +%s.%N)" -v b="$blackholed_at" \
    'BEGIN { printf "demo-service logged FusionAuth unreachable %.1fs after the blackhole\n", a - b }' \
    | tee -a "$out/summary.txt"
fi

awk '
  /^online demo-service/ { d += $4; dp99 += $6; dn++ }
  /^online stock/ { s += $4; sn++ }
  /^blackholed demo/ { r = $4; if (bmin == "" || r < bmin) bmin = r; if ($6 > bp99) bp99 = $6 }
  END {
    demo = d / dn; stock = s / sn; p99 = dp99 / dn
    printf "\ndemo-service / stock, online:                 %.2fx  (%.0f vs %.0f req/s, means of the rounds)\n", demo / stock, demo, stock
    printf "blackholed, slowest slice / own online:       %.2fx  (%.0f req/s)\n", bmin / demo, bmin
    printf "blackholed, worst slice p99 / own online p99: %.2fx  (%.2f vs %.2f ms)\n", bp99 / p99, bp99, p99
  }' "$out/summary.txt" | tee -a "$out/summary.txt"
echo "Logs and wrk output: $out"
