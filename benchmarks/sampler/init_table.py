#!/usr/bin/env python3
"""The --init table of benchmarks/SAMPLER.md from glmm-efficiency's CSV (benchmarks/sampler/init.sh): per model, chain start
and warmup length, medians over seeds of the min bulk ESS and of ESS per gradient, the largest R-hat, divergences summed,
and the ratio of ESS per gradient against the random start at warmup 1000 of the same run."""
import csv
import statistics
import sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1])))
runs = defaultdict(list)
for r in rows:
    start = "estimate" if "estimate" in r["config"] else "random"
    warmup = int(r["config"].split("@")[1]) if "@" in r["config"] else 1000
    runs[(r["model"], start, warmup)].append(r)

def per_gradient(r):  # warmup + sampling leapfrog steps (the harness's count)
    return float(r["min_ess_bulk"]) / (int(r["warmup_gradients"]) + int(r["sampling_gradients"]))

def per_evaluation(r):  # every density evaluation, the start's conditional-mode search and step-size search included
    return float(r["min_ess_bulk"]) / int(r["all_gradients"])

models = list(dict.fromkeys(r["model"] for r in rows))
print("| model | start | warmup | min bulk ESS | max R-hat | divergences | ESS/gradient | ESS/evaluation | ÷ random@1000 | estimate s |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
ratios = defaultdict(list)
for m in models:
    base = runs.get((m, "random", 1000))
    base_pg = statistics.median(per_evaluation(r) for r in base) if base else float("nan")
    for warmup in (1000, 500, 300):
        for start in ("random", "estimate"):
            rs = runs.get((m, start, warmup))
            if not rs:
                continue
            pe = statistics.median(per_evaluation(r) for r in rs)
            ratio = pe / base_pg
            ratios[(start, warmup)].append(ratio)
            est = statistics.median(float(r["estimate_seconds"]) for r in rs)
            print(f"| {m} | {start} | {warmup} | {statistics.median(float(r['min_ess_bulk']) for r in rs):.0f} | "
                  f"{max(float(r['max_rhat']) for r in rs):.3f} | {sum(int(r['divergences']) for r in rs)} | "
                  f"{statistics.median(per_gradient(r) for r in rs):.4f} | {pe:.4f} | {ratio:.2f} | "
                  f"{'' if start == 'random' else f'{est:.3f}'} |")
print()
print("| start | warmup | median ÷ random@1000 | lowest | models with max R-hat > 1.01 |")
print("|---|---:|---:|---:|---:|")
for warmup in (1000, 500, 300):
    for start in ("random", "estimate"):
        v = ratios.get((start, warmup))
        if not v:
            continue
        bad = sum(1 for m in models if runs.get((m, start, warmup)) and max(float(r["max_rhat"]) for r in runs[(m, start, warmup)]) > 1.01)
        print(f"| {start} | {warmup} | {statistics.median(v):.2f} | {min(v):.2f} | {bad} of {len(v)} |")
