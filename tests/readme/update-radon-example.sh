#!/usr/bin/env bash
# Rewrites README.md's radon example with what the program prints for the README's command, as ReadmeExampleTests runs it.
# Usage: bash tests/readme/update-radon-example.sh
# The command runs in a scratch folder with AVX-512 off (the draws depend on the vector width; see the README); the
# scratch folder in the last line is shown as /home/you/BayesGlmm.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
dotnet build src/BayesGlmm.Cli -c Release --nologo -v quiet >/dev/null
cli="$root/src/BayesGlmm.Cli/bin/Release/net10.0/BayesGlmm.Cli.dll"

# The README's arguments: what follows "--" on its "dotnet run ... -- fit models/radon.json" line.
line=$(grep -m1 -- 'dotnet run.*-- fit models/radon.json' README.md)
read -r -a args <<< "${line#* -- }"
[ "${args[0]}" = fit ] && [ "${args[1]}" = models/radon.json ] || { echo "README's radon command not found" >&2; exit 1; }
args[1]="$root/models/radon.json"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && env -u DOTNET_MaxVectorTBitWidth -u DOTNET_PreferredVectorBitWidth DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 \
  dotnet "$cli" "${args[@]}" > "$work/printed.txt" 2>/dev/null)
sed -i "s|$work|/home/you/BayesGlmm|g" "$work/printed.txt"
# Drop the trailing empty lines, then put the output between the marker's fences.
printf '%s\n' "$(cat "$work/printed.txt")" > "$work/block.txt"
awk -v block="$work/block.txt" '
  /^<!-- radon-example/ { print; marker = 1; next }
  marker == 1 && /^```$/ { print; while ((getline l < block) > 0) print l; marker = 2; next }
  marker == 2 { if ($0 == "```") { print; marker = 0 } ; next }
  { print }
' README.md > "$work/README.md"
cp "$work/README.md" README.md
echo "README.md: radon example rewritten"
