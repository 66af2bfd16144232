#!/usr/bin/env bash
# Benchmark of Rollout against Ansible and a plain-ssh floor on a fleet of real OpenSSH servers
# (issue #8). Run as root on one Linux machine:
#
#   bench/run.sh                          N = 10, 50, 100; 3 runs each; Rollout, Ansible, floor
#   bench/run.sh --sizes 10,50 --repeat 1
#   bench/run.sh --smoke                  CI: N = 3, one run, Rollout and the floor; < 60 s;
#                                         exits non-zero when Rollout's run fails
#   bench/run.sh --sizes 1000 --soak 600  a real soak instead: Rollout alone changes all N hosts,
#                                         then soaks them for 600 s under an http probe every
#                                         30 s; its RSS and CPU sampled every 30 s
#                                         (bench/out/NAME-soak.tsv)
#
# Options: --sizes LIST  --repeat K  --ansible-repeat-large K (runs of Ansible at N >= 100,
# default = --repeat)  --results NAME (bench/out/NAME.tsv and .md; default results)
# --net K (hosts on 127.0.K.1 and up, 250 per /24; default 50)  --health-port P (default 8080)
# --ansible-max N (Ansible only at sizes <= N; default 2000)
# --connections keep|perStep (Rollout's strategy.connections; default: the plan's default)
# --remote-user U (default rollout-bench; see below)  --no-ansible  --no-floor  --no-rollout  --no-plan-bench  --port P
# The fleet's commands run as a system user "rollout-bench" (created when missing, removed at the
# end; password "*": not locked, which sshd without PAM refuses) whose home is an empty directory: as root, Debian's bash would source root's ~/.bashrc for
# every command that sshd runs, which on a developer machine (pyenv, nvm, ...) costs ~100 ms each
# and has nothing to do with the tools measured. --remote-user root measures that case.
# Environment: ROLLOUT_JAVA_OPTS is passed to ./rollout (JVM flags, JFR).
#
# Every process it starts (sshd per host, the health server, the tools under test and what they
# leave behind such as Ansible's ControlPersist masters) is in a cgroup of its own and is stopped on
# exit, failure and interrupt included. Results: bench/out/results.tsv and bench/out/results.md.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
OUT=$BENCH/out
PY=/usr/bin/python3

SIZES=10,50,100
REPEAT=3
ANSIBLE_REPEAT_LARGE=
SMOKE=0
DO_ANSIBLE=1 DO_FLOOR=1 DO_ROLLOUT=1 DO_PLAN=1
PORT=2200
NET=50
HPORT=8080
ANSIBLE_MAX=2000
PLAN_HOSTS=10000
RUSER=rollout-bench
NAME=results
SOAK=0
CONNECTIONS=

die() { echo "bench: error: $*" >&2; exit 2; }
log() { echo "bench: $(date +%H:%M:%S) $*" >&2; }

while [ $# -gt 0 ]; do
  case $1 in
    --smoke) SMOKE=1 ;;
    --sizes) SIZES=$2; shift ;;
    --repeat) REPEAT=$2; shift ;;
    --ansible-repeat-large) ANSIBLE_REPEAT_LARGE=$2; shift ;;
    --no-ansible) DO_ANSIBLE=0 ;;
    --no-floor) DO_FLOOR=0 ;;
    --no-rollout) DO_ROLLOUT=0 ;;
    --no-plan-bench) DO_PLAN=0 ;;
    --port) PORT=$2; shift ;;
    --net) NET=$2; shift ;;
    --health-port) HPORT=$2; shift ;;
    --ansible-max) ANSIBLE_MAX=$2; shift ;;
    --remote-user) RUSER=$2; shift ;;
    --results) NAME=$2; shift ;;
    --soak) SOAK=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
if [ "$SMOKE" = 1 ]; then
  SIZES=3 REPEAT=1 DO_ANSIBLE=0 DO_PLAN=0 ANSIBLE_REPEAT_LARGE=1 NAME=smoke
