#!/usr/bin/env bash
# What declared facts cost a decision, compared iteration by iteration in one JVM (bench/README.md, "Declared
# facts, interleaved"): JMH DeclaredFactsBenchmark.decide with -p facts=interleaved, whose iterations take turns
# with no, one and two posted facts (none, one, two, none, …) after the mixed warm-up. Each turn of three gives the
# ratios one/none and two/none from iterations seconds apart on the same compiled code, so a fork's JIT mode, which
# moves every variant alike, drops out of them. Several forks show how far the modes still move the ratios.
#
#   bench/declared-facts-interleaved.sh     (FORKS=5 TURNS=10 CONDITIONS=joined REQUEST_FACTS=each by default)
#
# Needs the benchmarks built (bench/run.sh builds them, or: ./mvnw -B -q install -DskipTests; cd bench;
# ../mvnw -B -q package). Writes bench/results/jmh-declared-facts-interleaved.json and prints the summary.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/results
FORKS=${FORKS:-5}
TURNS=${TURNS:-10}
CONDITIONS=${CONDITIONS:-joined}
REQUEST_FACTS=${REQUEST_FACTS:-each}
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"

mkdir -p "$OUT"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm-up iterations take their turns too: 6 of them keep the measured ones starting at "none".
java -cp "$CP" org.openjdk.jmh.Main -p "rulesDir=$ROOT/rules" -p facts=interleaved -p warmup=mixed -p "conditions=$CONDITIONS" -p "requestFacts=$REQUEST_FACTS" \
  'DeclaredFactsBenchmark.decide' -f "$FORKS" -t 1 -wi 6 -w 1 -i $((3 * TURNS)) -r 1 \
  -rf json -rff "$OUT/jmh-declared-facts-interleaved.json" > "$OUT/jmh-declared-facts-interleaved.log" 2>&1 \
  || { tail -40 "$OUT/jmh-declared-facts-interleaved.log" >&2; exit 1; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$OUT/jmh-declared-facts-interleaved.json" <<'PY'
import json, statistics, sys
run = json.load(open(sys.argv[1]))[0]
forks = run["primaryMetric"]["rawData"]
added = {"one": [], "two": []}
print("fork  none/s (median)  one vs none  two vs none   (medians of the fork's turns)")
for number, iterations in enumerate(forks, 1):
    turns = [iterations[i:i + 3] for i in range(0, len(iterations) - 2, 3)]
    one = [none / one - 1 for none, one, two in turns]
    two = [none / two - 1 for none, one, two in turns]
    added["one"] += one
    added["two"] += two
    print(f"{number:4d}  {statistics.median(t[0] for t in turns):15,.0f}  {100 * statistics.median(one):+10.1f}%"
          f"  {100 * statistics.median(two):+10.1f}%")
for facts, values in added.items():
    values.sort()
    quartiles = statistics.quantiles(values, n=4)
    print(f"{facts} declared fact(s): median {100 * statistics.median(values):+.1f}% per decision over {len(values)} turns "
          f"(middle half {100 * quartiles[0]:+.1f}% to {100 * quartiles[2]:+.1f}%)")
PY
