#!/usr/bin/env bash
# Rollout alone at N = 100 (and `rollout plan` on 10,000 hosts) under several JVM settings, to see
# what the launcher's defaults should be. Each variant is one bench/run.sh invocation:
# bench/out/jvm-<name>.md. Then a JFR profile of one N = 100 run: bench/out/rollout-n100.jfr.
#   bench/jvm-variants.sh [REPEAT]
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
OUT=$BENCH/out
REPEAT=${1:-3}
BASE="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
run() {  # name opts...
  local name=$1; shift
  echo "== jvm-$name: $*" >&2
  ROLLOUT_JAVA_OPTS="$*" "$BENCH/run.sh" --sizes 100 --repeat "$REPEAT" --no-ansible --no-floor \
    --results "jvm-$name" >/dev/null
}
run default $BASE
run jvm-defaults -Xshare:auto
run xmx64 $BASE -Xmx64m
run xmx64-xss256k $BASE -Xmx64m -Xss256k
rm -f "$OUT/rollout.jsa"
ROLLOUT_JAVA_OPTS="$BASE -XX:ArchiveClassesAtExit=$OUT/rollout.jsa" "$BENCH/run.sh" --sizes 10 \
  --repeat 1 --no-ansible --no-floor --results jvm-cds-dump >/dev/null
run appcds $BASE -XX:SharedArchiveFile="$OUT/rollout.jsa"
run appcds-xmx64 $BASE -XX:SharedArchiveFile="$OUT/rollout.jsa" -Xmx64m
run jfr $BASE "-XX:StartFlightRecording=filename=$OUT/rollout-n100.jfr,settings=profile"
for f in "$OUT"/jvm-*.md; do echo "### $(basename "$f" .md)"; sed -n '/Fleet runs/,$p' "$f"; done