fi
: "${ANSIBLE_REPEAT_LARGE:=$REPEAT}"
[[ $NET =~ ^[0-9]+$ ]] && [ "$NET" -ge 1 ] && [ "$NET" -le 240 ] || die "bad --net $NET"
export ROLLOUT_BENCH_NET=$NET ROLLOUT_BENCH_HPORT=$HPORT
[ "$(id -u)" = 0 ] || die "run as root (it starts sshd servers and installs packages)"
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
MAXN=0
for n in "${SIZE_LIST[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 2000 ] || die "bad size $n"
  [ "$n" -gt "$MAXN" ] && MAXN=$n
done

# ---- packages -------------------------------------------------------------------------------
need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null && command -v ssh-keygen >/dev/null || need+=(openssh-client)
[ -x /usr/bin/time ] || need+=(time)
[ -x "$PY" ] || need+=(python3)
command -v curl >/dev/null || need+=(curl)
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
if [ "$DO_ANSIBLE" = 1 ] && ! command -v ansible-playbook >/dev/null; then need+=(ansible); fi
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2
fi

# ---- cgroups: one for the fleet, one per measured run ---------------------------------------
CG_V=0 CG_BASE=
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  CG_V=2 CG_BASE=/sys/fs/cgroup
elif [ -d /sys/fs/cgroup/cpuacct ] && [ -w /sys/fs/cgroup/cpuacct ]; then
  CG_V=1 CG_BASE=/sys/fs/cgroup/cpuacct
fi
TAG="rollout-bench-$$"
CGROUPS=()
cg_make() {  # name -> path (empty when cgroups are not usable)
  [ "$CG_V" = 0 ] && { echo ""; return; }
  local p="$CG_BASE/$TAG-$1"
  mkdir -p "$p" 2>/dev/null || { echo ""; return; }
  echo "$p"
}
cg_cpu() {  # path -> CPU seconds used by every process that was ever in it
  if [ "$CG_V" = 2 ]; then
    awk '$1=="usage_usec"{printf "%.3f", $2/1e6}' "$1/cpu.stat"
  else
    awk '{printf "%.3f", $1/1e9}' "$1/cpuacct.usage"
  fi
}
cg_kill() {  # path: TERM, then KILL, every process in it; then remove it
  local p=$1 pid i
  [ -n "$p" ] && [ -d "$p" ] || return 0
  for i in 1 2 3 4 5 6 7 8 9 10; do
    [ -n "$(cat "$p/cgroup.procs" 2>/dev/null)" ] || break  # (cgroup files show size 0)
    while read -r pid; do
      kill "$([ "$i" -le 5 ] && echo -TERM || echo -KILL)" "$pid" 2>/dev/null || true
    done <"$p/cgroup.procs"
    sleep 0.3
  done
  rmdir "$p" 2>/dev/null || sleep 0.5 && rmdir "$p" 2>/dev/null || true
}

FLEET_PIDS=()  # fallback without cgroups
CREATED_USER=0
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  for p in "${CGROUPS[@]}"; do cg_kill "$p"; done
  # fallback, and belt and braces: the listeners by pid file, their session children, healthd
  for f in "$OUT"/sshd/h*/sshd.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null)
    if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = sshd ]; then
      for c in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill "$c" 2>/dev/null; done
      kill "$pid" 2>/dev/null
    fi
    rm -f "$f"
  done
  for pid in "${FLEET_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  [ "$CREATED_USER" = 1 ] && userdel "$RUSER" 2>/dev/null
  rm -rf "/tmp/rollout-bench-cp-$NET"
  [ "$rc" = 0 ] || log "stopped everything it started (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- the fleet --------------------------------------------------------------------------------
mkdir -p "$OUT"
log "building Rollout if needed"
"$ROOT/rollout" --version >/dev/null

