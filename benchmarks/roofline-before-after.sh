#!/usr/bin/env bash
# The roofline of two builds side by side in one run: a base revision (default main), built from `git archive` in a
# scratch directory, and this working tree. Each round runs `BayesGlmm.Benchmarks roofline` (one log density + gradient
# at N = 10^6 against the single-thread read bandwidth measured beside it) in both builds, alternating which goes first
# so that the load of a shared machine falls on both alike; `uptime` is recorded before every run. Prints, per family,
# the best time and the best X-once roofline fraction of each build over all rounds (best against best, as STREAM).
#
# usage: benchmarks/roofline-before-after.sh [--base REF] [--rounds 4] [--families "gaussian;poisson;bernoulli"]
#        [--terms 1] [--n 1000000] [--repeats 9] [--out DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base=main rounds=4 families="gaussian;poisson;bernoulli" terms=1 n=1000000 repeats=9 out="" models=none
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --families) families="$2"; shift 2 ;;
    --terms) terms="$2"; shift 2 ;;
    --n) n="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "roofline-before-after: unknown option '$1'" >&2; exit 2 ;;
  esac
done
. "$root/benchmarks/before-after-trees.sh" roofline benchmarks/BayesGlmm.Benchmarks
alternate_rounds "$rounds" roofline --n "$n" --families "$families" --terms "$terms" --repeats "$repeats" --bandwidth-n 16777216
python3 - "$out" "$base ($sha)" <<'PY'
import glob, os, sys
out, label = sys.argv[1], sys.argv[2]
best = {"base": {}, "new": {}}
for path in sorted(glob.glob(os.path.join(out, "round*-*.txt"))):
    which = "base" if path.endswith("-base.txt") else "new"
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        # family | terms | N | dimension | median | best | scalar | ratio | allocated | X-once MB | X-twice MB | passes MB | GB/s | read GB/s | once % | twice %
        if len(cells) < 16 or not cells[1].isdigit(): continue
        key = f"{cells[0]}, {cells[1]} term(s)"
        ms, frac = float(cells[5]), float(cells[14].rstrip(" %"))
        b = best[which].get(key)
        best[which][key] = (min(ms, b[0]) if b else ms, max(frac, b[1]) if b else frac)
print(f"\nBest over {len(glob.glob(os.path.join(out, 'round*-new.txt')))} rounds; base = {label}, new = this tree.\n")
print("| family | base best ms | new best ms | base / new | base X-once roofline | new X-once roofline |")
print("|---|---:|---:|---:|---:|---:|")
for key, (ms, frac) in best["new"].items():
    if key not in best["base"]: continue
    bms, bfrac = best["base"][key]
    print(f"| {key} | {bms:.3f} | {ms:.3f} | {bms / ms:.2f} | {bfrac:.0f} % | {frac:.0f} % |")
PY
echo "raw output in $out"
