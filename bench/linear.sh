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
JAVA="java ${ROLLOUT_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto} -jar $JAR"
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
  mkdir -p "$OUT/adv-10000"
  python3 - "$OUT" <<'PY'
import sys
out, n = sys.argv[1], 10000
lines = ["defaults:", "  user: root", "  identity: %s/id_ed25519" % out,
         "  knownHosts: %s/known_hosts" % out, "hosts:", "  bastion: { address: 10.255.255.254 }"]
for i in range(1, n + 1):
    lines.append("  n%05d: { address: 10.%d.%d.%d, via: bastion, labels: { role: app, rack: r%02d },"
                 " vars: { root: /srv/n%05d } }" % (i, i // 65536, i // 256 % 256, i % 256, i % 40, i))
lines += ["groups:", "  app:", "    user: deploy", "    hosts:"]
lines += ["      - n%05d" % i for i in range(1, n + 1)]
open(out + "/adv-10000/inventory.yml", "w").write("\n".join(lines) + "\n")
open(out + "/adv-10000/plan.yml", "w").write("""name: adversarial
targets: app
strategy:
  canary: [n00003, n00002]
  spreadBy: rack
  waves: [1, 100]
  maxParallel: 10
change:
  - run: echo mode=new > ${vars.root}/app.conf
verify:
  - run: grep -qx mode=new ${vars.root}/app.conf
rollback:
  - run: echo mode=old > ${vars.root}/app.conf
health:
  interval: 30s
  probes:
    - name: health
      http: "http://${host.address}:8080/health"
""")
PY
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