log "generating a fleet of $MAXN hosts (127.0.$NET.1.., port $PORT, health port $HPORT)"
"$PY" "$BENCH/fleetgen.py" fleet "$OUT" "$MAXN" "$PORT"
if ! id -u "$RUSER" >/dev/null 2>&1; then
  useradd --system --password "*" --no-create-home --home-dir "$OUT/home" --shell /bin/bash "$RUSER"
  CREATED_USER=1
fi
mkdir -p "$OUT/home"
chown "$RUSER" "$OUT/home"
chmod 644 "$OUT/keys/authorized_keys"
own_fleet() { [ "$RUSER" = root ] || chown -R "$RUSER" "$OUT/fleet"; }
own_fleet
head -n "$MAXN" "$OUT/hosts.txt" >"$OUT/hosts-active.txt"
in_net() {  # ss -Hltn lines -> those on the fleet's addresses
  awk -v lo="$NET" -v hi="$((NET + (MAXN - 1) / 250))" \
    '{ split($4, a, "[.:]"); if (a[1] == 127 && a[2] == 0 && a[3] >= lo && a[3] <= hi) print }'
}
busy=$(ss -Hltn "( sport = :$PORT or sport = :$HPORT )" 2>/dev/null | in_net | wc -l)
[ "$busy" = 0 ] || die "something already listens on 127.0.$NET.*:$PORT or :$HPORT (another bench run?)"
mkdir -p /run/sshd
FLEET_CG=$(cg_make fleet)
[ -n "$FLEET_CG" ] && CGROUPS+=("$FLEET_CG")
(
  [ -n "$FLEET_CG" ] && echo "$BASHPID" >"$FLEET_CG/cgroup.procs"
  while read -r name addr; do
    /usr/sbin/sshd -f "$OUT/sshd/$name/sshd_config" -E "$OUT/sshd/$name/sshd.log"
  done <"$OUT/hosts-active.txt"
)
(
  [ -n "$FLEET_CG" ] && echo "$BASHPID" >"$FLEET_CG/cgroup.procs"
  exec "$PY" "$BENCH/healthd.py" "$OUT/fleet" "$OUT/hosts-active.txt" "$HPORT" >"$OUT/healthd.log" 2>&1
) &
FLEET_PIDS+=($!)
for i in $(seq 1 600); do  # up to 60 s: 1,000 sshd on a loaded machine
  up=$(ss -Hltn "( sport = :$PORT )" | in_net | wc -l)
  grep -q serving "$OUT/healthd.log" 2>/dev/null && [ "$up" -ge "$MAXN" ] && break
  [ "$i" = 600 ] && die "the fleet did not come up: $up of $MAXN sshd listening; $(cat "$OUT/healthd.log")"
  sleep 0.1
done
log "fleet up: $MAXN sshd + health server"

# ---- measuring one run ------------------------------------------------------------------------
RESULTS=$OUT/$NAME.tsv
printf 'tool\tn\trun\trc\twall_s\tuser_s\tsys_s\tmaxrss_kb\tcg_cpu_s\ttree_rss_kb\thosts_ok\tload1\n' >"$RESULTS"
RUNSEQ=0

rss_sampler() {  # cgroup stopfile outfile: peak of the summed RSS of the cgroup's processes
  local cg=$1 stop=$2 outf=$3 peak=0 sum pid rss
  while [ ! -e "$stop" ]; do
    sum=0
    while read -r pid; do
      { read -r _ rss _ <"/proc/$pid/statm"; } 2>/dev/null && sum=$((sum + rss))
    done <"$cg/cgroup.procs"
    [ "$sum" -gt "$peak" ] && peak=$sum && echo $((peak * 4)) >"$outf"
    sleep 0.2
  done
}

