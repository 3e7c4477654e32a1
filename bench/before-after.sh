#!/usr/bin/env bash
# /evaluate over HTTP with two builds of the service, in one run on one machine: is the second ("after") any
# slower than the first ("before")?
#
#   bench/before-after.sh BEFORE_JAR AFTER_JAR        (each a quarkus-app/quarkus-run.jar)
#   PAIRS=20 SLICE=3 bench/before-after.sh …
#   MODE=record bench/before-after.sh …       recorded decisions over 1,000 shops, half with a strategy (load.lua's
#                                             modes: evaluate, the default; record; record-hot, one shop)
#   H2_SETTINGS_BEFORE='MODE=…;CACHE_SIZE=2048' bench/before-after.sh JAR JAR
#                                             one build under two H2 settings: H2_SETTINGS_BEFORE (or _AFTER)
#                                             replaces the settings after the file name in that service's H2 URL
#                                             (by default the shipped ones, $H2_SETTINGS below)
#   JVM_OPTS_AFTER='-XX:+UseParallelGC' bench/before-after.sh JAR JAR
#                                             one build under two JVM settings: JVM_OPTS_BEFORE (or _AFTER) are
#                                             added to that service's java command (none by default)
#   DB=pg bench/before-after.sh …             on PostgreSQL (127.0.0.1:5432, user postgres): each build gets a new
#                                             database, express_refund_ab_before / _after; the CPU per request is the
#                                             service's only, not the database server's
#
# Both jars run at once (ports $PORT and $PORT+1, the demo users, this checkout's rules, a fresh H2 folder or
# PostgreSQL database each, -Xms1g -Xmx1g), and both are warmed up alike: each takes 6-second slices of the peak load until its JIT compilers
# use under 3% of its CPU in a slice (bench/jit-ticks.sh, as run.sh warms up; SECONDS_WARMUP sets the slice). Then wrk
# (bench/http/load.lua, evaluate mode) loads one of them at a time for a short slice ($SLICE s), alternately: $PAIRS
# pairs of slices at the peak (64 connections, no pause), then $PAIRS pairs paced (32 connections pausing ~20 ms
# between requests), each pair in the order before-after or after-before in turn. Short alternating slices keep the
# two builds under the same outside load (this 2-core machine is shared with other builds), which the slices' load
# averages show; the idle one waits.
# Each slice is a line of bench/results/before-after.jsonl (before-after-$MODE.jsonl for the other modes): rate,
# latency, and the service's CPU time (user + system, from /proc/PID/stat) per request, which moves much less with
# the outside load than rate and latency do.
# The summary gives, for each load, the medians per build and the median of the pairs' ratios after/before.
set -euo pipefail
# The rules' build deadline is raised to 60 s: on this 2-core machine, loaded by other builds, compiling the rules at
# start-up has taken longer than the default 10 s, and the service then refuses to start.

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/results
WORK=$BENCH/target/before-after
PORT=${PORT:-18182}
PAIRS=${PAIRS:-20}
SLICE=${SLICE:-3}
SECONDS_WARMUP=${SECONDS_WARMUP:-6}
MODE=${MODE:-evaluate}
DB=${DB:-h2}
# The H2 URL's settings as application.properties ships them.
H2_SETTINGS="MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0;CACHE_SIZE=2048"
# Each mode's slices go to a file of their own; evaluate keeps the name it always had.
RESULTS=$OUT/before-after$([[ $MODE == evaluate ]] || echo "-$MODE")$([[ $DB == h2 ]] || echo "-$DB").jsonl
# Absolute: the services start in $WORK.
BEFORE=$(realpath "${1:?the jar before}")
AFTER=$(realpath "${2:?the jar after}")
declare -A PID_OF PORT_OF
# shellcheck source=jit-ticks.sh
source "$BENCH/jit-ticks.sh"

stop_services() {
  local pid
  for pid in "${PID_OF[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  done
}
trap stop_services EXIT

