#!/usr/bin/env python3
"""Turns bench/out/results.tsv (and plan-bench.tsv) into the Markdown table with ratios.

  report.py RESULTS_TSV [PLAN_TSV]
Medians over the runs of each tool and size. CPU is the cgroup's CPU time of the controller's
whole process tree (every process the tool started, daemons such as ControlPersist masters
included); when cgroups are not usable, GNU time's user+sys of the waited-for tree.
"""
import csv
import os
import platform
import statistics
import subprocess
import sys


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=20).stdout.strip() or subprocess.run(
            cmd, shell=True, capture_output=True, text=True, timeout=20).stderr.strip()
    except Exception as e:  # noqa
        return "?"


def machine():
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem = sh("awk '/MemTotal/{printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    java = sh("java -version 2>&1 | head -n 2 | tail -n 1")
    ssh = sh("ssh -V 2>&1")
    ans = sh("ansible --version 2>/dev/null | head -n 1") or "not installed"
    return [
        ("nproc", sh("nproc")), ("memory", mem), ("kernel", platform.release()),
        ("CPU", cpu), ("OS", sh(". /etc/os-release && echo $PRETTY_NAME")),
        ("Java", java), ("OpenSSH", ssh), ("Ansible", ans),
        ("Python", sh("/usr/bin/python3 --version")),
    ]


def f(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, unit="", nd=2):
    return "—" if x is None else ("%.*f%s" % (nd, x, unit))


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def main():
    rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
    groups = {}
    for r in rows:
        cpu = f(r["cg_cpu_s"])
        if cpu is None:
            cpu = (f(r["user_s"]) or 0) + (f(r["sys_s"]) or 0)
        g = groups.setdefault((r["tool"], int(r["n"])), {"wall": [], "cpu": [], "rss": [],
                                                          "tree": [], "runs": 0, "fail": 0})
        g["runs"] += 1
        if r["rc"] != "0" or r["hosts_ok"] != r["n"]:
            g["fail"] += 1
        g["wall"].append(f(r["wall_s"]))
        g["cpu"].append(cpu)
        g["rss"].append((f(r["maxrss_kb"]) or 0) / 1024)
        tree = f(r["tree_rss_kb"])
        g["tree"].append(tree / 1024 if tree is not None else None)
    m = {k: {x: med(v[x]) for x in ("wall", "cpu", "rss", "tree")} | {"runs": v["runs"],
                                                                     "fail": v["fail"]}
         for k, v in groups.items()}
    sizes = sorted({n for (_, n) in m})
    print("## Machine\n")
    print("| | |\n|---|---|")
    for k, v in machine():
        print("| %s | %s |" % (k, v))
    print("\n## Fleet runs (medians)\n")
    print("wall = elapsed; CPU = user+sys of the controller's whole process tree (cgroup); "
          "max RSS = largest single process (GNU time %M); tree RSS = peak of the summed RSS of "
          "the tree's processes, sampled every 0.2 s (shared pages counted once per process).\n")
    print("| N | tool | runs (failed) | wall s | CPU s | max RSS MB | tree RSS MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n in sizes:
        for tool in ("rollout", "ansible", "floor"):
            if (tool, n) in m:
                v = m[(tool, n)]
                print("| %d | %s | %d (%d) | %s | %s | %s | %s |" % (
                    n, tool, v["runs"], v["fail"], fmt(v["wall"]), fmt(v["cpu"]),
                    fmt(v["rss"], nd=0), fmt(v["tree"], nd=0)))
    print("\n## Ratios (of medians)\n")
    print("| N | wall Rollout/floor | wall Ansible/Rollout | CPU Rollout/floor | "
          "CPU Ansible/Rollout | Rollout max RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        r, a, fl = m.get(("rollout", n)), m.get(("ansible", n)), m.get(("floor", n))
        g = lambda d, k: d[k] if d else None  # noqa
        print("| %d | %s | %s | %s | %s | %s |" % (
            n, fmt(ratio(g(r, "wall"), g(fl, "wall"))), fmt(ratio(g(a, "wall"), g(r, "wall"))),
            fmt(ratio(g(r, "cpu"), g(fl, "cpu"))), fmt(ratio(g(a, "cpu"), g(r, "cpu"))),
            fmt(g(r, "rss"), nd=0)))
    if len(sys.argv) > 2 and sys.argv[2] and os.path.exists(sys.argv[2]):
        prow = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))
        if prow:
            print("\n## `rollout plan` on a generated inventory (medians)\n")
            print("| what | runs | wall s | CPU s | max RSS MB |")
            print("|---|---:|---:|---:|---:|")
            print("| %s | %d | %s | %s | %s |" % (
                prow[0]["what"], len(prow), fmt(med([f(p["wall_s"]) for p in prow])),
                fmt(med([(f(p["user_s"]) or 0) + (f(p["sys_s"]) or 0) for p in prow])),
                fmt(med([(f(p["maxrss_kb"]) or 0) / 1024 for p in prow]), nd=0)))
    print("\n## Journal replay\n")
    if len(sys.argv) > 3 and sys.argv[3] and os.path.exists(sys.argv[3]):
        rrow = list(csv.DictReader(open(sys.argv[3]), delimiter="\t"))
        print("1,000 hosts, 72 h canary soak and 72 h watch, 30 s probes (totals every 5 min):\n")
        print("| runs | events | replay (read + decode + fold) ms | `rollout status` wall s |")
        print("|---:|---:|---:|---:|")
        print("| %d | %s | %s | %s |" % (
            len(rrow), rrow[0]["events"], fmt(med([f(p["replay_ms"]) for p in rrow]), nd=0),
            fmt(med([f(p["wall_s"]) for p in rrow]))))
    else:
        print("not measured in this run (use the full run, not --smoke)")


if __name__ == "__main__":
    main()
