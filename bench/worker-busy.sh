#!/usr/bin/env bash
# A busy `rollout worker` (issue 17): RUNS runs of HOSTS hosts each, queued with apply --detach in
# PostgreSQL and all in soak at once under probes every INTERVAL; measures the worker's CPU (from
# /proc/PID/stat over WINDOW seconds) and peak RSS, then SIGKILLs it, starts a second worker and
# measures how long until every run was adopted (target: lease + 5 s). Where the CPU went, by
# thread name, is in bench/out/worker-busy/thread-cpu.txt (bench/thread_cpu.py). Run as root:
#
#   bench/worker-busy.sh                       10 runs x 100 hosts, probes every 30s, window 180 s
#   bench/worker-busy.sh --runs 2 --hosts 20 --window 60       a quick look
#   options: --probes http|ssh|both (default both) --interval 30s --pg postgresql://postgres@127.0.0.1:5432
#            --net K (hosts on 127.0.K.1 and up; default 170) --port P (sshd, 2270) --health-port P (8090)
#            --connections keep|perStep (the plans' strategy.connections; default: the plan's default)
#            --alive SECONDS (ServerAliveInterval, through an ssh_config; default: Rollout's 15 s)
#
# The hosts are real OpenSSH: one sshd per 16 hosts, each listening on 16 loopback addresses
# (127.0.170.1 and up by default, port 2270; sshd takes at most 16), all with one host key; one bench/healthd.py answers every host's
# http://ADDRESS:8090/health. Every process started here is stopped by pid at the end, and the
# database (rollout_bench_worker_NET) dropped.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
OUT=$BENCH/out/worker-busy
RUNS=10 HOSTS=100 WINDOW=180 INTERVAL=30s PROBES=both
PG=postgresql://postgres@127.0.0.1:5432
PORT=2270 HPORT=8090 NET=170 CONNECTIONS= ALIVE=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --hosts) HOSTS=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --probes) PROBES=$2; shift 2 ;;
    --pg) PG=$2; shift 2 ;;
    --net) NET=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --health-port) HPORT=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --alive) ALIVE=$2; shift 2 ;;
    *) echo "worker-busy: unknown option $1" >&2; exit 2 ;;
  esac
done
TOTAL=$((RUNS * HOSTS))
DB=rollout_bench_worker_$NET
STATE="$PG/$DB"
PGHOST=$(echo "$PG" | sed -E 's#postgresql://([^@]*@)?([^:/]*).*#\2#')
PGUSER=$(echo "$PG" | sed -E 's#postgresql://([^@]*)@.*#\1#')
psqlq() { psql -X -q -t -A -h "$PGHOST" -U "$PGUSER" "$@"; }
log() { echo "worker-busy: $(date +%H:%M:%S) $*" >&2; }

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  psqlq -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -f "$ROOT/target/rollout.jar" ] || (cd "$ROOT" && mvn -q -B -o -Dmaven.test.skip=true package)
rm -rf "$OUT" && mkdir -p "$OUT/keys" "$OUT/fleet" "$OUT/runs"
ssh-keygen -q -t ed25519 -N "" -f "$OUT/keys/id_ed25519" -C bench-client
ssh-keygen -q -t ed25519 -N "" -f "$OUT/keys/host_key" -C bench-host
cp "$OUT/keys/id_ed25519.pub" "$OUT/keys/authorized_keys"
hostkey=$(cut -d' ' -f1,2 "$OUT/keys/host_key.pub")

address() { echo "127.0.$((NET + ($1 - 1) / 250)).$((($1 - 1) % 250 + 1))"; }
: > "$OUT/hosts.txt"; : > "$OUT/known_hosts"
for i in $(seq 1 "$TOTAL"); do
  a=$(address "$i"); n=h$i
  echo "$n $a" >> "$OUT/hosts.txt"
  echo "[$a]:$PORT $hostkey" >> "$OUT/known_hosts"
  mkdir -p "$OUT/fleet/$n"; echo ok > "$OUT/fleet/$n/health"; echo v1 > "$OUT/fleet/$n/app.conf"
