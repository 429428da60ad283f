#!/usr/bin/env python3
"""The warmup table of benchmarks/SAMPLER.md from glmm-efficiency's CSV: per model and configuration, the median over
seeds of min bulk ESS per gradient (warmup and sampling counted) divided by the same for the base configuration, the
divergences over all seeds and the largest R-hat. Usage: warmup_table.py RUN.csv [BASE ...]"""
import csv, statistics, sys

rows = list(csv.DictReader(open(sys.argv[1])))
bases = sys.argv[2:] or ["stan-leapfrog"]
configs = list(dict.fromkeys(r["config"] for r in rows))
models = list(dict.fromkeys(r["model"] for r in rows))
eff = {}
for r in rows:
    eff.setdefault((r["model"], r["config"]), []).append(r)

def per_gradient(rs):
    return statistics.median(float(r["min_ess_bulk"]) / float(r["all_gradients"]) for r in rs)

for base in bases:
    print(f"\nCell: median over seeds of (min bulk ESS / all gradients) ÷ the same for `{base}`; d = divergences (all seeds); R = largest R-hat.\n")
    print("| model | " + " | ".join(configs) + " |")
    print("|---|" + "---|" * len(configs))
    ratios = {c: [] for c in configs}
    for m in models:
        cells = []
        b = per_gradient(eff[(m, base)])
        for c in configs:
            rs = eff.get((m, c))
            if not rs:
                cells.append("–"); continue
            q = per_gradient(rs) / b
            ratios[c].append(q)
            d = sum(int(r["divergences"]) for r in rs)
            rh = max(float(r["max_rhat"]) for r in rs)
            cells.append(f"{q:.2f} d{d} R{rh:.3f}")
        print(f"| {m} | " + " | ".join(cells) + " |")
    print("| **median (min)** | " + " | ".join(f"{statistics.median(v):.2f} ({min(v):.2f})" for v in ratios.values()) + " |")
