#!/bin/bash
# grouseticks at given settings over seeds: per run max R-hat, the three smallest bulk ESS, the smallest tail ESS,
# divergences, gradients and the fit's own time. Run from the repository root after
#   dotnet publish src/BayesGlmm.Cli -c Release -o /tmp/bgbin
# usage: bash benchmarks/sampler/2026-12-07-pncp/seeds.sh OUTDIR "1 2 3 4 5" [fit options...]
out=$1; seeds=$2; shift 2
bin=${BIN:-/tmp/bgbin/BayesGlmm.Cli}
here=$(dirname "$0")
mkdir -p "$out"
for s in $seeds; do
  rm -rf "$out/s$s"
  "$bin" fit models/grouseticks.json --out "$out/s$s" --seed "$s" --no-plots "$@" > "$out/s$s.log" 2>&1 || { echo "seed $s failed"; continue; }
  python3 "$here/fit_table.py" "$out/s$s"
done
