#!/usr/bin/env python3
"""Summarises benchmarks/jit/jit-study.sh's runs.csv as Markdown: medians per workload and runtime setting."""
import csv
import statistics
import sys
from collections import defaultdict

GRADIENT_FIELDS = ["first_us", "mean_2_10_us", "mean_11_100_us", "mean_101_1000_us", "mean_1001_10000_us", "steady_us",
                   "startup_to_first_gradient_ms"]
FIT_FIELDS = ["build_s", "warmup_evaluations", "warmup_evaluation_s", "sampling_s", "total_s", "gradients"]


def main(path):
    rows = list(csv.DictReader(open(path)))
    variants = list(dict.fromkeys(r["variant"] for r in rows))
    workloads = list(dict.fromkeys(r["workload"] for r in rows))
    wall = defaultdict(list)
    detail = defaultdict(list)
    for r in rows:
        if r["detail"] == "failed":
            continue
        wall[(r["workload"], r["variant"])].append(float(r["wall_ms"]))
        if r["workload"].startswith("probe"):
            detail[(r["workload"], r["variant"])].append([float(x) for x in r["detail"].split(";")])
    repeats = max(len(v) for v in wall.values())
    print(f"Process wall time, median of {repeats} interleaved runs, seconds (ratio to default):")
    print()
    print("| workload | " + " | ".join(variants) + " |")
    print("|---|" + "---:|" * len(variants))
    for w in workloads:
        base = wall.get((w, "default"))
        base_median = statistics.median(base) if base else None
        cells = []
        for v in variants:
            values = wall.get((w, v))
            if not values:
                cells.append("–")
                continue
            m = statistics.median(values)
            ratio = f" ({m / base_median:.2f})" if base_median else ""
            cells.append(f"{m / 1000:.2f}{ratio}")
        print(f"| {w} | " + " | ".join(cells) + " |")
    for workload, fields, title in [
        ("probe gradients radon", GRADIENT_FIELDS, "First gradients of a fresh process (radon, 176 parameters, 919 observations), microseconds per evaluation, medians"),
        ("probe fit eight_schools", FIT_FIELDS, "Short fit in one process (eight schools, 4 chains x (1000 + 1000)), medians")]:
        present = [v for v in variants if detail.get((workload, v))]
        if not present:
            continue
        print()
        print(title + ":")
        print()
        print("| setting | " + " | ".join(fields) + " |")
        print("|---|" + "---:|" * len(fields))
        for v in present:
            values = detail[(workload, v)]
            medians = [statistics.median(col) for col in zip(*values)]
            print(f"| {v} | " + " | ".join(f"{m:.4g}" for m in medians) + " |")


if __name__ == "__main__":
    main(sys.argv[1])
