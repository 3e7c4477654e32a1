#!/usr/bin/env bash
# Runs every benchmark of bench/README.md and rewrites the README's results table (about 40 minutes on
# 2 cores). Never part of the service's build or tests.
#
#   bench/run.sh                  everything
#   SKIP_HTTP=1 bench/run.sh      no load test        SKIP_JMH=1     no JMH
#   SKIP_PG=1 bench/run.sh        no PostgreSQL       PROFILE=0      no async-profiler runs
#   SKIP_REPLAY=1 bench/run.sh    no replay benchmark (bench/replay.sh, about 6 minutes)
#   SKIP_WAITERS=1 bench/run.sh   no 10,000 waiting ERPs (bench/waiters.sh, 6 to 14 minutes; its own README section)
#   QUICK=1 bench/run.sh          short runs, to try the script (numbers not worth keeping)
#
# Loads go to 127.0.0.1 only, each bounded in time. The service and PostgreSQL database it starts are its own:
# a copy of the service built with one extra no-op endpoint (bench/http/floor), listening on 127.0.0.1:$PORT,
# H2 under a temporary folder, and the PostgreSQL database express_refund_bench (dropped and created anew).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/results
WORK=$BENCH/target/run
PORT=${PORT:-18080}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/express_refund_bench}
QUICK=${QUICK:-0}
# The HTTP warm-up of a mode ends when the JIT compiler threads took less than this share (%) of the service's CPU
# in a slice (at most WARMUP_MAX_SLICES slices): the measured rounds then see compiled code, not the compiling.
JIT_QUIET_PERCENT=${JIT_QUIET_PERCENT:-3}
PROFILE=${PROFILE:-1}
SERVICE_PID=

log() { printf '\n== %s  %s\n' "$(date +%H:%M:%S)" "$*"; }

stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=
}
trap stop_service EXIT

mkdir -p "$OUT" "$WORK"
# Each part replaces only its own results: a run with SKIP_… keeps the other parts' latest ones for the report.
rm -f "$OUT/machine.txt"
[[ "${SKIP_JMH:-0}" == 1 ]] || rm -f "$OUT"/jmh-*.json "$OUT"/profile-*.json "$OUT"/profile-*.txt "$OUT/scale-build.jsonl"
[[ "${SKIP_HTTP:-0}" == 1 ]] || rm -f "$OUT/http.jsonl" "$OUT/rules-validate.json"
[[ "${SKIP_REPLAY:-0}" == 1 ]] || rm -f "$OUT/replay.json"
STARTED=$(date +%s)

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cores: $(nproc)"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src rules || echo ' (with local changes)')"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"
# Each part records when and at which commit it ran: a run with SKIP_… keeps the other parts' results and records.
record_part() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), load average at start $(cut -d' ' -f1-3 /proc/loadavg), git $(git -C "$ROOT" rev-parse --short HEAD)" \
    > "$OUT/part-$1.txt"
}

if [[ "$QUICK" == 1 ]]; then
  JMH_DECISION=(-wi 2 -w 1 -i 2 -r 1)
  JMH_SCALE=(-wi 2 -w 1 -i 2 -r 1 -p grown=none:0,indexed:1000,predicate:1000,joined:1000)
  HTTP_SECONDS=4; HTTP_WARMUP=3; HTTP_ROUNDS=1; WARMUP_MAX_SLICES=2
else
  JMH_DECISION=(-wi 5 -w 2 -i 5 -r 2)
  JMH_SCALE=(-wi 5 -w 1 -i 4 -r 1)
  HTTP_SECONDS=10; HTTP_WARMUP=6; HTTP_ROUNDS=2; WARMUP_MAX_SLICES=20
fi

log "install the service's jar (its classes are what the benchmarks load)"
(cd "$ROOT" && ./mvnw -B -q install -DskipTests)

log "build the benchmarks"
(cd "$BENCH" && ../mvnw -B -q package)
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
JMH=(java -cp "$CP" org.openjdk.jmh.Main -f 1 -p "rulesDir=$ROOT/rules")

log "check: pooled sessions decide exactly as a new session per decision"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.expressrefund.rules.SessionModesCheck "$ROOT/rules"

