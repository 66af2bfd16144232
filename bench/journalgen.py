#!/usr/bin/env python3
"""Writes the journal of a finished 1,000-host run with a 72-hour canary soak and a 72-hour watch,
probed every 30 s (totals journaled every 5 minutes), in Rollout's own format, into a state
directory: STATE/runs/<id>/{journal.jsonl,plan.yml,inventory.yml,files}.

Each probe's runs of equal results are journaled as ProbeResultChanged (each host's first check of
its two probes); with --flappy N, N hosts whose "site" probe fails two checks every 30 minutes of
the watch; with --metric, the canary's metric probe every 30 s of its soak (MetricMeasured). With
--old, the journal is as Rollout wrote it before ProbeResultChanged: health changes only. Lines are
chained as Rollout writes them (each carries "prev", the SHA-256 of the line before); with
--unchained (and with --old) they are not, as journals were written before the chain.

usage: journalgen.py STATE_DIR [HOSTS] [--old] [--flappy N] [--metric] [--unchained]"""
import hashlib, json, os, sys
from datetime import datetime, timedelta, timezone

args = [a for a in sys.argv[1:]]
old = "--old" in args
metric = "--metric" in args
chained = not old and "--unchained" not in args
flappy = 0
if "--flappy" in args:
    flappy = int(args[args.index("--flappy") + 1])
    del args[args.index("--flappy"):args.index("--flappy") + 2]
args = [a for a in args if a not in ("--old", "--metric", "--unchained")]
state, n = args[0], int(args[1]) if len(args) > 1 else 1000
run_id = "20261101-000000000-beef"
hosts = ["h%04d" % i for i in range(1, n + 1)]
t = datetime(2026, 11, 1, tzinfo=timezone.utc)
lines = []

def at():
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

def ev(kind, **fields):
    lines.append(json.dumps(dict(type=kind, at=at(), **fields), separators=(",", ":")))

def tick(seconds):
    global t
    t += timedelta(seconds=seconds)

def result(h, probe, now, prev, checks, reason):
    if not old:
        ev("ProbeResultChanged", host=h, probe=probe, result=now, previous=prev,
           previousChecks=checks, reason=reason, value=None)

def soak(stage, hours, monitored):
    ev("SoakStarted", stage=stage, duration="PT%dH" % hours,
       until=(t + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    for step in range(hours * 12):  # every 5 minutes
        if stage == "canary" and metric:
            for k in range(10):
                v = 0.0 if (step * 10 + k) % 97 else 2.0
                ev("MetricMeasured", host=hosts[0], probe="restarts", query="sum(restarts)",
                   value=v, sampleAt=at(), condition="< 1",
                   verdict="passed" if v < 1 else "failed", reason="restarts %g < 1" % v)
        if stage == "watch" and step % 6 == 3:  # flappy hosts: 2 failed checks every 30 min
            for h in hosts[1:1 + flappy]:
                result(h, "site", "unhealthy", "healthy", 60 if step > 3 else 15,
                       "HTTP 503 from http://%s/health" % h)
                tick(60)
                result(h, "site", "healthy", "unhealthy", 2, "HTTP 200")
                tick(-60)
        tick(300)
        ev("HealthCounted", checks=monitored * 10 * 2, failures=0, hostsMonitored=monitored)
    ev("SoakPassed", stage=stage)
    ev("StageCompleted", stage=stage)

def change(h):
    ev("HostStateChanged", host=h, **{"from": "PENDING"}, to="CHANGING", reason="")
    for i, name in enumerate(["back up", "change", "restart"], 1):
        ev("StepStarted", host=h, phase="change", number=i, name=name, path="ssh")
        tick(0.2)
        ev("StepFinished", host=h, phase="change", number=i, name=name, exitCode=0,
           timedOut=False, duration="PT0.2S", stdout="", stderr="", error=None)
    ev("HostStateChanged", host=h, **{"from": "CHANGING"}, to="VERIFYING", reason="")
    ev("StepStarted", host=h, phase="verify", number=1, name="verify", path="ssh")
    ev("StepFinished", host=h, phase="verify", number=1, name="verify", exitCode=0,
       timedOut=False, duration="PT0.1S", stdout="", stderr="", error=None)
    ev("HostStateChanged", host=h, **{"from": "VERIFYING"}, to="CHANGED", reason="verified")
    result(h, "site", "healthy", "", 0, "HTTP 200")
    result(h, "ssh works", "healthy", "", 0, "exit 0")

ev("RunStarted", runId=run_id, plan="replay", targets=hosts, allowedFailures=0,
   gateAfterCanary=False)
for h in hosts:
    ev("PreflightChecked", host=h, passed=True, reason="")
ev("PreflightPassed", targets=n)
stages = [("canary", hosts[:1], 72), ("wave 1", hosts[1:101], 0), ("wave 2", hosts[101:501], 0),
          ("wave 3", hosts[501:], 0)]
done = 0
for stage, members, hours in stages:
    ev("StageStarted", stage=stage, hosts=members)
    for h in members:
        change(h)
    done += len(members)
    if hours:
        soak(stage, hours, done)
    else:
        ev("StageCompleted", stage=stage)
ev("HealthChanged", host="h0042", probe="site", healthy=False, reason="HTTP 503")
ev("HealthChanged", host="h0042", probe="site", healthy=True, reason="")
soak("watch", 72, n)
ev("RunEnded", outcome="COMPLETED", summary="%d host(s) changed and healthy" % n)

if chained:
    prev = hashlib.sha256(b"").hexdigest()
    for i, line in enumerate(lines):
        kind = line.index('",', len('{"type":"')) + 2
        lines[i] = line = line[:kind] + '"prev":"%s",' % prev + line[kind:]
        prev = hashlib.sha256(line.encode()).hexdigest()

d = os.path.join(state, "runs", run_id)
os.makedirs(d, exist_ok=True)
with open(os.path.join(d, "journal.jsonl"), "w") as f:
    f.write("\n".join(lines) + "\n")
for name, text in [("plan.yml", "name: replay\ntargets: all\nstrategy: {canary: 1, soak: 72h, waves: [100, 400, 100%], watch: 72h}\n"
                    "change: [\"true\"]\nrollback: [\"true\"]\n"),
                   ("inventory.yml", "hosts:\n" + "".join("  %s: {address: 127.0.0.1}\n" % h for h in hosts)
                    + "groups:\n  all: [" + ", ".join(hosts) + "]\n"),
                   ("files", "plan.yml\ninventory.yml\n")]:
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
print(run_id, len(lines))
