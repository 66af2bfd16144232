#!/usr/bin/env bash
# The journal's replay and the HTML report of a long run, for the 1,000-host run of journalgen.py
# (72 h canary soak, 72 h watch, 30 s probes): the replay as bench/run.sh measures it (the journal
# as before ProbeResultChanged, then with it), then file size and load time in Debian's headless
# Chromium with the canary's metric probe journaled every 30 s and 20 hosts flapping every 30 min
# of the watch, and a worst case where all 1,000 flap. The replay is timed through the launcher
# (./rollout: its JVM options and class-data archive), as an operator runs `rollout status`, and
# the whole process with /usr/bin/time.
#
# usage: bench/html-report.sh [OUT_DIR]   (default: target/bench-html)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/target/bench-html}
RUN=20261101-000000000-beef
mkdir -p "$OUT"
[ -f "$ROOT/target/rollout.jar" ] || (cd "$ROOT" && mvn -B -q -o -DskipTests package)
# the same run as journals were before ProbeResultChanged, for the replay's cost of the new events
for kind in old new; do
  S=$OUT/state-$kind
  rm -rf "$S" && python3 "$ROOT/bench/journalgen.py" "$S" 1000 $([ $kind = old ] && echo --old) >"$OUT/gen-$kind.txt"
  echo "== replay, 1,000 hosts, 72 h + 72 h, journal $kind: $(cut -d' ' -f2 "$OUT/gen-$kind.txt") events"
  for i in 1 2 3; do
    /usr/bin/time -f "rollout status in all: wall %e s, cpu %U+%S s" "$ROOT/rollout" status "$RUN" \
      --state "$S" --verbose 2>&1 >/dev/null | grep -o 'replayed .*\|rollout status in all.*' || true
  done
  uptime
done
for flappy in 20 1000; do
  S=$OUT/state-flappy-$flappy
  rm -rf "$S" && python3 "$ROOT/bench/journalgen.py" "$S" 1000 --flappy "$flappy" --metric >"$OUT/gen-$flappy.txt"
  echo "== 1,000 hosts, 72 h + 72 h, $flappy flapping host(s): $(cut -d' ' -f2 "$OUT/gen-$flappy.txt") events, journal $(stat -c %s "$S/runs/$RUN/journal.jsonl") bytes"
  for i in 1 2 3; do
    /usr/bin/time -f "rollout status in all: wall %e s, cpu %U+%S s" "$ROOT/rollout" status "$RUN" \
      --state "$S" --verbose 2>&1 >/dev/null | grep -o 'replayed .*\|rollout status in all.*' || true
  done
  /usr/bin/time -f "report --format html: wall %e s, user %U s, max rss %M KB" \
    java -jar "$ROOT/target/rollout.jar" report "$RUN" --state "$S" --format html \
    --to "$OUT/report-$flappy.html" 2>&1 | grep -v '^rollout: note' || true
  echo "html bytes: $(stat -c %s "$OUT/report-$flappy.html")"
  python3 "$ROOT/bench/chromium_load.py" "$OUT/report-$flappy.html" 3
  uptime
done