done
# sshd listens on at most 16 addresses (MAX_LISTEN_SOCKS)
per=16
servers=$(( (TOTAL + per - 1) / per ))
for s in $(seq 0 $((servers - 1))); do
  conf=$OUT/sshd-$s.conf
  {
    for i in $(seq $((s * per + 1)) $(( (s + 1) * per < TOTAL ? (s + 1) * per : TOTAL ))); do
      echo "ListenAddress $(address "$i"):$PORT"
    done
    cat <<EOF
HostKey $OUT/keys/host_key
PidFile $OUT/sshd-$s.pid
AuthorizedKeysFile $OUT/keys/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
SetEnv SHLVL=1
StrictModes no
MaxStartups 1000:30:2000
MaxSessions 100
UseDNS no
PrintMotd no
LogLevel ERROR
EOF
  } > "$conf"
  mkdir -p /run/sshd
  /usr/sbin/sshd -D -f "$conf" -E "$OUT/sshd-$s.log" &
  pids+=($!)
done
sleep 1
for p in "${pids[@]}"; do
  kill -0 "$p" 2>/dev/null || { echo "worker-busy: an sshd did not start: $(cat "$OUT"/sshd-*.log)" >&2; exit 1; }
done
python3 "$BENCH/healthd.py" "$OUT/fleet" "$OUT/hosts.txt" "$HPORT" > "$OUT/healthd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q serving "$OUT/healthd.log" 2>/dev/null && break; sleep 0.2; done

probes=""
case $PROBES in
  http|both) probes+="
    - name: health endpoint
      http: \"http://\${host.address}:$HPORT/health\"" ;;&
  ssh|both) probes+="
    - name: shell answers
      ssh: \"true\"" ;;
esac
[ -n "$ALIVE" ] && printf 'Host *\n  ServerAliveInterval %s\n' "$ALIVE" > "$OUT/ssh_config"
for r in $(seq 1 "$RUNS"); do
  d=$OUT/runs/r$r; mkdir -p "$d"
  {
    # 1,000 first connections at once on a busy 2-core machine: more than the default 10 s
    echo "defaults: { user: root, port: $PORT, identity: $OUT/keys/id_ed25519, knownHosts: $OUT/known_hosts, connectTimeout: 60s${ALIVE:+, sshConfig: $OUT/ssh_config} }"
    echo "hosts:"
    for i in $(seq $(( (r - 1) * HOSTS + 1 )) $((r * HOSTS))); do
      echo "  h$i: { address: $(address "$i"), vars: { root: $OUT/fleet/h$i } }"
    done
    echo "groups:"
    echo "  fleet: [$(seq -s ', ' -f 'h%g' $(( (r - 1) * HOSTS + 1 )) $((r * HOSTS)))]"
  } > "$d/inventory.yml"
  cat > "$d/plan.yml" <<EOF
name: busy-$r
targets: fleet
strategy: {canary: 1, soak: 1s, waves: [100%], waveSoak: 2h, maxParallel: 20${CONNECTIONS:+, connections: $CONNECTIONS}}
change:
  - name: write v2
    run: echo v2 > \${vars.root}/app.conf
verify:
  - run: grep -qx v2 \${vars.root}/app.conf
rollback:
  - run: echo v1 > \${vars.root}/app.conf
health:
  interval: $INTERVAL
  unhealthyAfter: 3
  probes:$probes
EOF
done

psqlq -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
psqlq -d postgres -c "CREATE DATABASE $DB" >/dev/null
cd "$ROOT"
for r in $(seq 1 "$RUNS"); do
  ./rollout apply "$OUT/runs/r$r/plan.yml" -i "$OUT/runs/r$r/inventory.yml" --yes --detach \
    --state "$STATE" >> "$OUT/queued.txt"
done
log "queued $RUNS runs of $HOSTS hosts ($TOTAL hosts, $servers sshd, probes: $PROBES every $INTERVAL)"

