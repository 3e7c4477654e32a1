#!/usr/bin/env bash
# The console's pages on demo-sized data: server time (Server-Timing) p50/p99 of each page, after warm-up.
# Starts the packaged service (target/quarkus-app, built first when missing or when BUILD=1) with the demo users,
# H2 in a fresh folder under bench/target, on 127.0.0.1:$PORT; records $DECISIONS decisions through the API,
# replays a draft through the console, then bench/console.py requests each page $WARMUP + $REQUESTS times, one
# after another. Writes bench/results/console.json and prints the table bench/README.md shows ("Console").
#
#   bench/console.sh                       1,000 decisions, 30 warm-up and 200 measured requests per page
#   DECISIONS=5000 REQUESTS=500 bench/console.sh
set -euo pipefail
# The rules' build deadline is raised to 60 s: on this 2-core machine, loaded by other builds, compiling the rules at
# start-up has taken longer than the default 10 s, and the service then refuses to start.

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/results
WORK=$BENCH/target/console
PORT=${PORT:-18181}
DECISIONS=${DECISIONS:-1000}
WARMUP=${WARMUP:-30}
REQUESTS=${REQUESTS:-200}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
SERVICE_PID=

stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=
}
trap stop_service EXIT

if [[ "${BUILD:-0}" == 1 || ! -f "$JAR" ]]; then
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
mkdir -p "$OUT"
rm -rf "$WORK" && mkdir -p "$WORK"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); git: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo ' (with local changes)'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

(cd "$WORK" && exec java -Xms1g -Xmx1g -Dquarkus.profile=demo -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$PORT" \
  "-Drefund.rules.dir=$ROOT/rules" -Drefund.rules.watch=false -Drefund.rules.build-timeout=60s \
  "-Dquarkus.datasource.\"h2\".jdbc.url=jdbc:h2:file:$WORK/h2/express-refund;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0;CACHE_SIZE=2048" \
  -jar "$JAR" > "$WORK/service.log" 2>&1) &
SERVICE_PID=$!
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null || { echo "the service did not start; see $WORK/service.log" >&2; exit 1; }

python3 "$BENCH/console.py" "http://127.0.0.1:$PORT" "$ROOT/rules" "$OUT/console.json" \
  --decisions "$DECISIONS" --warmup "$WARMUP" --requests "$REQUESTS"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
