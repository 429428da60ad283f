#!/usr/bin/env bash
# The sampler-frontier measurements of benchmarks/SAMPLER.md, side by side in one run: the catalogue models under each
# warmup adaptation and integrator (ESS per gradient, warmup and sampling counted, and per sampling gradient), the
# funnel cases at default settings against their long brms references, and the small-cluster SBC study.
# Usage (from the repository root): [SHARED=/work/shared] bash benchmarks/sampler/frontier.sh [OUT_DIR]   (default /tmp/sampler-frontier)
set -euo pipefail
out=${1:-/tmp/sampler-frontier}
mkdir -p "$out"
uptime | tee "$out/uptime-start.txt"
dotnet build benchmarks/BayesGlmm.Benchmarks -c Release -v q
dotnet build src/BayesGlmm.Cli -c Release -v q
bench=benchmarks/BayesGlmm.Benchmarks/bin/Release/net10.0/BayesGlmm.Benchmarks.dll
cli=src/BayesGlmm.Cli/bin/Release/net10.0/BayesGlmm.Cli.dll
configs=${CONFIGS:-stan,fisher,fisher-lowrank,stan-walnuts,fisher-walnuts}
seeds=${SEEDS:-1,2}
models=${MODELS:-pastes,cbpp_student,sbc_poisson,eight_schools,cbpp,pumps,seeds,sleepstudy,wine,pilots,radon,epilepsy,grouseticks}

# 1. ESS per gradient, every configuration beside Stan's adaptation and Stan 2.21's figures.
dotnet "$bench" glmm-efficiency --catalogue --models "$models" --configs "$configs" --seeds "$seeds" \
  --csv "$out/catalogue.csv" > "$out/catalogue.md" 2> "$out/catalogue.log"

# 2. The funnel cases, seed 1: Stan's sampler, the defaults (Stan's adaptation, WALNUTS), and Fisher with WALNUTS,
#    against the long brms runs where one exists.
ref=tests/BayesGlmm.Tests/Reference/posteriors
for m in pastes grouseticks cbpp_student; do
  for c in "stan leapfrog" "stan walnuts" "fisher walnuts"; do
    set -- $c
    tag="$m-$1-$2"
    dotnet "$cli" fit models/$m.json --adaptation $1 --integrator $2 --out "$out/fit-$tag" --force --quiet --no-plots \
      > "$out/fit-$tag.log" 2>&1 || true
    if [ -f "$ref/$m.reference.csv" ]; then
      python3 "${SHARED:-../shared}/tools/compare_summary.py" "$ref/$m.reference.csv" "$out/fit-$tag/summary.csv" > "$out/compare-$tag.txt" 2>&1 || true
    fi
  done
done

# 3. The small-cluster SBC study (8 groups x 3 observations), 200 fits, with Stan's leapfrog and at the defaults.
for g in leapfrog walnuts; do
  dotnet "$cli" sbc models/sbc_poisson.json --sims 200 --integrator $g --out "$out/sbc-$g" > "$out/sbc-$g.log" 2>&1 || true
  python3 - "$out/sbc-$g/ranks.csv" <<'PY' > "$out/sbc-$g-divergences.txt"
import csv, sys
fits = {}
for r in csv.DictReader(open(sys.argv[1])):
    fits[r["sim"]] = (int(r["divergences"] or 0), float(r["max_rhat"] or "nan"), float(r["min_ess_bulk"] or "nan"))
bad = sum(1 for d, _, _ in fits.values() if d > 0)
print(f"{bad} of {len(fits)} fits with divergences ({100 * bad / max(1, len(fits)):.1f}%); "
      f"R-hat > 1.01 in {sum(1 for _, r, _ in fits.values() if not r <= 1.01)}, bulk ESS < 400 in {sum(1 for _, _, e in fits.values() if not e >= 400)}")
PY
done
uptime | tee "$out/uptime-end.txt"
