#!/usr/bin/env bash
# The --init estimate measurements of benchmarks/SAMPLER.md ("Starting from the estimate"), side by side in one run: each model
# at its model file's settings (default adaptation and integrator), chains started at Stan's random init or around the marginal
# estimate, at warmup 1000, 500 and 300; min bulk ESS per gradient (warmup + sampling, and every density evaluation including
# the start's conditional-mode search), max R-hat, and the seconds the estimate itself took.
# Usage (from the repository root): bash benchmarks/sampler/init.sh [OUT_DIR]   (default /tmp/sampler-init)
set -euo pipefail
out=${1:-/tmp/sampler-init}
mkdir -p "$out"
uptime | tee "$out/uptime-start.txt"
dotnet build benchmarks/BayesGlmm.Benchmarks -c Release -v q
bench=benchmarks/BayesGlmm.Benchmarks/bin/Release/net10.0/BayesGlmm.Benchmarks.dll
configs=${CONFIGS:-default-random@1000,default-estimate@1000,default-random@500,default-estimate@500,default-random@300,default-estimate@300}
seeds=${SEEDS:-1,2}
models=${MODELS:-pastes,cbpp,sleepstudy,radon,epilepsy,pilots,grouseticks,eight_schools}
nice -n 15 dotnet "$bench" glmm-efficiency --catalogue --models "$models" --configs "$configs" --seeds "$seeds" \
  --csv "$out/init.csv" > "$out/init.md" 2> "$out/init.log"
python3 benchmarks/sampler/init_table.py "$out/init.csv" > "$out/init-table.md"
uptime | tee "$out/uptime-end.txt"