start_service() { # start_service NAME JAR PORT
  local storage
  if [[ $DB == pg ]]; then
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS express_refund_ab_$1" -c "CREATE DATABASE express_refund_ab_$1"
    storage=(-Dquarkus.profile=demo,pg "-Dquarkus.datasource.\"pg\".jdbc.url=jdbc:postgresql://127.0.0.1:5432/express_refund_ab_$1")
  else
    rm -rf "$WORK/h2-$1"
    storage=(-Dquarkus.profile=demo "-Dquarkus.datasource.\"h2\".jdbc.url=jdbc:h2:file:$WORK/h2-$1/express-refund;$(h2_settings "$1")")
  fi
  (cd "$WORK" && exec java -Xms1g -Xmx1g $(jvm_options "$1") "${storage[@]}" -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$3" \
    "-Drefund.rules.dir=$ROOT/rules" -Drefund.rules.watch=false -Drefund.rules.build-timeout=60s \
    -Dquarkus.security.users.embedded.users.bench-merchant=bench-secret \
    "-Dquarkus.security.users.embedded.roles.bench-merchant=merchant,shop:S-BENCH$(printf ',shop:B-%04d' $(seq 0 499))" \
    -jar "$2" > "$WORK/service-$1.log" 2>&1) &
  PID_OF[$1]=$!
  PORT_OF[$1]=$3
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$3/q/health/ready" > /dev/null 2>&1; then
      save_strategies "$3"
      return 0
    fi
    sleep 1
  done
  echo "the service did not start; see $WORK/service-$1.log" >&2
  return 1
}

h2_settings() { # h2_settings NAME: that service's H2 settings, H2_SETTINGS_BEFORE or _AFTER if given
  if [[ $1 == before ]]; then echo "${H2_SETTINGS_BEFORE:-$H2_SETTINGS}"; else echo "${H2_SETTINGS_AFTER:-$H2_SETTINGS}"; fi
}

jvm_options() { # jvm_options NAME: that service's extra JVM options, JVM_OPTS_BEFORE or _AFTER
  if [[ $1 == before ]]; then echo "${JVM_OPTS_BEFORE:-}"; else echo "${JVM_OPTS_AFTER:-}"; fi
}

save_strategies() { # save_strategies PORT: as bench/run.sh, half of load.lua's 1,000 shops and the hot shop
  local shop
  for shop in S-BENCH $(printf 'B-%04d ' $(seq 0 499)); do
    printf 'url = "http://127.0.0.1:%s/api/v1/shops/%s/auto-refund-strategy"\noutput = /dev/null\n' "$1" "$shop"
  done | curl -fsS -K - -X PUT -u bench-merchant:bench-secret -H 'Content-Type: application/json' \
    -d '{"enabled":true,"maxRefundAmount":500.00,"dailyLimit":1000000}'
}

cpu_ticks() { # user + system CPU time of a service so far, in clock ticks
  awk '{print $14 + $15}' "/proc/${PID_OF[$1]}/stat"
}

run_wrk() { # run_wrk NAME PAIR PHASE CONNECTIONS SECONDS DELAY_MS
  local load line cpu_before cpu_after
  load=$(cut -d' ' -f1 /proc/loadavg)
  cpu_before=$(cpu_ticks "$1")
  line=$(wrk -t1 -c"$4" -d"$5s" --timeout 5s -s "$BENCH/http/load.lua" "http://127.0.0.1:${PORT_OF[$1]}" \
    -- "$MODE" "BA$1$(date +%s%N | cut -c8-16)" "$6" | grep '^RESULT ' | cut -c8-)
  cpu_after=$(cpu_ticks "$1")
  [[ -n "$line" ]] || { echo "wrk printed no result" >&2; return 1; }
  echo "{\"jar\":\"$1\",\"pair\":$2,\"phase\":\"$3\",\"connections\":$4,\"delayMs\":$6,\"load1\":$load,\"cpuTicks\":$((cpu_after - cpu_before)),\"ticksPerSecond\":$(getconf CLK_TCK),${line:1}"
}

command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
mkdir -p "$OUT" "$WORK"
: > "$RESULTS"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); mode: $MODE; database: $DB; before: $BEFORE; after: $AFTER; H2 settings: before $(h2_settings before), after $(h2_settings after)"
echo "uptime at start: $(uptime)"
start_service before "$BEFORE" "$PORT"
start_service after "$AFTER" "$((PORT + 1))"
# A build measured while its JIT still compiles looks slower than it is: each warms up until its compilers are quiet.
for name in before after; do
  warm_until_quiet "${PID_OF[$name]}" 2 20 run_wrk "$name" 0 warmup 64 "$SECONDS_WARMUP" 0
  echo "$name warm: its JIT compilers took $(jit_ticks "${PID_OF[$name]}") of $(service_ticks "${PID_OF[$name]}") CPU ticks so far"
done
for phase in peak paced; do
  connections=64; delay=0
  [[ $phase == paced ]] && { connections=32; delay=20; }
  for pair in $(seq 1 "$PAIRS"); do
    order=(before after)
    (( pair % 2 == 0 )) && order=(after before)
    for name in "${order[@]}"; do
      run_wrk "$name" "$pair" "$phase" "$connections" "$SLICE" "$delay" >> "$RESULTS"
    done
  done
done
echo "uptime at end: $(uptime)"

python3 - "$RESULTS" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
for r in runs:
    r["cpu_us"] = r["cpuTicks"] / r["ticksPerSecond"] * 1e6 / max(1, r["requests"])
def values(jar, phase, key):
    return [r[key] for r in runs if r["jar"] == jar and r["phase"] == phase]
def pair_ratios(phase, key):
    by = {(r["jar"], r["pair"]): r[key] for r in runs if r["phase"] == phase}
    return sorted(by[("after", p)] / by[("before", p)] for (j, p) in by if j == "before" and ("after", p) in by)
print()
print("| load | build | req/s | p50 / p99 (ms) | CPU per request (µs) | non-2xx |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for phase, label in (("peak", "peak: 64 connections, no pause"), ("paced", "paced: 32 connections, ~20 ms pause")):
    for jar in ("before", "after"):
        non2xx = sum(r["non2xx"] + r["socket_errors"] for r in runs if r["jar"] == jar and r["phase"] == phase)
        print(f"| {label} | {jar} | {statistics.median(values(jar, phase, 'rps')):,.0f} | "
              f"{statistics.median(values(jar, phase, 'p50_ms')):.2f} / {statistics.median(values(jar, phase, 'p99_ms')):.2f} | "
              f"{statistics.median(values(jar, phase, 'cpu_us')):,.0f} | {non2xx} |")
print()
print("Ratios after / before, pair by pair (median, and the middle half of the pairs):")
for phase in ("peak", "paced"):
    for key, name in (("rps", "req/s"), ("cpu_us", "CPU per request"), ("p99_ms", "p99")):
        ratios = pair_ratios(phase, key)
        q = len(ratios) // 4
        print(f"- {phase}, {name}: {statistics.median(ratios):.3f} ({ratios[q]:.2f} to {ratios[-1 - q]:.2f}, {len(ratios)} pairs)")
loads = [r["load1"] for r in runs]
print(f"Load average (1 min) at the slices' starts: {min(loads)} to {max(loads)}, median {statistics.median(loads)}.")
PY
