#!/usr/bin/env bash
# Whether seeded draws are byte-identical between a base revision (default main) and this working tree, for every model
# in models/: both CLIs fit each model with seed 1, 2 chains, 100 warmup and 100 draws (AVX-512 off, so the vector width is
# the same on every machine), and draws.csv of the two fits are compared with cmp. A refactoring that must not change the
# arithmetic shows "identical" for every model. The base is built from `git archive` in a scratch directory (shared with
# gradient-before-after.sh); both fits read this tree's models/.
#
# usage: benchmarks/draws-before-after.sh [--base REF] [--models a,b] [--out DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base=main models="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base|--models|--out) [ $# -ge 2 ] || { echo "draws-before-after: '$1' needs a value" >&2; exit 2; }
      printf -v "${1#--}" '%s' "$2"; shift 2 ;;
    *) echo "draws-before-after: unknown option '$1'" >&2; exit 2 ;;
  esac
done
. "$root/benchmarks/before-after-trees.sh" draws src/BayesGlmm.Cli
fit() { # fit NAME TREE MODEL
  local dir="$out/$1/$3"
  mkdir -p "$out/$1"
  (cd "$root" && env -u DOTNET_MaxVectorTBitWidth DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 \
     dotnet "$2/src/BayesGlmm.Cli/bin/Release/net10.0/BayesGlmm.Cli.dll" fit "models/$3.json" --out "$dir" --force \
     --chains 2 --warmup 100 --draws 100 --seed 1 > "$dir.log" 2>&1)
}
echo "base = $base ($sha), new = this tree; seed 1, 2 chains, 100 warmup, 100 draws"
echo "| model | draws.csv |"
echo "|---|---|"
differ=0
for m in ${models//,/ }; do
  if ! fit base "$scratch" "$m"; then echo "| $m | base fit failed (see $out/base/$m.log) |"; differ=1; continue; fi
  if ! fit new "$root" "$m"; then echo "| $m | new fit failed (see $out/new/$m.log) |"; differ=1; continue; fi
  if cmp -s "$out/base/$m/draws.csv" "$out/new/$m/draws.csv"; then echo "| $m | identical |"
  else echo "| $m | differs: $(cmp "$out/base/$m/draws.csv" "$out/new/$m/draws.csv" 2>&1 | head -1) |"; differ=1; fi
done
echo "outputs in $out"
exit $differ
