#!/usr/bin/env bash
# Bench of metric probes (issue 16): N hosts with one prometheus probe each, scheduled by the real
# HealthMonitor as `rollout apply` does (4 probe threads, one HTTP query per host per interval),
# against Debian's real Prometheus on loopback, which scrapes one exporter holding N series.
# Measures per probe round: queries, controller CPU, Prometheus CPU, the round's wall time.
#
#   bench/metric-probes.sh                  N = 100 and 1000, interval 10s, 3 measured rounds,
#                                           one query per host (per-host) and one per round (batch)
#   bench/metric-probes.sh --sizes 100 --rounds 1 --interval 5
#   bench/metric-probes.sh --addr 127.0.150.100   # another loopback address (default 127.0.154.100)
#   BENCH_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/m.jfr' bench/metric-probes.sh ...
#
# CPU per round does not depend on the interval (the probes are idle in between); the % of one
# core at the issue's 30s interval is CPU per round / 30 s. Prometheus and the exporter are
# stopped by pid on exit; their directory is removed. Results: bench/out/metric-probes.tsv.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
SIZES=100,1000
ROUNDS=3
INTERVAL=10
ADDR=127.0.154.100
MODES="per-host batch batch-staggered"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --addr) ADDR=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v prometheus >/dev/null || { echo "needs Debian's prometheus package" >&2; exit 2; }
# The shaded jar holds the probe classes and their dependencies; built when missing.
[ -f "$ROOT/target/rollout.jar" ] || (cd "$ROOT" && mvn -q -B -Dmaven.test.skip=true package)
CP="$ROOT/target/rollout.jar"
mkdir -p "$BENCH/out"
OUT=$BENCH/out/metric-probes.tsv
printf 'mode\tn\tchecks\tcontroller_cpu_ms\tcpu_ms_per_check\tprometheus_cpu_ms\tcontroller_pct_core_at_30s\thttp_queries\n' > "$OUT"

for N in ${SIZES//,/ }; do
  WORK=$(mktemp -d)
  PIDS=()
  cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
  trap cleanup EXIT
  python3 "$BENCH/metrics_exporter.py" "$ADDR" 19150 "$N" & PIDS+=($!)
  cat > "$WORK/prometheus.yml" <<YML
global: {scrape_interval: 5s}
scrape_configs:
  - job_name: bench
    static_configs: [{targets: ["$ADDR:19150"]}]
YML
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
    --web.listen-address="$ADDR:19151" --log.level=warn > "$WORK/prometheus.log" 2>&1 & PIDS+=($!)
  PROM_PID=${PIDS[1]}
  for _ in $(seq 100); do
    curl -sf "http://$ADDR:19151/api/v1/query?query=count(restarts)" | grep -q "\"$N\"" && break
    sleep 0.2
  done
  for MODE in $MODES; do
    java ${BENCH_JAVA_OPTS:-} -cp "$CP" "$BENCH/MetricProbeBench.java" "http://$ADDR:19151" "$PROM_PID" "$N" \
      "$INTERVAL" "$ROUNDS" "$MODE" | sed "s/^/$MODE\t/" | tee -a "$OUT"
  done
  cleanup
  trap - EXIT
done
echo "results: $OUT"
