#!/usr/bin/env bash
# The tests' real-systems fleet, by hand (issue 18): hosts with real OpenSSH servers on loopback
# addresses, each with its own dockerd and service container (docker), or nginx (nginx), or a
# "hypervisor" and LXC containers with their own sshd and dockerd (lxc), as the JUnit extensions
# of src/test/java/dev/rollout/realfleet start them. Run as root, with docker.io fuse-overlayfs
# busybox-static lxc nginx openssh-server installed:
#
#   bench/realfleet.sh start [docker|nginx|lxc] [N]   default: docker 3; prints the inventory's path
#   bench/realfleet.sh stop                           stops every host by pid, removes its files
#   bench/realfleet.sh status
#
# Then, for example: ./rollout apply plans/docker-storage-driver.yml -i INVENTORY --yes
# (the plans' soaks are hours: --until canary, or a copy of the plan with shorter ones).
# One fleet at a time; its controller's pid and output are in bench/out/realfleet/.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
STATE=$BENCH/out/realfleet

die() { echo "realfleet: error: $*" >&2; exit 2; }

running() {
  [ -s "$STATE/pid" ] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null
}

start() {
  local kind=${1:-docker} n=${2:-3}
  case "$kind" in docker|nginx|lxc) ;; *) die "the fleet is docker, nginx or lxc, not $kind" ;; esac
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "N is a number from 1 to 99, not $n"
  [ "$(id -u)" = 0 ] || die "needs root (mount namespaces, dockerd, lxc)"
  if running; then die "a fleet is running already (pid $(cat "$STATE/pid")); stop it first"; fi
  mkdir -p "$STATE"
  rm -f "$STATE/inventory.yml" "$STATE/pid"
  # the test classpath as Maven resolves it (FleetClasspath writes it; it runs only when named)
  (cd "$ROOT" && mvn -o -B -q test -Dtest=FleetClasspath -Dsurefire.failIfNoSpecifiedTests=false \
    -Drealfleet.classpath="$STATE/classpath") >&2 || die "the build failed (mvn -o test)"
  [ -s "$STATE/classpath" ] || die "the build wrote no classpath to $STATE/classpath"
  local cp
  cp=$(cat "$STATE/classpath")
  (cd "$ROOT" && exec nohup java -cp "$cp" dev.rollout.realfleet.FleetByHand "$kind" "$n" \
    "$STATE" </dev/null >"$STATE/out.log" 2>&1) &
  echo $! >"$STATE/pid"
  local i=0
  until [ -s "$STATE/inventory.yml" ]; do
    if ! running; then
      echo "realfleet: the fleet did not start:" >&2
      tail -n 20 "$STATE/out.log" >&2
      exit 2
    fi
    i=$((i + 1))
    [ "$i" -le 1800 ] || { stop; die "the fleet did not start in 180 s"; }
    sleep 0.1
  done
  echo "realfleet: $kind fleet of $n up (pid $(cat "$STATE/pid")); stop it with: $0 stop" >&2
  echo "$STATE/inventory.yml"
}

stop() {
  if ! running; then
    echo "realfleet: no fleet is running" >&2
    rm -f "$STATE/pid"
    return 0
  fi
  local pid i=0
  pid=$(cat "$STATE/pid")
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -le 1200 ] || die "pid $pid did not stop in 120 s; its output: $STATE/out.log"
    sleep 0.1
  done
  rm -f "$STATE/pid" "$STATE/inventory.yml"
  echo "realfleet: stopped" >&2
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(cat "$STATE/pid")): $STATE/inventory.yml"; else echo "not running"; exit 3; fi ;;
  *) die "usage: $0 start [docker|nginx|lxc] [N] | stop | status" ;;
esac
