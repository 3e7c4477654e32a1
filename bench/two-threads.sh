#!/usr/bin/env bash
# One decision on 1 and 2 threads (bench/README.md, "Two threads"): JMH DecisionBenchmark.drl, one fork at a
# time, 1 and 2 threads taking turns round after round (each round in the other order), so that a machine whose
# speed drifts over minutes slows both alike. Each round's ratio 2 threads / 1 thread is taken from forks a minute
# apart at most; the summary gives their median, and the load average before each fork.
#
#   bench/two-threads.sh                 (ROUNDS=4 by default; OUT_NAME=jmh-two-threads-rounds)
#
# Runs on the first java on PATH, and JMH's forks on the same one: PATH=/usr/lib/jvm/<jdk>/bin:$PATH to measure
# another JDK (bench/README.md, "Two threads: which JDK").
#
# Needs the benchmarks built (bench/run.sh builds them, or: ./mvnw -B -q install -DskipTests; cd bench;
# ../mvnw -B -q package). Writes bench/results/$OUT_NAME.jsonl and prints the summary.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/results
ROUNDS=${ROUNDS:-4}
RESULTS=$OUT/${OUT_NAME:-jmh-two-threads-rounds}.jsonl
JAVA_VERSION=$(java -version 2>&1 | head -1)
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$OUT"
: > "$RESULTS"
ORDERS=("1 2" "2 1")
for round in $(seq 1 "$ROUNDS"); do
  for threads in ${ORDERS[$(( (round - 1) % 2 ))]}; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    java -cp "$CP" org.openjdk.jmh.Main -p "rulesDir=$ROOT/rules" 'DecisionBenchmark.drl$' \
      -f 1 -t "$threads" -wi 5 -w 2 -i 8 -r 2 -rf json -rff "$TMP/run.json" > "$TMP/run.log" 2>&1 \
      || { cat "$TMP/run.log" >&2; exit 1; }
    python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))[0]
print(json.dumps({"round": int(sys.argv[2]), "threads": int(sys.argv[3]), "opsPerSecond": round(run["primaryMetric"]["score"]),
                  "iterations": [round(x) for x in run["primaryMetric"]["rawData"][0]], "loadBefore": sys.argv[4],
                  "java": sys.argv[5]}))
' "$TMP/run.json" "$round" "$threads" "$load" "$JAVA_VERSION" | tee -a "$RESULTS"
  done
done

python3 - "$RESULTS" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
by_round = {}
for row in rows:
    by_round.setdefault(row["round"], {})[row["threads"]] = row["opsPerSecond"]
print("round  1 thread/s  2 threads/s  2 / 1")
ratios = []
for number, run in sorted(by_round.items()):
    ratios.append(run[2] / run[1])
    print(f"{number:5d}  {run[1]:10d}  {run[2]:11d}  {run[2] / run[1]:5.2f}")
print(f"2 threads / 1 thread: median {statistics.median(ratios):.2f} (rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
print(f"1 thread: median {1e6 / statistics.median(r[1] for r in by_round.values()):.2f} us per decision")
PY