ASYNC_LIB=
if [[ "$PROFILE" == 1 ]]; then
  AP_JAR=$(tr ':' '\n' < "$BENCH/target/classpath.txt" | grep 'async-profiler' | head -1 || true)
  if [[ -n "$AP_JAR" && "$(uname -m)" == x86_64 ]]; then
    (cd "$WORK" && unzip -o -q "$AP_JAR" 'linux-x64/libasyncProfiler.so')
    ASYNC_LIB=$WORK/linux-x64/libasyncProfiler.so
  fi
fi

profile() { # profile NAME BENCHMARK_REGEX [JMH ARGS...]: one JMH run under async-profiler, collapsed stacks
  local name=$1 regex=$2; shift 2
  rm -rf "$WORK/prof-$name"
  "${JMH[@]}" "$regex" "$@" -rf json -rff "$OUT/profile-$name.json" \
    -prof "async:libPath=$ASYNC_LIB;output=collapsed;dir=$WORK/prof-$name;event=cpu;interval=200000" > "$WORK/prof-$name.log"
  cp "$(find "$WORK/prof-$name" -name 'collapsed-cpu.csv' | head -1)" "$WORK/profile-$name.collapsed"
}

if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  record_part jmh
  log "JMH: one decision, DRL (pooled sessions) vs a new session per decision vs hand-written, 1 thread"
  "${JMH[@]}" 'DecisionBenchmark' -t 1 "${JMH_DECISION[@]}" -rf json -rff "$OUT/jmh-decision-1t.json" | grep -E '^(Benchmark|Decision)'
  log "JMH: the same on 2 threads (one shared rule set)"
  "${JMH[@]}" 'DecisionBenchmark.(drl|handWritten)$' -t 2 "${JMH_DECISION[@]}" -rf json -rff "$OUT/jmh-decision-2t.json" \
    | grep -E '^(Benchmark|Decision)'

  log "JMH: declared facts (none, one, two per request) beside the shipped rules, 1 thread, the variants' forks taking turns"
  ROUNDS=$([[ "$QUICK" == 1 ]] && echo 1 || echo 5) "$BENCH/declared-facts.sh"
  "${JMH[@]}" 'DeclaredFactsBenchmark.(decide|readOnly)' -p facts=shipped,none,one,two -p warmup=alone -p conditions=joined -p requestFacts=each -t 1 "${JMH_DECISION[@]}" \
    -rf json -rff "$OUT/jmh-declared-facts.json" | grep -E '^(Benchmark|DeclaredFacts)'

  log "JMH: rules scale (generated rules that never match); build time and heap go to scale-build.jsonl"
  # (The forks inherit the host JVM's -D options.)
  java "-Dbench.scale.out=$OUT/scale-build.jsonl" -cp "$CP" org.openjdk.jmh.Main -f 1 -p "rulesDir=$ROOT/rules" \
    'RulesScaleBenchmark' "${JMH_SCALE[@]}" -rf json -rff "$OUT/jmh-scale.json" | grep -E '^(Benchmark|RulesScale)'

  if [[ -n "$ASYNC_LIB" ]]; then
    log "profiles (async-profiler, CPU): a shipped-rules decision, and with 1,000 predicate / joined rules"
    profile decision 'DecisionBenchmark.drl$' -t 1 -wi 5 -w 2 -i 3 -r 3
    profile predicate-1000 'RulesScaleBenchmark' -p grown=predicate:1000 -wi 5 -w 1 -i 3 -r 2
    profile joined-1000 'RulesScaleBenchmark' -p grown=joined:1000 -wi 5 -w 1 -i 3 -r 2
    for name in decision predicate-1000 joined-1000; do
      root=DecisionBenchmark.drl; [[ $name == decision ]] || root=RulesScaleBenchmark.drl
      us=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))[0]['primaryMetric']; \
print(1e6/r['score'] if r['scoreUnit']=='ops/s' else r['score'])" "$OUT/profile-$name.json")
      python3 "$BENCH/profile_summary.py" "$WORK/profile-$name.collapsed" "$root" "$us" > "$OUT/profile-$name.txt"
    done
  fi