./rollout worker --state "$STATE" --max-runs "$RUNS" > "$OUT/worker-1.log" 2>&1 &
w1=$!; pids+=($w1)
started=$(date +%s)
# in soak on every host: each run journaled its second SoakStarted (the wave's)
until [ "$(psqlq -d "$DB" -c "SELECT count(*) FROM (SELECT run_id FROM rollout_events WHERE type = 'SoakStarted' GROUP BY run_id HAVING count(*) >= 2) s")" -ge "$RUNS" ]; do
  kill -0 "$w1" 2>/dev/null || { log "the worker died; see $OUT/worker-1.log"; exit 1; }
  [ $(( $(date +%s) - started )) -gt 900 ] && { log "not all in soak after 900 s"; exit 1; }
  sleep 2
done
log "every run in soak after $(( $(date +%s) - started )) s; 30 s warm-up, then a $WINDOW s window"
sleep 30
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# where the CPU goes, by thread name, sampled every second over the window
python3 "$BENCH/thread_cpu.py" "$w1" "$WINDOW" > "$OUT/thread-cpu.txt" 2>&1 &
sampler=$!
c0=$(cpu "$w1"); t0=$(date +%s.%N); peak=0; samples=""
end=$(( $(date +%s) + WINDOW ))
while [ "$(date +%s)" -lt "$end" ]; do
  r=$(rss "$w1"); [ "$r" -gt "$peak" ] && peak=$r; samples+="$r "
  sleep 10
done
c1=$(cpu "$w1"); t1=$(date +%s.%N)
wait "$sampler" || true
threads=$(ls "/proc/$w1/task" | wc -l)
# what holds the memory: the largest classes on the heap, the JVM's own accounting when
# ROLLOUT_JAVA_OPTS has -XX:NativeMemoryTracking=summary, and the threads by name
jmap -histo:live "$w1" 2>/dev/null | head -n 14 > "$OUT/histo.txt" || true
jcmd "$w1" VM.native_memory summary > "$OUT/nmt.txt" 2>/dev/null || true
for t in /proc/"$w1"/task/*; do cat "$t/comm" 2>/dev/null || true; done | sed 's/[-0-9]*$//' | sort | uniq -c \
  | sort -rn > "$OUT/threads.txt"
log "heap histogram, NMT and thread names in $OUT/{histo,nmt,threads}.txt; threads: $(head -n 4 "$OUT/threads.txt" | tr -s ' \n' ' ')"
pct=$(awk -v c="$((c1 - c0))" -v k="$ticks" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", 100 * c / k / (b - a)}')
log "worker CPU: $pct % of one core over $WINDOW s; peak RSS $((peak / 1024)) MiB; $threads threads"
log "RSS samples (KiB, every 10 s): $samples"
log "CPU by thread over the window (seconds; all in $OUT/thread-cpu.txt): $(head -n 6 "$OUT/thread-cpu.txt" | tr -s ' \n' ' ')"

# takeover: SIGKILL the worker, start another, time until every run was adopted
adopted() { psqlq -d "$DB" -c "SELECT count(DISTINCT run_id) FROM rollout_events WHERE type = 'RunAdopted'"; }
kill -9 "$w1"; killed=$(date +%s.%N)
./rollout worker --state "$STATE" --max-runs "$RUNS" > "$OUT/worker-2.log" 2>&1 &
w2=$!; pids+=($w2)
first=""
until [ "$(adopted)" -ge "$RUNS" ]; do
  [ -z "$first" ] && [ "$(adopted)" -ge 1 ] && first=$(date +%s.%N)
  sleep 0.5
done
last=$(date +%s.%N)
[ -z "$first" ] && first=$last
lease=$(./rollout worker --help 2>/dev/null | grep -o 'lease [0-9]*s' | head -n 1 || true)
log "takeover after SIGKILL: first run adopted in $(awk -v a="$killed" -v b="$first" 'BEGIN {printf "%.1f", b - a}') s, all $RUNS in $(awk -v a="$killed" -v b="$last" 'BEGIN {printf "%.1f", b - a}') s (lease 30 s unless ROLLOUT_LOCK_LEASE says otherwise)"
kill -TERM "$w2"
for _ in $(seq 300); do kill -0 "$w2" 2>/dev/null || break; sleep 0.2; done
log "done; logs in $OUT"
