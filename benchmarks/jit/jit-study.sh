#!/usr/bin/env bash
# The JIT study (issue 8, item 6): short runs — a small fit through the CLI, an SBC batch of small fits, the first
# gradients of a fresh process, a short fit with and without a warm-up — under each runtime setting, interleaved and
# repeated, in one process per run. Prints a Markdown table of medians and writes every run to DIR/runs.csv.
#
# usage: benchmarks/jit/jit-study.sh [--repeats 3] [--sims 20] [--out DIR] [--variants default,tc0,...] [--no-build]
#
# Variants: default (tiered compilation as shipped), tc0 (DOTNET_TieredCompilation=0), qjfl0
# (DOTNET_TC_QuickJitForLoops=0), pgo0 (DOTNET_TieredPGO=0), avx512 (DOTNET_PreferredVectorBitWidth=512), r2r (the CLI
# and the probe published with -p:PublishReadyToRun=true; skipped when the publish fails, e.g. offline without the
# crossgen package), r2r_tc0 (ReadyToRun with tiered compilation off), tc0_avx512, qjfl0_pgo0 (both off); and the probe
# fit with 1,000 warm-up evaluations before sampling under the default settings (fit_warm). --no-build reuses the
# binaries of an earlier run in the same --out DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repeats=3 sims=20 out="" variants="default,tc0,qjfl0,pgo0,qjfl0_pgo0,avx512,r2r,r2r_tc0,tc0_avx512,fit_warm" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --sims) sims="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --variants) variants="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "jit-study: unknown option '$1' (options: --repeats N --sims N --out DIR --variants a,b --no-build)" >&2; exit 2 ;;
  esac
done
out="${out:-$(mktemp -d "${TMPDIR:-/tmp}/jit-study.XXXXXX")}"
mkdir -p "$out"

have_r2r=1
if [ "$build" = 1 ]; then
  echo "jit-study: building the CLI and the benchmarks (Release) ..." >&2
  dotnet build "$root/src/BayesGlmm.Cli" -c Release -o "$out/cli" >"$out/build-cli.log" 2>&1
  dotnet build "$root/benchmarks/BayesGlmm.Benchmarks" -c Release -o "$out/bench" >"$out/build-bench.log" 2>&1
elif [ ! -f "$out/cli-r2r/BayesGlmm.Cli.dll" ]; then
  have_r2r=0
fi
if [ "$build" = 1 ] && [[ ",$variants," == *",r2r"* ]]; then
  echo "jit-study: publishing ReadyToRun builds ..." >&2
  if ! { dotnet publish "$root/src/BayesGlmm.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out/cli-r2r" &&
         dotnet publish "$root/benchmarks/BayesGlmm.Benchmarks" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out/bench-r2r"; } >"$out/publish-r2r.log" 2>&1; then
    echo "jit-study: the ReadyToRun publish failed (see $out/publish-r2r.log); r2r variants skipped." >&2
    have_r2r=0
  fi
fi

# variant -> "ENV=... ENV=..." and the directory of its binaries
variant_env() {
  case "$1" in
    default|fit_warm|r2r) echo "" ;;
    tc0|r2r_tc0) echo "DOTNET_TieredCompilation=0" ;;
    qjfl0) echo "DOTNET_TC_QuickJitForLoops=0" ;;
    qjfl0_pgo0) echo "DOTNET_TC_QuickJitForLoops=0 DOTNET_TieredPGO=0" ;;
    pgo0) echo "DOTNET_TieredPGO=0" ;;
    avx512) echo "DOTNET_PreferredVectorBitWidth=512" ;;
    tc0_avx512) echo "DOTNET_TieredCompilation=0 DOTNET_PreferredVectorBitWidth=512" ;;
    *) echo "jit-study: unknown variant '$1'" >&2; exit 2 ;;
  esac
}
variant_dir() { case "$1" in r2r|r2r_tc0) echo "-r2r" ;; *) echo "" ;; esac; }

csv="$out/runs.csv"
if [ ! -s "$csv" ]; then echo "variant,workload,repeat,wall_ms,detail" >"$csv"; fi
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
run() { # variant workload command...
  local variant="$1" workload="$2"; shift 2
  local env_vars; env_vars="$(variant_env "$variant")"
  local start end detail
  start=$(now_ms)
  detail="$(env $env_vars "$@" 2>>"$out/stderr.log" | tail -1 | tr ',' ';')" || detail="failed"
  end=$(now_ms)
  echo "$variant,$workload,$r,$((end - start)),$detail" >>"$csv"
}

IFS=',' read -r -a variant_list <<<"$variants"
for r in $(seq 1 "$repeats"); do
  for v in "${variant_list[@]}"; do
    if [[ "$v" == r2r* && "$have_r2r" == 0 ]]; then continue; fi
    d="$(variant_dir "$v")"
    cli="$out/cli$d/BayesGlmm.Cli.dll"
    bench="$out/bench$d/BayesGlmm.Benchmarks.dll"
    echo "jit-study: repeat $r, $v" >&2
    if [ "$v" != fit_warm ]; then
      run "$v" "cli fit eight_schools" dotnet "$cli" fit "$root/models/eight_schools.json" --out "$out/fit-$v" --force --quiet
      run "$v" "cli fit radon" dotnet "$cli" fit "$root/models/radon.json" --out "$out/fit-radon-$v" --force --quiet
      rm -rf "$out/sbc-$v"
      run "$v" "cli sbc $sims sims" dotnet "$cli" sbc "$root/models/sbc_poisson.json" --sims "$sims" --out "$out/sbc-$v"
      run "$v" "probe gradients radon" dotnet "$bench" jit-probe gradients "$root/models/radon.json"
      run "$v" "probe fit eight_schools" dotnet "$bench" jit-probe fit "$root/models/eight_schools.json"
    else
      run "$v" "probe fit eight_schools" dotnet "$bench" jit-probe fit "$root/models/eight_schools.json" --warmup-evaluations 1000
    fi
  done
done

python3 "$here/summarize_jit.py" "$csv" | tee "$out/summary.md"
echo "jit-study: every run in $csv" >&2
