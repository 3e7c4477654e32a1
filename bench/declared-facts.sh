#!/usr/bin/env bash
# What declared facts cost a decision (bench/README.md, "Declared facts"): JMH DeclaredFactsBenchmark.decide, one
# fork at a time, the variants none / one / two taking turns round after round (each round in another order), so
# that a machine whose speed drifts over minutes slows every variant alike. Each round's ratios one/none and
# two/none are taken from forks minutes apart at most; the summary gives their medians.
#
#   bench/declared-facts.sh                 (ROUNDS=5 WARMUP=mixed CONDITIONS=joined REQUEST_FACTS=each by default; WARMUP=alone and
#                                           CONDITIONS=alone for the other ways)
#
# Needs the benchmarks built (bench/run.sh builds them, or: ./mvnw -B -q install -DskipTests; cd bench;
# ../mvnw -B -q package). Writes bench/results/jmh-declared-facts-rounds.jsonl and prints the summary.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/results
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-mixed}
CONDITIONS=${CONDITIONS:-joined}
REQUEST_FACTS=${REQUEST_FACTS:-each}
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$OUT"
: > "$OUT/jmh-declared-facts-rounds.jsonl"
ORDERS=("none one two" "two none one" "one two none")
for round in $(seq 1 "$ROUNDS"); do
  for facts in ${ORDERS[$(( (round - 1) % 3 ))]}; do
    java -cp "$CP" org.openjdk.jmh.Main -p "rulesDir=$ROOT/rules" -p "facts=$facts" -p "warmup=$WARMUP" -p "conditions=$CONDITIONS" -p "requestFacts=$REQUEST_FACTS" \
      'DeclaredFactsBenchmark.decide' -f 1 -t 1 -wi 4 -w 2 -i 5 -r 2 -rf json -rff "$TMP/run.json" > "$TMP/run.log" 2>&1 \
      || { cat "$TMP/run.log" >&2; exit 1; }
    python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))[0]
print(json.dumps({"round": int(sys.argv[2]), "facts": sys.argv[3], "warmup": sys.argv[4], "conditions": sys.argv[5],
                  "opsPerSecond": round(run["primaryMetric"]["score"]), "load": open("/proc/loadavg").read().split()[0]}))
' "$TMP/run.json" "$round" "$facts" "$WARMUP" "$CONDITIONS" | tee -a "$OUT/jmh-declared-facts-rounds.jsonl"
  done
done

python3 - "$OUT/jmh-declared-facts-rounds.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
by_round = {}
for row in rows:
    by_round.setdefault(row["round"], {})[row["facts"]] = row["opsPerSecond"]
print("round  none/s  one/s  two/s   one vs none  two vs none")
added = {"one": [], "two": []}
for number, run in sorted(by_round.items()):
    for facts in added:
        added[facts].append(run["none"] / run[facts] - 1)
    print(f"{number:5d}  {run['none']:6d}  {run['one']:6d}  {run['two']:6d}   "
          f"{100 * (run['none'] / run['one'] - 1):+9.0f}%  {100 * (run['none'] / run['two'] - 1):+9.0f}%")
for facts, values in added.items():
    print(f"{facts} declared fact(s): median {100 * statistics.median(values):+.0f}% per decision "
          f"(rounds: {', '.join(f'{100 * v:+.0f}%' for v in values)})")
PY
