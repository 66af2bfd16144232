#!/usr/bin/env bash
# The "no flaky test under load" check: runs test classes ROUNDS times in a row while another
# process keeps one core busy (`yes > /dev/null`, stopped by pid at the end), with no retry of
# failed tests; stops at the first failing round and keeps its reports.
#
#   bench/load-run.sh ROUNDS UNIT_TESTS [IT_TESTS]
#   bench/load-run.sh 20 'dev.rollout.engine.*Test,dev.rollout.transport.**.*Test'
#   bench/load-run.sh 3 NONE CrashResumeIT
#   bench/load-run.sh 3 VERIFY        # the whole `mvn -B verify`, as .ci/run runs it
#
# Needs a built tree (mvn -B -DskipTests package) and the Maven cache filled (runs offline).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:?rounds}
unit=${2:?unit test pattern, or NONE}
its=${3:-}
log=${LOAD_RUN_LOG:-target/load-run}
mkdir -p "$log"

yes > /dev/null &
busy=$!
trap 'kill "$busy" 2>/dev/null || true' EXIT

for i in $(seq 1 "$rounds"); do
  start=$(date +%s)
  if [ "$unit" = VERIFY ]; then
    cmd=(mvn -B -o verify)
  else
    goals=(surefire:test)
    [ -n "$its" ] && goals+=(failsafe:integration-test failsafe:verify)
    cmd=(mvn -q -B -o "${goals[@]}" -Dtest="$unit" -Dsurefire.failIfNoSpecifiedTests=false
      ${its:+-Dit.test="$its"} -Dfailsafe.failIfNoSpecifiedTests=false)
  fi
  if ! "${cmd[@]}" > "$log/round-$i.log" 2>&1; then
    echo "load-run: round $i of $rounds FAILED after $(( $(date +%s) - start )) s; see $log/round-$i.log"
    exit 1
  fi
  echo "load-run: round $i of $rounds passed in $(( $(date +%s) - start )) s"
done
echo "load-run: all $rounds rounds passed (unit: $unit; IT: ${its:-none}), one core kept busy"