fi

# ---------------------------------------------------------------------------------------------------------
# shellcheck source=jit-ticks.sh
source "$BENCH/jit-ticks.sh"

run_wrk() { # run_wrk DB MODE PHASE CONNECTIONS SECONDS DELAY_MS [ROUND]
  local db=$1 mode=$2 phase=$3 connections=$4 seconds=$5 delay=$6 round=${7:-0} line cpu0 jit0
  cpu0=$(service_ticks "$SERVICE_PID"); jit0=$(jit_ticks "$SERVICE_PID")
  line=$(wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s -s "$BENCH/http/load.lua" "http://127.0.0.1:$PORT" \
    -- "$mode" "B$(date +%s%N | cut -c8-16)$db$round" "$delay" | grep '^RESULT ' | cut -c8-)
  [[ -n "$line" ]] || { echo "wrk printed no result" >&2; return 1; }
  # The service's CPU in the slice, and the JIT compilers' part of it: a service still compiling is not yet warm.
  echo "{\"db\":\"$db\",\"mode\":\"$mode\",\"phase\":\"$phase\",\"round\":$round,\"connections\":$connections,\"delayMs\":$delay,\"serviceCpuTicks\":$(( $(service_ticks "$SERVICE_PID") - cpu0 )),\"jitCpuTicks\":$(( $(jit_ticks "$SERVICE_PID") - jit0 )),${line:1}" \
    | tee -a "$OUT/http.jsonl"
}

start_service() { # start_service DB: the bench build of the service, demo users, its own storage
  local db=$1
  local args=(-Xms1g -Xmx1g -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$PORT" "-Drefund.rules.dir=$ROOT/rules"
    -Drefund.rules.watch=false)
  if [[ $db == h2 ]]; then
    rm -rf "$WORK/h2"
    args+=(-Dquarkus.profile=demo "-Dquarkus.datasource.\"h2\".jdbc.url=jdbc:h2:file:$WORK/h2/express-refund;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0;CACHE_SIZE=2048")
  else
    psql -q -h 127.0.0.1 -U postgres -c 'DROP DATABASE IF EXISTS express_refund_bench' -c 'CREATE DATABASE express_refund_bench'
    args+=(-Dquarkus.profile=demo,pg "-Dquarkus.datasource.\"pg\".jdbc.url=$PG_URL")
  fi
  # A merchant user of the 500 strategy shops and the hot shop (load.lua), to save their strategies.
  args+=(-Dquarkus.security.users.embedded.users.bench-merchant=bench-secret
    "-Dquarkus.security.users.embedded.roles.bench-merchant=merchant,shop:S-BENCH$(printf ',shop:B-%04d' $(seq 0 499))")
  (cd "$WORK" && exec java "${args[@]}" -jar "$FLOOR_JAR" > "$WORK/service-$db.log" 2>&1) &
  SERVICE_PID=$!
  for _ in $(seq 1 60); do
    if curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1; then
      save_strategies
      return 0
    fi
    sleep 1
  done
  echo "the service did not start; see $WORK/service-$db.log" >&2
  return 1
}

save_strategies() { # half of load.lua's 1,000 shops and the hot shop get a strategy no run uses up
  local shop
  for shop in S-BENCH $(printf 'B-%04d ' $(seq 0 499)); do
    printf 'url = "http://127.0.0.1:%s/api/v1/shops/%s/auto-refund-strategy"\noutput = /dev/null\n' "$PORT" "$shop"
  done | curl -fsS -K - -X PUT -u bench-merchant:bench-secret -H 'Content-Type: application/json' \
    -d '{"enabled":true,"maxRefundAmount":500.00,"dailyLimit":1000000}'
}

