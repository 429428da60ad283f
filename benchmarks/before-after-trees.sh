# Sourced by the before-after scripts: the default model list, the base revision unpacked from `git archive` in a scratch
# directory (kept between runs), the output directory, and one project built in both trees.
# In: root, base, models (empty: every model in models/), out (empty: a dated directory named after $1), $2 the project
# to build (a path inside a tree); harness (optional): a folder of this tree copied over the base's before building, so
# both builds run the same benchmark code against their own libraries. Out: models, sha, scratch, out, and the function
# alternate_rounds (below).
if [ -z "$models" ]; then
  models=$(cd "$root/models" && grep -l '"formula"' *.json | sed 's/\.json$//' | paste -sd, -)
fi
sha=$(git -C "$root" rev-parse --short "$base")
scratch="${TMPDIR:-/tmp}/bayesglmm-base-$sha"
out="${out:-${TMPDIR:-/tmp}/bayesglmm-$1-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
if [ ! -d "$scratch" ]; then
  mkdir -p "$scratch"
  git -C "$root" archive "$base" | tar -x -C "$scratch"
fi
if [ -n "${harness:-}" ]; then
  rm -rf "${scratch:?}/$harness" && mkdir -p "$scratch/$harness" && cp -r "$root/$harness/." "$scratch/$harness/"
  rm -rf "$scratch/$harness/bin" "$scratch/$harness/obj"
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for tree in "$scratch" "$root"; do
  dotnet build "$tree/$2" -c Release -v quiet -nologo > "$out/build-$(basename "$tree").log" 2>&1 \
    || { echo "build failed in $tree (see $out)"; exit 1; }
done

# alternate_rounds ROUNDS SUBCOMMAND ARGS...: runs `BayesGlmm.Benchmarks SUBCOMMAND ARGS...` in both builds ROUNDS times,
# alternating which goes first so that the load of a shared machine falls on both alike, into $out/roundR-base.txt and
# $out/roundR-new.txt, each beginning with the `uptime` before its run.
alternate_rounds() {
  local rounds="$1" r
  shift
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then one_round base "$scratch" "$r" "$@"; one_round new "$root" "$r" "$@"
    else one_round new "$root" "$r" "$@"; one_round base "$scratch" "$r" "$@"; fi
  done
}

one_round() { # one_round NAME TREE ROUND SUBCOMMAND ARGS...
  local name="$1" tree="$2" round="$3"
  shift 3
  local file="$out/round$round-$name.txt"
  echo "uptime: $(uptime)" > "$file"
  (cd "$tree" && dotnet benchmarks/BayesGlmm.Benchmarks/bin/Release/net10.0/BayesGlmm.Benchmarks.dll "$@") >> "$file" 2>&1
  echo "round $round $name: $(head -1 "$file")"
}
