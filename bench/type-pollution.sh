#!/usr/bin/env bash
# Where two threads contend on JDK 17's type-check cache (bench/README.md, "Two threads: the type checks found"):
# decides the benchmarks' 16-request mix with the shipped rules under a Java agent that reports every instanceof
# and checkcast outside the JDK, and writes, per check site and class, how often a check would rewrite the class's
# one-entry cache of its last matched interface (JDK-8180450; JDK 23 and later have no such cache), per decision.
#
#   bench/type-pollution.sh          (THREADS=1, DECISIONS=100000 counted per thread after 200,000 of warm-up;
#                                     OUT_NAME=type-pollution)
#
# A finder of call sites, not a benchmark: the agent slows every check. Needs the benchmarks built (./mvnw -B -q
# install -DskipTests; cd bench; ../mvnw -B -q package). Writes bench/results/$OUT_NAME.txt and prints it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
THREADS=${THREADS:-1}
DECISIONS=${DECISIONS:-100000}
REPORT=$BENCH/results/${OUT_NAME:-type-pollution}.txt
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
ASM=$(tr ':' '\n' < "$BENCH/target/classpath.txt" | grep '/asm-[0-9][^/]*\.jar$')
AGENT=$BENCH/target/type-pollution-agent.jar
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

printf 'Premain-Class: io.expressrefund.bench.pollution.Agent\n' > "$TMP/manifest"
jar cfm "$AGENT" "$TMP/manifest" -C "$BENCH/target/classes" io/expressrefund/bench/pollution
mkdir -p "$(dirname "$REPORT")"
# The agent's classes and ASM go on the boot class path, where the checks of every class loader can reach them.
java -Xbootclasspath/a:"$AGENT:$ASM" -javaagent:"$AGENT=$REPORT" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" io.expressrefund.bench.TypePollutionDriver "$ROOT/rules" "$THREADS" "$DECISIONS"
{ echo "# $(date -u +%FT%TZ), $(git -C "$ROOT" describe --always --dirty), $(java -version 2>&1 | head -1), threads $THREADS"; cat "$REPORT"; } > "$TMP/report"
mv "$TMP/report" "$REPORT"
cat "$REPORT"
