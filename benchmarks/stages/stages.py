#!/usr/bin/env python3
"""Stage timings of whole `bayesglmm fit` runs, side by side for several builds of the command.

usage: benchmarks/stages/stages.py --cli NAME=PATH [--cli NAME=PATH ...] [--models sleepstudy,cbpp,pilots]
                                   [--repeats 3] [--help-runs 5] [--fit-args=--no-plots] [--out DIR]

Each PATH is a `bayesglmm` executable (an apphost such as bin/Release/net10.0/BayesGlmm.Cli, a published
ReadyToRun or Native AOT binary). Runs are interleaved: every repeat runs every model under every build, one
after the other, so that the machine's load falls on all builds alike. For each run the script records the
process's wall time, its CPU time (user + system of the process and its threads, from wait4's rusage) and peak
resident memory, the load average before the run, and the stages fit.json lists (wall and CPU seconds of start-up,
reading the data, building the model, sampling, summary, draws files, plots, model checks, sensitivity, report, and
the process's peak resident memory at the end of each, in the max_rss_mb column of runs.csv).
`--help-runs` times `bayesglmm --help` (start-up alone) the same way.

Writes DIR/runs.csv (one row per run and stage) and prints Markdown tables of medians. CPU seconds are the figure
to compare on a shared machine: they do not count the time other processes hold the cores.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["startup", "read_data", "build_model", "sample", "draws_files", "summary", "plots", "report", "model_checks",
          "sensitivity"]


def run(cmd, env=None):
    """Runs cmd; returns (wall s, cpu s, max rss MB, exit code)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(f"stages: {' '.join(cmd)} exited {code}:\n{err[-2000:]}\n")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, code


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", action="append", required=True, help="NAME=PATH of a bayesglmm executable (repeatable)")
    ap.add_argument("--models", default="sleepstudy,cbpp,pilots")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--help-runs", type=int, default=5)
    ap.add_argument("--fit-args", default="", help="extra arguments for every fit, e.g. --fit-args=--no-plots (with the = sign)")
    ap.add_argument("--out", default="")
    args = ap.parse_args()

    clis = []
    for item in args.cli:
        name, _, path = item.partition("=")
        if not path or not Path(path).exists():
            sys.exit(f"stages: --cli {item}: give NAME=PATH of an existing executable")
        clis.append((name, str(Path(path).resolve())))
    models = [m for m in args.models.split(",") if m]
    out = Path(args.out or tempfile.mkdtemp(prefix="stages."))
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    print(f"stages: {os.cpu_count()} cores; load average at the start {os.getloadavg()}", file=sys.stderr)

    for r in range(args.help_runs):
        for name, path in clis:
            load = os.getloadavg()[0]
            wall, cpu, rss, code = run([path, "--help"])
            rows.append(dict(variant=name, model="--help", repeat=r + 1, stage="process", seconds=wall, cpu_seconds=cpu,
                             max_rss_mb=rss, load=load, exit=code))

    for r in range(args.repeats):
        for model in models:
            for name, path in clis:
                fit_dir = out / f"{name}-{model}"
                load = os.getloadavg()[0]
                cmd = [path, "fit", str(ROOT / "models" / f"{model}.json"), "--out", str(fit_dir), "--force", "--quiet"]
                cmd += args.fit_args.split()
                wall, cpu, rss, code = run(cmd)
                rows.append(dict(variant=name, model=model, repeat=r + 1, stage="process", seconds=wall, cpu_seconds=cpu,
                                 max_rss_mb=rss, load=load, exit=code))
                record = fit_dir / "fit.json"
                if code == 0 and record.exists():
                    for s in json.loads(record.read_text()).get("stages", []):
                        rows.append(dict(variant=name, model=model, repeat=r + 1, stage=s["stage"], seconds=s["seconds"],
                                         cpu_seconds=s["cpu_seconds"], max_rss_mb=s.get("peak_resident_mb", ""), load=load,
                                         exit=code))
                print(f"stages: repeat {r + 1} {model} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, load {load:.1f}",
                      file=sys.stderr)

    with open(out / "runs.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)

    def med(values):
        return statistics.median(values) if values else float("nan")

    names = [n for n, _ in clis]
    print(f"\nLoad average at the end {os.getloadavg()} on {os.cpu_count()} cores; every run in {out / 'runs.csv'}.\n")
    if args.help_runs:
        print("`bayesglmm --help` (start-up alone), median over runs: wall s / CPU s / peak RSS MB\n")
        print("| build | wall s | CPU s | RSS MB |\n|---|---:|---:|---:|")
        for n in names:
            sel = [x for x in rows if x["variant"] == n and x["model"] == "--help"]
            print(f"| {n} | {med([x['seconds'] for x in sel]):.3f} | {med([x['cpu_seconds'] for x in sel]):.3f} | "
                  f"{med([x['max_rss_mb'] for x in sel]):.0f} |")
        print()
    for model in models:
        print(f"**{model}**, median over {args.repeats} runs: wall s (CPU s)\n")
        print("| stage | " + " | ".join(names) + " |\n|---|" + "---:|" * len(names))
        present = [s for s in STAGES if any(x["model"] == model and x["stage"] == s for x in rows)]
        present += sorted({x["stage"] for x in rows if x["model"] == model and x["stage"] not in STAGES + ["process"]})
        for stage in present + ["process"]:
            cells = []
            for n in names:
                sel = [x for x in rows if x["variant"] == n and x["model"] == model and x["stage"] == stage]
                cells.append(f"{med([x['seconds'] for x in sel]):.3f} ({med([x['cpu_seconds'] for x in sel]):.3f})"
                             if sel else "–")
            label = "whole process" if stage == "process" else stage
            print(f"| {label} | " + " | ".join(cells) + " |")
        rss = [f"{med([x['max_rss_mb'] for x in rows if x['variant'] == n and x['model'] == model and x['stage'] == 'process']):.0f}"
               for n in names]
        print("| peak RSS MB | " + " | ".join(rss) + " |\n")


if __name__ == "__main__":
    main()
