#!/usr/bin/env python3
"""Where a process's CPU goes, by thread name: samples /proc/PID/task/*/schedstat (the
scheduler's exact run time of each thread; the tick counts in .../stat miss threads that run in
bursts shorter than a tick, such as sshj's readers) every INTERVAL seconds for SECONDS seconds and
prints, per thread name (trailing digits, dashes and addresses dropped), the CPU seconds its
threads used in that time. A thread born in the window counts from
zero; one that ended loses what it used after its last sample, so sample often (default 1 s).

  bench/thread_cpu.py PID SECONDS [INTERVAL]
"""
import os
import re
import sys
import time

pid, seconds = int(sys.argv[1]), float(sys.argv[2])
interval = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
NANOS = 1e9


def sample():
    seen = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                ran = int(f.read().split()[0])
        except OSError:
            continue
        seen[tid] = (re.sub(r"[-0-9/:.]*$", "", name), ran)
    return seen


first = sample()
last = dict(first)
end = time.time() + seconds
while time.time() < end:
    time.sleep(interval)
    try:
        last.update(sample())
    except FileNotFoundError:
        break
by_name = {}
for tid, (name, ran) in last.items():
    used = ran - (first[tid][1] if tid in first else 0)
    by_name[name] = by_name.get(name, 0) + used
total = sum(by_name.values())
for name, used in sorted(by_name.items(), key=lambda kv: -kv[1]):
    if used >= NANOS / 100:
        print(f"{used / NANOS:8.2f} s  {100 * used / NANOS / seconds:6.2f} %  {name}")
print(f"{total / NANOS:8.2f} s  {100 * total / NANOS / seconds:6.2f} %  (all threads)")
