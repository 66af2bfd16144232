#!/usr/bin/env bash
# The floor (issue #8): the same change with nothing but OpenSSH's client and curl. One plain
# `ssh` per host runs back-up + write + verify (+ rollback on failure) as one remote command, then
# curl checks the host's health endpoint from the controller; `xargs -P 10` per batch, in
# Rollout's batches: 1, ceil(10%), ceil(50%), the rest. Stops at the first failed batch.
#   floor.sh HOSTS_FILE KNOWN_HOSTS IDENTITY PORT USER     (HOSTS_FILE lines: name address root)
set -euo pipefail
hosts_file=$1 known=$2 identity=$3 port=$4 user=$5
mapfile -t lines <"$hosts_file"
n=${#lines[@]}
pct() { echo $(( ($1 * n + 99) / 100 )); }  # ceil(n * p / 100), as Rollout's WaveSize
sizes=(1 "$(pct 10)" "$(pct 50)" "$n")

one() {  # name address root
  local addr=$2 root=$3 f="$3/etc/app.conf"
  ssh -n -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$known" \
      -o IdentitiesOnly=yes -i "$identity" -p "$port" -l "$user" "$addr" \
      "cp -a $f $f.rollout-bak && echo mode=new > $f && grep -qx mode=new $f || { cp -a $f.rollout-bak $f; exit 1; }" \
    && curl -fsS -o /dev/null --max-time 5 "http://$addr:${ROLLOUT_BENCH_HPORT:-8080}/health"
}
export -f one
export known identity port user

done_hosts=0
for size in "${sizes[@]}"; do
  (( done_hosts >= n )) && break
  take=$(( size < n - done_hosts ? size : n - done_hosts ))
  printf '%s\n' "${lines[@]:done_hosts:take}" \
    | xargs -P 10 -L 1 bash -c 'one "$@"' one \
    || { echo "floor: batch of $take failed after $done_hosts host(s)" >&2; exit 1; }
  done_hosts=$(( done_hosts + take ))
done
echo "floor: $done_hosts host(s) changed"