hosts_ok() {  # n: how many of the first n hosts have the new content and a backup of the old
  local n=$1 ok=0 name
  while read -r name _; do
    [ "$(cat "$OUT/fleet/$name/etc/app.conf")" = mode=new ] \
      && [ "$(cat "$OUT/fleet/$name/etc/app.conf.rollout-bak" 2>/dev/null)" = mode=old ] \
      && ok=$((ok + 1))
  done < <(head -n "$n" "$OUT/hosts.txt")
  echo "$ok"
}

measure() {  # tool n run command...: runs the command in a fresh cgroup under GNU time
  local tool=$1 n=$2 run=$3
  shift 3
  RUNSEQ=$((RUNSEQ + 1))
  local tag="$tool-n$n-r$run" cg stop rssf tf rc load
  "$PY" "$BENCH/fleetgen.py" reset "$OUT" "$n"
  own_fleet
  rm -rf "/tmp/rollout-bench-cp-$NET/n$n" && mkdir -p "/tmp/rollout-bench-cp-$NET/n$n"
  sync
  sleep 1
  load=$(cut -d' ' -f1 /proc/loadavg)
  cg=$(cg_make "run$RUNSEQ")
  [ -n "$cg" ] && CGROUPS+=("$cg")
  tag="$NAME-$tag"
  tf=$OUT/logs/$tag.time rssf=$OUT/logs/$tag.rss stop=$OUT/logs/$tag.stop
  mkdir -p "$OUT/logs"
  rm -f "$tf" "$rssf" "$stop"
  local sampler=
  if [ -n "$cg" ]; then rss_sampler "$cg" "$stop" "$rssf" & sampler=$!; fi
  set +e
  bash -c '[ -n "$1" ] && echo $$ >"$1/cgroup.procs"; shift; exec /usr/bin/time -f "%e %U %S %M" -o "$@"' \
    _ "$cg" "$tf" "$@" >"$OUT/logs/$tag.out" 2>"$OUT/logs/$tag.err" </dev/null
  rc=$?
  set -e
  local cpu=NA
  [ -n "$cg" ] && cpu=$(cg_cpu "$cg")
  if [ -n "$sampler" ]; then touch "$stop"; wait "$sampler" 2>/dev/null || true; fi
  [ -n "$cg" ] && cg_kill "$cg"   # what the tool left running (ControlPersist masters)
  local ok
  ok=$(hosts_ok "$n")
  read -r wall user sys maxrss < <(tail -n 1 "$tf")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$n" "$run" "$rc" "$wall" \
    "$user" "$sys" "$maxrss" "$cpu" "$(cat "$rssf" 2>/dev/null || echo NA)" "$ok" "$load" >>"$RESULTS"
  log "$tool N=$n run $run: exit $rc, wall ${wall}s, cpu ${cpu}s, max rss ${maxrss} KB, $ok/$n hosts changed"
  LAST_RC=$rc LAST_OK=$ok
}

with_connections() {  # plan.yml: sets strategy.connections when --connections says so
  [ -n "$CONNECTIONS" ] && sed -i "s/^  rollbackScope: .*/&\n  connections: $CONNECTIONS/" "$1"
  return 0
}