measure_db() { # measure_db DB MODE...: warm up, then peak rounds (modes interleaved), then half the peak rate
  local db=$1; shift
  local modes=("$@") mode round
  # Each mode until the JIT has compiled its path, then each once more: a mode measured after another still runs
  # on the code compiled for it.
  for mode in "${modes[@]}"; do
    warm_until_quiet "$SERVICE_PID" 2 "$WARMUP_MAX_SLICES" run_wrk "$db" "$mode" warmup 64 "$HTTP_WARMUP" 0
  done
  for mode in "${modes[@]}"; do
    warm_until_quiet "$SERVICE_PID" 1 "$WARMUP_MAX_SLICES" run_wrk "$db" "$mode" warmup 64 "$HTTP_WARMUP" 0
  done
  for round in $(seq 1 "$HTTP_ROUNDS"); do
    for mode in "${modes[@]}"; do run_wrk "$db" "$mode" peak 64 "$HTTP_SECONDS" 0 "$round"; done
  done
  for mode in "${modes[@]}"; do
    # Half the median peak rate: connections that each pause ~20 ms between a response and their next request.
    local target connections achieved
    target=$(python3 "$BENCH/report.py" --median-peak "$OUT/http.jsonl" "$db" "$mode" | awk '{print $1 / 2}')
    connections=$(python3 -c "import math,sys; print(max(1, math.ceil(float(sys.argv[1]) * 0.0215)))" "$target")
    achieved=$(run_wrk "$db" "$mode" half-calibration "$connections" "$HTTP_WARMUP" 20 | python3 -c "import json,sys; print(json.load(sys.stdin)['rps'])")
    connections=$(python3 -c "import math,sys; print(max(1, math.ceil(int(sys.argv[1]) * float(sys.argv[2]) / float(sys.argv[3]))))" \
      "$connections" "$target" "$achieved")
    run_wrk "$db" "$mode" half "$connections" "$HTTP_SECONDS" 20 > /dev/null
  done
}

if [[ "${SKIP_HTTP:-0}" != 1 ]]; then
  record_part http
  command -v wrk > /dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -q wrk > /dev/null; } \
    || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

  log "build the service with the no-op floor endpoint (a copy under bench/target; src/ is not touched)"
  rm -rf "$BENCH/target/floor-build"
  mkdir -p "$BENCH/target/floor-build/src/main/java/io/expressrefund/benchfloor"
  cp -r "$ROOT/pom.xml" "$ROOT/mvnw" "$ROOT/.mvn" "$BENCH/target/floor-build/"
  cp -r "$ROOT/src/main" "$BENCH/target/floor-build/src/"
  cp "$BENCH/http/floor/FloorResource.java" "$BENCH/target/floor-build/src/main/java/io/expressrefund/benchfloor/"
  (cd "$BENCH/target/floor-build" && ./mvnw -B -q package -DskipTests)
  FLOOR_JAR=$BENCH/target/floor-build/target/quarkus-app/quarkus-run.jar

  log "HTTP on H2: floor, evaluate, record (1,000 shops), record-hot (one shop), refused (the 400 error path)"
  start_service h2
  measure_db h2 floor evaluate record record-hot refused
  # A rebuild of the shipped rules in the running service: compile and run every case, as on an edit.
  python3 "$BENCH/report.py" --time-validate "http://127.0.0.1:$PORT" "$ROOT/rules" 12 | tee "$OUT/rules-validate.json"
  stop_service

  if [[ "${SKIP_PG:-0}" != 1 ]]; then
    log "HTTP on PostgreSQL: floor, evaluate, record (1,000 shops), record-hot (one shop)"
    start_service pg
    measure_db pg floor evaluate record record-hot
    stop_service
  fi
fi

if [[ "${SKIP_REPLAY:-0}" != 1 ]]; then
  log "replay: 1,000,000 recorded decisions against the rules in service, with /evaluate at half its peak beside it"
  PORT=$PORT "$BENCH/replay.sh"
fi

if [[ "${SKIP_WAITERS:-0}" != 1 ]]; then
  log "10,000 waiting ERPs: long-polls and SSE streams held beside /evaluate (results/waiters.json)"
  SKIP_BUILD=1 "$BENCH/waiters.sh"
fi

log "report"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
echo "whole run: $(( ($(date +%s) - STARTED) / 60 )) min $(( ($(date +%s) - STARTED) % 60 )) s" | tee -a "$OUT/machine.txt"
python3 "$BENCH/report.py" --write "$OUT" "$BENCH/README.md"
