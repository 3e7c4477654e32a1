#!/usr/bin/env bash
# 10,000 waiting ERPs on one instance (bench/README.md, "10,000 waiting ERPs"): holds 10,000 long-polls and SSE
# streams (half each, 1,000 shops, 10 waiters per shop, each shop's merchant its own caller with a bearer JWT)
# on loopback, records automatic refunds for random shops meanwhile, and measures how long each waiter takes to
# hear of its shop's refund, /evaluate's throughput (wrk) alternately without and with the waiters in the same
# service process, and the service's threads. 7 to 14 minutes on 2 shared cores (warm-up included); bounded in time.
#
#   bench/waiters.sh             H2 in a fresh folder            DB=pg bench/waiters.sh   PostgreSQL (as run.sh)
#   QUICK=1 bench/waiters.sh     1,000 waiters, short phases, to try the script (numbers not worth keeping)
#   PROFILE=0                    no JFR recording of the service (by default one, summed up in results/waiters-profile.md)
#   SKIP_BUILD=1                 use the service jar in target/quarkus-app as it is (bench/run.sh has built it)
#   CLIENTS=10000 SHOPS=1000 ROUNDS=4 WRK_SECONDS=10 EVENTS_PER_SECOND=20 PORT=18084 override the defaults;
#   SERVICE_HEAP=1g the service's heap (-Xms/-Xmx, 1g as in run.sh); RESULT=waiters names the result files
#
# Writes bench/results/waiters.json; the program is bench/src/main/java/io/expressrefund/bench/WaitingClients.java
# (JDK only: compiled here with javac, so the bench's Maven build and the service's installed jar are not needed).
# Needs JDK 17, wrk, curl, python3, and an open-files limit above the waiters (raised here up to the hard limit).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/results
WORK=$BENCH/target/waiters
PORT=${PORT:-18084}
DB=${DB:-h2}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/express_refund_bench}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
RESULT=${RESULT:-waiters}
SERVICE_PID=
STARTED=$(date +%s)

if [[ "${QUICK:-0}" == 1 ]]; then
  ARGS=(clients="${CLIENTS:-1000}" shops="${SHOPS:-100}" rounds="${ROUNDS:-1}" wrkSeconds="${WRK_SECONDS:-4}"
    wrkWarmupSeconds=3 warmupMaxSeconds=10 quietSeconds=5 settleSeconds=2 settleMaxSeconds=5)
else
  ARGS=(clients="${CLIENTS:-10000}" shops="${SHOPS:-1000}" rounds="${ROUNDS:-4}" wrkSeconds="${WRK_SECONDS:-10}"
    quietSeconds="${QUIET_SECONDS:-35}")
fi
ARGS+=(eventsPerSecond="${EVENTS_PER_SECOND:-20}")
[[ "${PROFILE:-1}" == 1 ]] && ARGS+=(jfr="$WORK/waiters.jfr")
CLIENTS_WANTED=$(printf '%s\n' "${ARGS[@]}" | sed -n 's/^clients=//p')

log() { printf '\n== %s  %s\n' "$(date +%H:%M:%S)" "$*"; }
stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; fi
  SERVICE_PID=
}
trap stop_service EXIT

# Each waiter is one open socket in the client and one in the service (both started from this shell, so both
# inherit the limit), plus the service's jars, the database and wrk's connections.
HARD=$(ulimit -Hn)
WANT=65536
if [[ "$HARD" != unlimited && "$HARD" -lt "$WANT" ]]; then
  ulimit -Hn "$WANT" 2>/dev/null || true   # only with CAP_SYS_RESOURCE
  HARD=$(ulimit -Hn)
fi
if [[ "$HARD" == unlimited || "$HARD" -ge "$WANT" ]]; then ulimit -n "$WANT"; else ulimit -n "$HARD"; fi
if (( $(ulimit -n) < CLIENTS_WANTED + 2000 )); then
  echo "open files: limit $(ulimit -n) (hard $(ulimit -Hn)), $CLIENTS_WANTED waiters need at least $((CLIENTS_WANTED + 2000))" >&2
  exit 1
fi
command -v wrk > /dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -q wrk > /dev/null; } \
  || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

mkdir -p "$OUT" "$WORK"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "open files: $(ulimit -n) (hard $(ulimit -Hn)); load average at start: $LOAD_START"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "build the service (./mvnw -B -q package -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
[[ -f "$JAR" ]] || { echo "no service jar at $JAR: build it, or run without SKIP_BUILD=1" >&2; exit 1; }

log "compile the waiting clients; a fresh RSA key pair signs the merchants' tokens"
rm -rf "$WORK/classes" "$WORK/keys" "$WORK/h2" "$WORK/waiters.jfr" "$OUT/$RESULT-profile.md"
javac -d "$WORK/classes" "$BENCH/src/main/java/io/expressrefund/bench/WaitingClients.java"
java -cp "$WORK/classes" io.expressrefund.bench.WaitingClients keys "$WORK/keys"
# JFR's "profile" settings, with Java samples every 2 ms instead of 10 (more samples per phase)
python3 - "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" "$WORK/waiters.jfc" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'(<event name="jdk.ExecutionSample">.*?<setting name="period"[^>]*>)[^<]*', r'\g<1>2 ms', text, flags=re.S)
open(sys.argv[2], "w").write(text)
EOF

log "start the service ($DB), accepting bearer tokens signed by that key"
args=(-Xms"${SERVICE_HEAP:-1g}" -Xmx"${SERVICE_HEAP:-1g}" -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$PORT" "-Drefund.rules.dir=$ROOT/rules"
  -Drefund.rules.watch=false -Drefund.rules.build-timeout=60s "-Dmp.jwt.verify.publickey.location=$WORK/keys/jwt-public.pem")
