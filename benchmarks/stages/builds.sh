#!/usr/bin/env bash
# Builds the `bayesglmm` command of one commit in each of the ways it can be shipped, from a clean export of that
# commit (so that edits in the work tree never leak into a measured build), for benchmarks/stages/stages.py.
#
# usage: benchmarks/stages/builds.sh [--ref HEAD] [--variants jit,r2r,aot] [--out DIR]
#
# Variants (each in DIR/<variant>/, the executable DIR/<variant>/BayesGlmm.Cli):
#   jit            `dotnet build -c Release`: what `dotnet run` runs (JIT only, the runtimeconfig's JIT settings)
#   r2r            `dotnet publish -r linux-x64` with the commit's own settings for that platform: what its tool
#                  package ships (since the composite image, self-contained with the framework and the program in one
#                  ReadyToRun image; before it, framework-dependent ReadyToRun). The kernels are still compiled at
#                  run time for the machine's vector width.
#   r2r-fd         framework-dependent ReadyToRun (`--self-contained false`, no composite image): the earlier package
#   r2r-composite  self-contained, the framework and the program compiled into one ReadyToRun image
#   r2r-v3         r2r with the ReadyToRun code compiled for x86-64-v3 (AVX2, FMA) instead of the default baseline
#   aot            Native AOT for the portable x86-64 baseline (no JIT; vector kernels at the baseline's width)
#   aot-v3         Native AOT for x86-64-v3 (AVX2 and FMA required; 256-bit kernels)
#   aot-native     Native AOT for this machine's instruction set (not portable; the upper bound of AOT)
# The builds run one after the other. Prints the path of each executable.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ref=HEAD variants=jit,r2r,aot out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) ref="$2"; shift 2 ;;
    --variants) variants="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "builds: unknown option '$1' (options: --ref REF --variants a,b --out DIR)" >&2; exit 2 ;;
  esac
done
out="${out:-$(mktemp -d "${TMPDIR:-/tmp}/builds.XXXXXX")}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
commit="$(git -C "$root" rev-parse --short "$ref")"
src="$out/src-$commit"
if [ ! -d "$src" ]; then
  mkdir -p "$src"
  git -C "$root" archive "$commit" | tar -x -C "$src"
fi
project="$src/src/BayesGlmm.Cli"
aot=(-r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false)

IFS=',' read -ra list <<< "$variants"
for v in "${list[@]}"; do
  dest="$out/$v"
  log="$out/$v.log"
  echo "builds: $v of $commit ..." >&2
  case "$v" in
    jit) dotnet build "$project" -c Release -o "$dest" >"$log" 2>&1 ;;
    r2r) dotnet publish "$project" -c Release -r linux-x64 -p:PublishReadyToRun=true -o "$dest" >"$log" 2>&1 ;;
    r2r-v3) dotnet publish "$project" -c Release -r linux-x64 -p:PublishReadyToRun=true \
              -p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:x86-64-v3 -o "$dest" >"$log" 2>&1 ;;
    r2r-fd) dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
              -p:PublishReadyToRunComposite=false -o "$dest" >"$log" 2>&1 ;;
    r2r-composite) dotnet publish "$project" -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true \
                     -p:PublishReadyToRunComposite=true -o "$dest" >"$log" 2>&1 ;;
    aot) dotnet publish "$project" -c Release "${aot[@]}" -o "$dest" >"$log" 2>&1 ;;
    aot-v3) dotnet publish "$project" -c Release "${aot[@]}" -p:IlcInstructionSet=x86-64-v3 -o "$dest" >"$log" 2>&1 ;;
    aot-native) dotnet publish "$project" -c Release "${aot[@]}" -p:IlcInstructionSet=native -o "$dest" >"$log" 2>&1 ;;
    *) echo "builds: unknown variant '$v'" >&2; exit 2 ;;
  esac || { echo "builds: $v failed; see $log" >&2; exit 1; }
  echo "$v=$dest/BayesGlmm.Cli"
done