# ---- a real soak: the controller's CPU and RSS over time ----------------------------------------
soak() {  # n seconds: Rollout changes n hosts, soaks them; samples its JVM every 30 s
  local n=$1 secs=$2 d=$OUT/runs/n$1 cg log pid started t0 c0 now c rss hz
  "$PY" "$BENCH/fleetgen.py" run "$OUT" "$n" "$PORT" "$BENCH" "$RUSER"
  "$PY" "$BENCH/fleetgen.py" reset "$OUT" "$n"
  own_fleet
  with_connections "$d/plan.yml"
  sed -e "s/^  waves: .*/  waves: [100%]/" -e "s/^  waveSoak: .*/  waveSoak: ${secs}s/" \
    -e "s/^  interval: .*/  interval: 30s/" "$d/plan.yml" >"$d/soak-plan.yml"
  cg=$(cg_make soak)
  [ -n "$cg" ] && CGROUPS+=("$cg")
  mkdir -p "$OUT/logs"
  log=$OUT/logs/$NAME-soak-n$n.err
  bash -c '[ -n "$1" ] && echo $$ >"$1/cgroup.procs"; shift; exec "$@"' _ "$cg" "$ROOT/rollout" \
    apply "$d/soak-plan.yml" -i "$d/inventory.yml" --yes >"$OUT/logs/$NAME-soak-n$n.out" 2>"$log" </dev/null &
  local runner=$!
  for _ in $(seq 1 1200); do
    grep -q "wave 1: soak of" "$log" 2>/dev/null && break
    kill -0 "$runner" 2>/dev/null || die "the soak's run ended early: $(tail -n 5 "$log")"
    sleep 0.5
  done
  pid=$(pgrep -P "$runner" java || echo "$runner")
  [ "$(cat /proc/"$pid"/comm)" = java ] || pid=$(pgrep -f "rollout.jar apply $d/soak-plan.yml" | head -n 1)
  hz=$(getconf CLK_TCK)
  local res=$OUT/$NAME-soak.tsv
  printf 't_s\trss_kb\tcpu_s\tthreads\n' >"$res"
  log "all $n hosts in soak; sampling pid $pid every 30 s for ${secs} s"
  started=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    now=$(( $(date +%s) - started ))
    c=$(awk -v hz="$hz" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat" 2>/dev/null) || break
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
    printf '%s\t%s\t%s\t%s\n' "$now" "$rss" "$c" "$(ls "/proc/$pid/task" | wc -l)" >>"$res"
    [ "$now" -ge "$secs" ] && break
    sleep 30
  done
  wait "$runner" || true
  [ -n "$cg" ] && cg_kill "$cg"
  "$PY" - "$res" "$secs" <<'PYEOF'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n")[1:] if l]
t = [float(r[0]) for r in rows]; rss = [int(r[1]) for r in rows]; cpu = [float(r[2]) for r in rows]
late = [i for i in range(len(t)) if t[i] >= 300]
print("soak: %d samples; CPU over the soak %.2f %% of a core; RSS first %d MiB, at 5 min %s MiB, last %d MiB, max after 5 min %s MiB"
      % (len(t), 100 * (cpu[-1] - cpu[0]) / max(1, t[-1] - t[0]), rss[0] // 1024,
         rss[late[0]] // 1024 if late else "-", rss[-1] // 1024,
         max(rss[i] for i in late) // 1024 if late else "-"))
PYEOF
}
if [ "$SOAK" -gt 0 ]; then
  soak "$MAXN" "$SOAK"
  exit 0
fi

# ---- the runs ---------------------------------------------------------------------------------
FAILED=0
for n in "${SIZE_LIST[@]}"; do
  "$PY" "$BENCH/fleetgen.py" run "$OUT" "$n" "$PORT" "$BENCH" "$RUSER"
  d=$OUT/runs/n$n
  with_connections "$d/plan.yml"
  for run in $(seq 1 "$REPEAT"); do
    if [ "$DO_ROLLOUT" = 1 ]; then
      measure rollout "$n" "$run" "$ROOT/rollout" apply "$d/plan.yml" -i "$d/inventory.yml" --yes
      if [ "$LAST_RC" != 0 ] || [ "$LAST_OK" != "$n" ]; then
        FAILED=1
        log "Rollout's run failed; its output:"; tail -n 30 "$OUT/logs/$NAME-rollout-n$n-r$run.err" >&2
        tail -n 10 "$OUT/logs/$NAME-rollout-n$n-r$run.out" >&2
      fi
    fi
    if [ "$DO_ANSIBLE" = 1 ] && [ "$n" -le "$ANSIBLE_MAX" ] && { [ "$n" -lt 100 ] || [ "$run" -le "$ANSIBLE_REPEAT_LARGE" ]; }; then
      measure ansible "$n" "$run" env ANSIBLE_CONFIG="$d/ansible/ansible.cfg" \
        ansible-playbook "$d/ansible/playbook.yml"
    fi
    if [ "$DO_FLOOR" = 1 ]; then
      measure floor "$n" "$run" "$BENCH/floor.sh" "$d/floor-hosts.txt" "$OUT/known_hosts" \
        "$OUT/keys/id_ed25519" "$PORT" "$RUSER"
    fi
  done
done

# ---- `rollout plan` on a big inventory ----------------------------------------------------------
PLANRES=$OUT/$NAME-plan.tsv
if [ "$DO_PLAN" = 1 ]; then
  log "rollout plan on a generated $PLAN_HOSTS-host inventory"
  "$PY" "$BENCH/fleetgen.py" big "$OUT" "$PLAN_HOSTS"
  printf 'what\trun\trc\twall_s\tuser_s\tsys_s\tmaxrss_kb\n' >"$PLANRES"
  for run in $(seq 1 "$REPEAT"); do
    set +e
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/logs/$NAME-plan-$run.time" "$ROOT/rollout" plan \
      "$OUT/big/plan.yml" -i "$OUT/big/inventory.yml" >"$OUT/logs/$NAME-plan-$run.out" 2>"$OUT/logs/$NAME-plan-$run.err"
    rc=$?
    set -e
    read -r wall user sys maxrss < <(tail -n 1 "$OUT/logs/$NAME-plan-$run.time")
    printf 'plan-%d\t%s\t%s\t%s\t%s\t%s\t%s\n' "$PLAN_HOSTS" "$run" "$rc" "$wall" "$user" "$sys" \
      "$maxrss" >>"$PLANRES"
    log "rollout plan $PLAN_HOSTS hosts run $run: exit $rc, wall ${wall}s, max rss ${maxrss} KB"
  done
fi

# ---- replay of a long run's journal ------------------------------------------------------------
REPLAYRES=$OUT/$NAME-replay.tsv
if [ "$DO_PLAN" = 1 ]; then
  log "replay of a 1,000-host run with a 72 h soak and a 72 h watch (30 s probes)"
  rm -rf "$OUT/replay" && "$PY" "$BENCH/journalgen.py" "$OUT/replay" 1000 >"$OUT/logs/replay-gen.txt"
  printf 'run\trc\twall_s\tmaxrss_kb\tevents\treplay_ms\n' >"$REPLAYRES"
  for run in $(seq 1 "$REPEAT"); do
    set +e
    /usr/bin/time -f "%e %M" -o "$OUT/logs/replay-$run.time" "$ROOT/rollout" status \
      20261101-000000000-beef --state "$OUT/replay" --verbose >/dev/null 2>"$OUT/logs/replay-$run.err"
    rc=$?
    set -e
    read -r wall maxrss < <(tail -n 1 "$OUT/logs/replay-$run.time")
    read -r events ms < <(sed -n 's/.*replayed \([0-9]*\) events in \([0-9]*\) ms.*/\1 \2/p' \
      "$OUT/logs/replay-$run.err")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$rc" "$wall" "$maxrss" "$events" "$ms" >>"$REPLAYRES"
    log "replay run $run: exit $rc, $events events replayed in ${ms} ms, status wall ${wall}s"
  done
fi

# ---- the table --------------------------------------------------------------------------------
REPORT=$OUT/$NAME.md
"$PY" "$BENCH/report.py" "$RESULTS" "$( [ "$DO_PLAN" = 1 ] && echo "$PLANRES" )" \
  "$( [ "$DO_PLAN" = 1 ] && echo "$REPLAYRES" )" >"$REPORT"
cat "$REPORT"
if [ "$FAILED" != 0 ]; then
  log "FAILED: Rollout's run did not complete on every host (see $OUT/logs)"
  exit 1
fi
log "done; results in $REPORT"
