#!/usr/bin/env python3
"""The same-run comparison: BayesGlmm's whole command, brms and rstanarm on the same models, priors, chains and draws.

usage: benchmarks/compare/compare.py [--cli PATH] [--models sleepstudy,radon,cbpp,epilepsy,pilots]
                                     [--own verbagg,insteval] [--chains 4] [--warmup 1000] [--own-warmup N] [--draws 1000] [--seed 1]
                                     [--skip-r] [--out DIR]

In one go, one after the other on this machine:
  1. BayesGlmm: `bayesglmm fit models/M.json` as a user runs it (a fresh process: start-up, reading the data,
     sampling, summary, draws files, plots and report.html), timed from start to exit; ESS from its summary.csv.
     --cli is the executable to time (default: the ReadyToRun build that the tool package ships, made by
     benchmarks/stages/builds.sh from HEAD into DIR/builds).
  2. brms (benchmarks/brms/fit_brms.R): compile and sampling timed apart; ESS per second of sampling.
  3. rstanarm (benchmarks/compare/fit_rstanarm.R): the whole stan_glmer call (precompiled Stan).
  4. BayesGlmm's whole fit of the larger models (--own; no R side: brms takes hours on insteval), with R-hat.
ESS is the smallest bulk ESS over the reported parameters, computed by each side's own code (posterior's
definitions). The load average is recorded before and after each side. Needs R with brms, rstan, rstanarm and
posterior for steps 2 and 3; without them (or with --skip-r) those columns stay empty.

Writes DIR/bayesglmm.csv, DIR/brms.csv, DIR/rstanarm.csv, DIR/own.csv, DIR/machine.txt and DIR/RESULTS.md (the
table, with the date, the machine and the load), and prints RESULTS.md.
"""
import argparse
import csv
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def load():
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def read_csv(path):
    if not Path(path).exists():
        return {}
    with open(path) as f:
        return {row["model"]: row for row in csv.DictReader(f)}


def timed(cmd, log):
    """Runs cmd, its output to log; returns (wall s, CPU s of the process tree, exit code)."""
    with open(log, "w") as out:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def summary_of(fit_dir):
    """Smallest bulk and tail ESS and largest R-hat over summary.csv's parameters (lp__ left out)."""
    bulk, tail, rhat, n = [], [], [], 0
    with open(Path(fit_dir) / "summary.csv") as f:
        for row in csv.DictReader(f):
            if row["variable"] == "lp__":
                continue
            n += 1
            for key, target in (("ess_bulk", bulk), ("ess_tail", tail), ("rhat", rhat)):
                if row[key] not in ("NA", ""):
                    target.append(float(row[key]))
    return min(bulk), min(tail), max(rhat), n


def run_ours(cli, models, out, log_dir, extra):
    rows = []
    for m in models:
        fit_dir = out / "fits" / m
        before = load()
        cmd = [cli, "fit", str(ROOT / "models" / f"{m}.json"), "--out", str(fit_dir), "--force", "--quiet"] + extra
        wall, cpu, code = timed(cmd, log_dir / f"bayesglmm-{m}.log")
        if code != 0:
            print(f"compare: bayesglmm fit {m} exited {code}; see {log_dir / f'bayesglmm-{m}.log'}", file=sys.stderr)
            continue
        bulk, tail, rhat, n = summary_of(fit_dir)
        rows.append(dict(model=m, whole_s=f"{wall:.3f}", cpu_s=f"{cpu:.3f}", min_bulk_ess=f"{bulk:.1f}",
                         ess_per_s=f"{bulk / wall:.2f}", min_tail_ess=f"{tail:.1f}", max_rhat=f"{rhat:.4f}",
                         parameters=n, load_before=before, load_after=load()))
        print(f"compare: bayesglmm {m}: {wall:.2f} s whole command ({cpu:.2f} s CPU), min bulk ESS {bulk:.0f}, "
              f"max R-hat {rhat:.3f}, load {before}", file=sys.stderr)
    return rows


def write_csv(path, rows):
    if not rows:
        return
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


def fmt(x, digits=1):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "–"
    return f"{v:,.{digits}f}"


