#!/usr/bin/env bash
# Issue 16 point 3, a cheaper warmup: ESS per gradient counting warmup and sampling for the Fisher adaptations at
# warmup 300 and 500 (nutpie's default is 300) against Stan's adaptation at 1000, the 13 catalogue models, seeds 1 and 2.
# Configurations: stan-leapfrog (Stan's engine: windowed adaptation, leapfrog NUTS; the ratios divide by it), stan (the
# defaults: Stan's adaptation, WALNUTS in the sampling iterations), fisher[-lowrank]@W (Fisher adaptation, diagonal or
# low-rank, W warmup iterations, WALNUTS in the sampling iterations). Every model file at its own settings otherwise.
# Usage (from the repository root): bash benchmarks/sampler/warmup.sh [OUT_DIR]   (default /tmp/sampler-warmup)
set -euo pipefail
out=${1:-/tmp/sampler-warmup}
mkdir -p "$out"
uptime | tee "$out/uptime-start.txt"
dotnet build benchmarks/BayesGlmm.Benchmarks -c Release -v q
bench=benchmarks/BayesGlmm.Benchmarks/bin/Release/net10.0/BayesGlmm.Benchmarks.dll
configs=${CONFIGS:-stan-leapfrog,stan,fisher@300,fisher@500,fisher-lowrank@300,fisher-lowrank@500}
seeds=${SEEDS:-1,2}
models=${MODELS:-pastes,cbpp_student,sbc_poisson,eight_schools,cbpp,pumps,seeds,sleepstudy,wine,pilots,radon,epilepsy,grouseticks}
nice -n 15 dotnet "$bench" glmm-efficiency --catalogue --models "$models" --configs "$configs" --seeds "$seeds" \
  --csv "$out/warmup.csv" > "$out/warmup.md" 2> "$out/warmup.log"
uptime | tee "$out/uptime-end.txt"
