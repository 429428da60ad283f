#!/usr/bin/env bash
# Side by side in one run: fits the models of models/ with brms/Stan (where R and brms are installed) and with
# BayesGlmm's end-to-end suite, then prints both engines' figures and the ratios.
#
# usage: benchmarks/brms/side-by-side.sh [--models radon,cbpp,...] [--chains 4] [--warmup 1000] [--draws 1000] [--out DIR]
#
# Needs for the brms side (Debian): r-base-core r-cran-brms r-cran-rstan r-cran-bh r-cran-rcppeigen (posterior comes
# with brms). Without R or brms it says so, runs only BayesGlmm's side (ratios then against the reference's anchor
# figures, benchmarks/BayesGlmm.Benchmarks/EndToEnd/brms_reference.csv) and exits 0.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
models="" chains=4 warmup=1000 draws=1000 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --chains) chains="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --draws) draws="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "side-by-side: unknown option '$1' (options: --models a,b --chains N --warmup N --draws N --out DIR)" >&2; exit 2 ;;
  esac
done
out="${out:-$(mktemp -d "${TMPDIR:-/tmp}/side-by-side.XXXXXX")}"
mkdir -p "$out"
brms_csv="$out/brms.csv"
ours_csv="$out/bayesglmm.csv"

have_brms=0
if command -v Rscript >/dev/null 2>&1; then
  if Rscript -e 'quit(status = if (all(vapply(c("brms", "rstan", "posterior"), requireNamespace, logical(1), quietly = TRUE))) 0 else 1)' >/dev/null 2>&1; then
    have_brms=1
  else
    echo "side-by-side: R is installed but brms, rstan or posterior is not (Debian: apt-get install r-cran-brms r-cran-rstan r-cran-bh r-cran-rcppeigen); running BayesGlmm only." >&2
  fi
else
  echo "side-by-side: R (Rscript) is not installed; running BayesGlmm only, beside the reference's anchor figures." >&2
fi

# The machine's load while each side runs, for the record (timings on a shared machine are only as good as its quiet).
load() { if [ -r /proc/loadavg ]; then echo "side-by-side: load average before $1: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee -a "$out/load.txt" >&2; fi; }

if [ "$have_brms" = 1 ]; then
  load "brms"
  echo "side-by-side: fitting with brms/Stan (compile and sampling timed separately) ..." >&2
  Rscript "$here/fit_brms.R" "$root/models" "$brms_csv" "$models" "$chains" "$warmup" "$draws" 1 | tee "$out/brms-versions.txt"
fi

ours_args=(end-to-end --chains "$chains" --warmup "$warmup" --draws "$draws" --csv "$ours_csv")
if [ -n "$models" ]; then ours_args+=(--models "$models"); fi
if [ "$have_brms" = 1 ] && [ -s "$brms_csv" ]; then ours_args+=(--reference "$brms_csv"); fi

load "BayesGlmm"
echo "side-by-side: fitting with BayesGlmm ..." >&2
dotnet run -c Release --project "$root/benchmarks/BayesGlmm.Benchmarks" -- "${ours_args[@]}" | tee "$out/side-by-side.md"
if [ "$have_brms" = 1 ]; then cat "$out/brms-versions.txt"; fi
load "the end"
cat "$out/load.txt"
if [ "$have_brms" = 1 ]; then files="side-by-side.md, bayesglmm.csv, brms.csv"; else files="side-by-side.md, bayesglmm.csv"; fi
echo "side-by-side: results in $out ($files)" >&2
exit 0
