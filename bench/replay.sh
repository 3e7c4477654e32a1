#!/usr/bin/env bash
# The replay benchmark (bench/README.md, "Replay"): writes 1,000,000 recorded decisions straight into the
# service's H2 file with batched inserts (not over HTTP), then replays all of them against the rules in
# service (both sides decided) while wrk keeps /evaluate at half its peak rate, and reports the replay's
# decisions per second and /evaluate's latency beside it, with /evaluate alone at the same rate as the baseline.
# Before the measured replay, a replay of the first day alone warms the replay's code up (WARM_UP_REPLAY=0: not).
# Everything runs on 127.0.0.1, each load bounded in time. Run by bench/run.sh, or alone after it built:
#   bench/replay.sh            (COUNT=1000000 DAYS=7 PORT=18080 HEAP=1g by default)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/results
WORK=$BENCH/target/run/replay
PORT=${PORT:-18080}
COUNT=${COUNT:-1000000}
DAYS=${DAYS:-7}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
# The service's heap (-Xms and -Xmx). 1 GiB shows that a replay streams; a larger young generation collects less often.
HEAP=${HEAP:-1g}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
URL="jdbc:h2:file:$WORK/h2/express-refund;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0;CACHE_SIZE=2048${URL_EXTRA:-}"
AUTH=operator:operator-secret
SERVICE_PID=

log() { printf '\n== %s  %s\n' "$(date +%H:%M:%S)" "$*"; }
stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; fi
  SERVICE_PID=
}
trap stop_service EXIT
start_service() {
  (cd "$WORK" && exec java "-Xms$HEAP" "-Xmx$HEAP" ${SERVICE_OPTS:-} -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$PORT" -Dquarkus.profile=demo \
    "-Drefund.rules.dir=$ROOT/rules" -Drefund.rules.watch=false "-Dquarkus.datasource.\"h2\".jdbc.url=$URL" \
    -jar "$JAR" > "$WORK/service.log" 2>&1) &
  SERVICE_PID=$!
  for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1 && return 0; sleep 1; done
  echo "the service did not start; see $WORK/service.log" >&2; return 1
}
wrk_evaluate() { # wrk_evaluate CONNECTIONS DELAY_MS SECONDS: one JSON line of rate and latency percentiles
  wrk -t1 -c"$1" -d"$3s" --timeout 5s -s "$BENCH/http/load.lua" "http://127.0.0.1:$PORT" -- evaluate "RB$(date +%s%N | cut -c8-16)" "$2" \
    | grep '^RESULT ' | cut -c8-
}

mkdir -p "$OUT"
# The platform days written are kept beside them: a reuse after China's midnight replays the same days.
if [[ "${REUSE:-0}" == 1 && -d "$WORK/h2" && -f "$WORK/days.env" ]]; then
  log "reuse the recorded decisions written before (REUSE=1)"
else
  rm -rf "$WORK"; mkdir -p "$WORK"
  FROM=$(TZ=Asia/Shanghai date -d "-$((DAYS - 1)) days" +%F)
  log "create the schema (the service migrates at start-up), then write $COUNT recorded decisions over $DAYS days from $FROM"
  start_service; stop_service
  java -cp "$CP" io.expressrefund.bench.RecordedTraffic "$URL" "$COUNT" "$DAYS" "$FROM" | tee "$WORK/write.txt"
  printf 'FROM=%s\nTO=%s\n' "$FROM" "$(date -d "$FROM + $((DAYS - 1)) days" +%F)" > "$WORK/days.env"
fi
# shellcheck source=/dev/null
source "$WORK/days.env"

log "start the service on them; /evaluate: warm up, peak, then half the peak rate alone"
start_service
# /evaluate in 6-second slices at the peak until the JIT compilers took under JIT_QUIET_PERCENT (3%) of the service's CPU in one (at
# most 20): the peak, and so the half rate, is then the warm service's.
# shellcheck source=jit-ticks.sh
source "$BENCH/jit-ticks.sh"
warm_until_quiet "$SERVICE_PID" 1 20 wrk_evaluate 64 0 6
PEAK=$(wrk_evaluate 64 0 "$SECONDS_PER_RUN")
PEAK_RPS=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['rps'])" "$PEAK")
# Connections that each pause ~20 ms between requests, as bench/run.sh's half-rate runs.
CONNECTIONS=$(python3 -c "import math,sys; print(max(1, math.ceil(float(sys.argv[1]) / 2 * 0.0215)))" "$PEAK_RPS")
ALONE=$(wrk_evaluate "$CONNECTIONS" 20 "$SECONDS_PER_RUN")