def ratio(a, b):
    try:
        return f"{float(a) / float(b):,.1f}×"
    except (TypeError, ValueError, ZeroDivisionError):
        return "–"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default="")
    ap.add_argument("--models", default="sleepstudy,radon,cbpp,epilepsy,pilots")
    ap.add_argument("--own", default="verbagg,insteval")
    ap.add_argument("--chains", type=int, default=4)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--own-warmup", type=int, default=None,
                    help="BayesGlmm's warmup (default: its own default; --warmup is brms's and rstanarm's, theirs 1000)")
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-r", action="store_true")
    ap.add_argument("--out", default="")
    args = ap.parse_args()

    out = Path(args.out or tempfile.mkdtemp(prefix="compare.")).resolve()
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    models = [m for m in args.models.split(",") if m]
    own = [m for m in args.own.split(",") if m]
    started = datetime.datetime.now(datetime.timezone.utc)

    cli = args.cli
    if not cli:
        print("compare: building the shipped command (ReadyToRun) from HEAD ...", file=sys.stderr)
        built = subprocess.run(["bash", str(ROOT / "benchmarks/stages/builds.sh"), "--ref", "HEAD", "--variants", "r2r",
                                "--out", str(out / "builds")], capture_output=True, text=True, check=True)
        cli = built.stdout.strip().splitlines()[-1].split("=", 1)[1]
    cli = str(Path(cli).resolve())
    # Each tool at its own default warmup unless told otherwise: the same models, priors, chains and draws.
    extra = ["--chains", str(args.chains), "--draws", str(args.draws), "--seed", str(args.seed)]
    if args.own_warmup is not None:
        extra += ["--warmup", str(args.own_warmup)]
    own_warmup = str(args.own_warmup) if args.own_warmup is not None else "its default"

    dotnet = subprocess.run(["dotnet", "--list-runtimes"], capture_output=True, text=True).stdout
    runtime = next((l.split()[1] for l in dotnet.splitlines() if l.startswith("Microsoft.NETCore.App")), "?")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    machine = (f"{os.cpu_count()} cores of {cpu_model()}, {platform.system()} {platform.release()}, .NET {runtime}, "
               f"BayesGlmm {commit}")
    (out / "machine.txt").write_text(machine + "\n")

    have_r = False
    if not args.skip_r and shutil.which("Rscript"):
        probe = subprocess.run(["Rscript", "-e", "quit(status = if (all(vapply(c('brms', 'rstan', 'rstanarm', 'posterior'), "
                                "requireNamespace, logical(1), quietly = TRUE))) 0 else 1)"], capture_output=True)
        have_r = probe.returncode == 0
        if not have_r:
            print("compare: R lacks brms, rstan, rstanarm or posterior; the R columns stay empty.", file=sys.stderr)
    elif not args.skip_r:
        print("compare: Rscript is not installed; the R columns stay empty.", file=sys.stderr)

    loads = {}
    loads["bayesglmm"] = load()
    print("compare: BayesGlmm, the whole command ...", file=sys.stderr)
    ours = run_ours(cli, models, out, logs, extra)
    write_csv(out / "bayesglmm.csv", ours)
    r_versions = []
    if have_r:
        sides = (("brms", [str(ROOT / "benchmarks/brms/fit_brms.R"), str(ROOT / "models"), str(out / "brms.csv")]),
                 ("rstanarm", [str(HERE / "fit_rstanarm.R"), str(ROOT / "models"), str(out / "rstanarm.csv")]))
        for side, script in sides:
            loads[side] = load()
            print(f"compare: {side} ...", file=sys.stderr)
            res = subprocess.run(["Rscript"] + script + [",".join(models), str(args.chains), str(args.warmup),
                                                         str(args.draws), str(args.seed)],
                                 capture_output=True, text=True)
            (logs / f"{side}.log").write_text(res.stdout + res.stderr)
            r_versions += [l.lstrip("# ") for l in res.stdout.splitlines() if l.startswith("#")]
    loads["own"] = load()
    print("compare: BayesGlmm, the larger models ...", file=sys.stderr)
    own_rows = run_ours(cli, own, out, logs, extra)
    write_csv(out / "own.csv", own_rows)
    loads["end"] = load()

    brms, arm = read_csv(out / "brms.csv"), read_csv(out / "rstanarm.csv")
    lines = [f"# Same-run comparison, {started:%Y-%m-%d %H:%M} UTC", "",
             f"Machine: {machine}.",
             f"{'; '.join(r_versions)}" if r_versions else "R side: not run.",
             f"Load average (1, 5, 15 min) before BayesGlmm {loads['bayesglmm']}, before brms {loads.get('brms', '–')}, "
             f"before rstanarm {loads.get('rstanarm', '–')}, before the larger models {loads['own']}, at the end {loads['end']}.",
             f"Every side: {args.chains} chains × {args.draws} draws, seed {args.seed}; warmup {args.warmup} for brms and "
             f"rstanarm (their default), {own_warmup} for BayesGlmm (300 since 2026-12-07 afternoon); "
             "adapt_delta 0.8, max tree depth 10, chains two at a time on two cores. ESS: the smallest bulk ESS over the "
             "reported parameters. BayesGlmm's time is the whole `bayesglmm fit` command (start-up, data, sampling, "
             "summary, draws files, plots and report); brms's is its sampling alone (compile apart); rstanarm's the "
             "whole stan_glmer call.", "",
             "Command: `benchmarks/compare/compare.py " + " ".join(sys.argv[1:]) + "`", "",
             "| model | BayesGlmm whole command s | its ESS/s | brms compile s | brms sampling s | brms ESS/s (sampling) "
             "| rstanarm whole call s | rstanarm ESS/s | ESS/s ÷ brms's | ESS/s ÷ rstanarm's |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in ours:
        b, a = brms.get(row["model"], {}), arm.get(row["model"], {})
        lines.append(f"| {row['model']} | {fmt(row['whole_s'], 2)} | {fmt(row['ess_per_s'], 0)} | {fmt(b.get('compile_s'), 0)} "
                     f"| {fmt(b.get('sampling_s'), 1)} | {fmt(b.get('ess_per_s'), 0)} | {fmt(a.get('whole_s'), 1)} "
                     f"| {fmt(a.get('ess_per_s'), 0)} | {ratio(row['ess_per_s'], b.get('ess_per_s'))} "
                     f"| {ratio(row['ess_per_s'], a.get('ess_per_s'))} |")
    if own_rows:
        lines += ["", "BayesGlmm's whole command on the larger models:", "",
                  "| model | whole command s | CPU s | min bulk ESS | ESS/s | max R-hat |", "|---|---:|---:|---:|---:|---:|"]
        for row in own_rows:
            lines.append(f"| {row['model']} | {fmt(row['whole_s'], 1)} | {fmt(row['cpu_s'], 1)} | {fmt(row['min_bulk_ess'], 0)} "
                         f"| {fmt(row['ess_per_s'], 1)} | {fmt(row['max_rhat'], 3)} |")
    text = "\n".join(lines) + "\n"
    (out / "RESULTS.md").write_text(text)
    print(text)
    print(f"compare: results in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
