#!/usr/bin/env bash
# `rollout plan` and `rollout status` at fleet sizes, for issue 20 ("nothing quadratic"): no fleet,
# no network, no SSH server. Generates, under bench/out/linear/:
#   plan-N/     an N-host inventory + plan (fleetgen.py big), identity and known_hosts filled in
#   adv-10000/  10,000 hosts behind one bastion, in one group with settings, spreadBy, waves of 100
#   state-N/    the journal of a finished N-host run, 72 h canary soak + 72 h watch (journalgen.py)
# then runs each command REPEAT times with /usr/bin/time (wall, CPU, peak RSS). Nothing is asserted.
#
#   bench/linear.sh [JAR] [REPEAT]      default: target/rollout.jar, 3
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
JAR=${1:-$ROOT/target/rollout.jar}
REPEAT=${2:-3}
OUT=$BENCH/out/linear
JAVA="java ${ROLLOUT_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xms32m} -jar $JAR"
mkdir -p "$OUT"
[ -f "$OUT/id_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -f "$OUT/id_ed25519"
: > "$OUT/known_hosts"

for n in 1000 10000 20000; do
  if [ ! -f "$OUT/plan-$n/plan.yml" ]; then
    python3 "$BENCH/fleetgen.py" big "$OUT/gen" "$n"
    mkdir -p "$OUT/plan-$n" && mv "$OUT/gen/big/"* "$OUT/plan-$n/"
    sed -i "s#identity: ~/.ssh/id_ed25519#identity: $OUT/id_ed25519#; s#knownHosts: ~/.ssh/known_hosts#knownHosts: $OUT/known_hosts#" "$OUT/plan-$n/inventory.yml"
  fi
done
if [ ! -f "$OUT/adv-10000/plan.yml" ]; then
  python3 "$BENCH/fleetgen.py" adversarial "$OUT" 10000
fi
for n in 1000 10000; do
  [ -d "$OUT/state-$n/runs" ] || python3 "$BENCH/journalgen.py" "$OUT/state-$n" "$n" > /dev/null
done

run() { # label, command...
  local label=$1; shift
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f "$label	wall %e s	cpu %U+%S s	rss %M KiB" "$@" > /dev/null 2> "$OUT/err" \
      || { cat "$OUT/err" >&2; exit 1; }
    grep -h "replayed" "$OUT/err" | sed "s/^/$label	/" || true
    tail -n 1 "$OUT/err"
  done
}
for d in plan-1000 plan-10000 plan-20000 adv-10000; do
  run "plan $d" $JAVA plan "$OUT/$d/plan.yml" -i "$OUT/$d/inventory.yml" -F none
done
for n in 1000 10000; do
  run "status state-$n" $JAVA status --state "$OUT/state-$n" --verbose
done
