#!/usr/bin/env bash
# The gradient benchmark of two builds side by side in one run: a base revision (default main), built from `git archive`
# in a scratch directory, and this working tree. Every model in models/ is timed by `BayesGlmm.Benchmarks gradient`
# (one log-density-and-gradient evaluation, evaluations per CPU second); rounds alternate which build goes first, so the
# load of a shared machine falls on both alike, and `uptime` is recorded before every run. `--effects ROUTE` times that
# route of normal effects (auto, joint, integrated; default: the harness's, joint) and runs this tree's benchmark harness
# in both builds (the base's may not know the option); `--breakdown` adds the parts of one evaluation.
#
# usage: benchmarks/gradient-before-after.sh [--base REF] [--rounds 4] [--seconds 1] [--repeats 3] [--models a,b]
#                                            [--effects ROUTE] [--breakdown] [--out DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base=main rounds=4 seconds=1 repeats=3 models="" out="" harness="" extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --effects) extra+=(--effects "$2"); harness=benchmarks/BayesGlmm.Benchmarks; shift 2 ;;
    --breakdown) extra+=(--breakdown); shift ;;
    *) echo "gradient-before-after: unknown option '$1'" >&2; exit 2 ;;
  esac
done
. "$root/benchmarks/before-after-trees.sh" gradient benchmarks/BayesGlmm.Benchmarks
alternate_rounds "$rounds" gradient --models "$models" --seconds "$seconds" --repeats "$repeats" "${extra[@]}"
python3 - "$out" "$base ($sha)" <<'PY'
import glob, os, re, statistics, sys
out, label = sys.argv[1], sys.argv[2]
rates = {"base": {}, "new": {}}
for path in sorted(glob.glob(os.path.join(out, "round*-*.txt"))):
    which = "base" if path.endswith("-base.txt") else "new"
    for line in open(path):
        m = re.match(r"\| (\S+) \| (\d+) \| (\d+) \| (\d+) \|", line)
        if m: rates[which].setdefault(m.group(1), []).append(float(m.group(4)))
print(f"\nEvaluations per CPU second, median over rounds (each round: the median of its repeats); base = {label}, new = this tree.\n")
print("| model | base | new | new / base | base rounds | new rounds |")
print("|---|---:|---:|---:|---|---|")
for model in rates["new"]:
    b, n = rates["base"].get(model, []), rates["new"][model]
    if not b: continue
    mb, mn = statistics.median(b), statistics.median(n)
    print(f"| {model} | {mb:.0f} | {mn:.0f} | {mn / mb:.3f} | {' '.join(f'{v:.0f}' for v in b)} | {' '.join(f'{v:.0f}' for v in n)} |")
PY
echo "raw output in $out"