# A first replay in a JVM runs its code while the JIT compiles it, as a first request does: replay the first day
# once, alone, so that the measured replay runs compiled code (WARM_UP_REPLAY=0 measures a cold replay instead).
if [[ "${WARM_UP_REPLAY:-1}" == 1 ]]; then
  log "warm up: replay the first day ($FROM) once, with no load beside it"
  WARM_JOB=$(curl -fs -u "$AUTH" -X POST "http://127.0.0.1:$PORT/api/v1/rules/replays" -H 'Content-Type: application/json' \
    -d "{\"from\":\"$FROM\",\"to\":\"$FROM\",\"baseline\":\"current\"}" | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
  for _ in $(seq 1 300); do
    [[ $(curl -fs -u "$AUTH" "http://127.0.0.1:$PORT/api/v1/rules/replays/$WARM_JOB" \
      | python3 -c "import json,sys; print(json.load(sys.stdin)['state'])") != running ]] && break
    sleep 1
  done
  wrk_evaluate "$CONNECTIONS" 20 5 > /dev/null
fi

log "replay all of them (baseline: the rules in service) while /evaluate runs at the same half rate"
BESIDE_FILE=$WORK/beside.json
( wrk_evaluate "$CONNECTIONS" 20 25 > "$BESIDE_FILE" ) &
WRK_PID=$!
JOB=$(curl -fs -u "$AUTH" -X POST "http://127.0.0.1:$PORT/api/v1/rules/replays" -H 'Content-Type: application/json' \
  -d "{\"from\":\"$FROM\",\"to\":\"$TO\",\"baseline\":\"current\"}" | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
wait "$WRK_PID"
STILL_RUNNING=$(curl -fs -u "$AUTH" "http://127.0.0.1:$PORT/api/v1/rules/replays/$JOB" | python3 -c "import json,sys; print(json.load(sys.stdin)['state'] == 'running')")
for _ in $(seq 1 600); do
  STATE=$(curl -fs -u "$AUTH" "http://127.0.0.1:$PORT/api/v1/rules/replays/$JOB")
  [[ $(python3 -c "import json,sys; print(json.loads(sys.argv[1])['state'])" "$STATE") != running ]] && break
  sleep 1
done
RSS_KB=$(ps -o rss= -p "$(pgrep -f "quarkus.http.port=$PORT" | head -1)" | tr -d ' ')
stop_service

python3 - "$STATE" "$PEAK" "$ALONE" "$(cat "$BESIDE_FILE")" "$COUNT" "$RSS_KB" "$STILL_RUNNING" "${WARM_UP_REPLAY:-1}" "$HEAP" <<'PY' | tee "$OUT/replay.json"
import json, sys
from datetime import datetime
job, peak, alone, beside = (json.loads(a) for a in sys.argv[1:5])
count, rss_kb, overlapped, warmed, heap = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7] == "True", sys.argv[8] == "1", sys.argv[9]
ts = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00")[:26] + "+00:00")
seconds = (ts(job["finishedAt"]) - ts(job["startedAt"])).total_seconds()
print(json.dumps({
    "state": job["state"], "replayed": job["progress"]["done"], "seconds": round(seconds, 1),
    "decisionsPerSecond": round(job["progress"]["done"] / seconds) if seconds else None,
    "serviceHeap": heap, "serviceRssMiB": round(rss_kb / 1024), "evaluatePeakRps": peak["rps"],
    "replayRanThroughTheWholeLoad": overlapped, "warmedUpByAReplayOfTheFirstDay": warmed,
    "evaluateHalfRateAlone": {k: alone[k] for k in alone if k in ("rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", "non2xx")},
    "evaluateHalfRateBesideReplay": {k: beside[k] for k in beside if k in ("rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", "non2xx")},
}))
PY