if [[ "${PROFILE:-1}" == 1 ]]; then
  # The recording runs from the start (the program dumps it at the end): a recording started in the middle of the
  # run retransforms classes and throws compiled code away, which cost the next measurement 95% of its rate.
  args+=("-XX:StartFlightRecording=name=waiters,settings=$WORK/waiters.jfc")
fi
if [[ $DB == h2 ]]; then
  args+=(-Dquarkus.profile=demo "-Dquarkus.datasource.\"h2\".jdbc.url=jdbc:h2:file:$WORK/h2/express-refund;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0;CACHE_SIZE=2048")
else
  psql -q -h 127.0.0.1 -U postgres -c 'DROP DATABASE IF EXISTS express_refund_bench' -c 'CREATE DATABASE express_refund_bench'
  args+=(-Dquarkus.profile=demo,pg "-Dquarkus.datasource.\"pg\".jdbc.url=$PG_URL")
fi
(cd "$WORK" && exec java "${args[@]}" -jar "$JAR" > "$WORK/service.log" 2>&1) &
SERVICE_PID=$!
for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null || { echo "the service did not start; see $WORK/service.log" >&2; exit 1; }
echo "service pid $SERVICE_PID, open files limit $(awk '/Max open files/ {print $4}' "/proc/$SERVICE_PID/limits")"

LOAD_MEASURE=$(cut -d' ' -f1-3 /proc/loadavg)
log "hold the waiters, record refunds, wrk /evaluate without and with them (bounded: at most 15 minutes)"
timeout 900 java -Xms512m -Xmx1g -cp "$WORK/classes" io.expressrefund.bench.WaitingClients run \
  port="$PORT" pid="$SERVICE_PID" key="$WORK/keys/jwt-private.der" out="$OUT/$RESULT.json" dumps="$WORK" \
  wrkScript="$BENCH/http/load.lua" "${ARGS[@]}"
grep -E 'ERROR|Exception' "$WORK/service.log" | sort | uniq -c | sort -rn | head -5 > "$WORK/service-errors.txt" || true
stop_service

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ -f "$WORK/waiters.jfr" ]]; then
  python3 "$BENCH/waiters_profile.py" "$OUT/$RESULT.json" "$WORK/waiters.jfr" > "$OUT/$RESULT-profile.md"
fi
python3 - "$OUT/$RESULT.json" "$DB" "$LOAD_START" "$LOAD_MEASURE" "$LOAD_END" "$(( $(date +%s) - STARTED ))" \
  "$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src rules || echo ' (with local changes)')" \
  "$(java -version 2>&1 | head -1)" "$(ulimit -n)" "$WORK/service-errors.txt" <<'EOF'
import json, os, sys, datetime
path, db, load_start, load_measure, load_end, seconds, git, java, nofile, errors = sys.argv[1:]
r = json.load(open(path))
machine = {"serviceHeap": os.environ.get("SERVICE_HEAP", "1g"), "eventsPerSecond": r.get("eventsPerSecond"), "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "cores": os.cpu_count(),
           "java": java, "git": git, "db": db, "openFilesLimit": int(nofile),
           "loadAverageAtStart": load_start, "loadAverageBeforeMeasuring": load_measure, "loadAverageAtEnd": load_end, "scriptSeconds": int(seconds)}
r = {"machine": machine, **r}
r["serviceLogErrors"] = [l.strip() for l in open(errors)] if os.path.exists(errors) else []
json.dump(r, open(path, "w"), indent=2)
t, d = r["evaluateThroughput"], r["delivery"]
a = d.get("all", {})
print(f"\n10,000 waiting ERPs ({r['clients']:,} waiters, {r['shops']:,} shops, {db}); load average {load_start} (start), {load_measure} (before measuring), {load_end} (end); script {seconds} s")
print(f"  /evaluate without waiters {t['withoutWaitersRps']} req/s, with {t['withWaitersRps']} req/s: "
      f"ratio of medians {t['ratioOfMedians']:.0%} (goal >= 80%: {'met' if t['met'] else 'missed'})")
if a:
    print(f"  delivery to {a['deliveriesExpected']:,} waiters of {d['eventsRecorded']:,} refunds: missed {a['missed']}; "
          f"from the 201: p50 {a['fromCommitMs'].get('p50')} / p99 {a['fromCommitMs'].get('p99')} / max {a['fromCommitMs'].get('max')} ms; "
          f"from the POST: p50 {a['fromRequestMs'].get('p50')} / p99 {a['fromRequestMs'].get('p99')} / max {a['fromRequestMs'].get('max')} ms "
          f"(goal p99 < 1 s, none missed: {'met' if d['met'] else 'missed'})")
for p in r["phases"]:
    groups = ", ".join(f"{k} {v}" for k, v in p["serviceCpuCoresByThreads"].items() if v >= 0.01)
    print(f"  {p['phase']:<42} {p['seconds']:5.1f} s  threads {p.get('serviceThreadsMin')}..{p.get('serviceThreadsMax')}"
          + (f"  /evaluate {p['rps']:.0f} req/s" if 'rps' in p else "")
          + f"  service CPU {p['serviceCpuCores']} cores ({groups})")
for dump in r["threadDumps"]:
    print(f"  thread dump {dump['label']:<24} {dump['threads']} threads, {dump['waitersInPlace']:,} waiters; in the event code: {dump['threadsInEventCode']}")
EOF
if [[ -f "$OUT/$RESULT-profile.md" ]]; then
  echo; echo "Java CPU samples by activity (results/$RESULT-profile.md):"; cat "$OUT/$RESULT-profile.md"
fi
