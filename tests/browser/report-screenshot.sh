#!/usr/bin/env bash
# Opens an HTML report in headless Chromium and saves a full-page screenshot, to look at it as a reader would.
# Usage: tests/browser/report-screenshot.sh out/radon/report.html [screenshot.png]
# Needs Debian's chromium (apt-get install -y chromium); installs it when missing and running as root.
set -euo pipefail
report=$(realpath "$1")
shot=${2:-${report%.html}.png}
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; else echo "chromium is not installed" >&2; exit 1; fi
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1100,4000 --screenshot="$shot" "file://$report" 2>/dev/null
echo "$shot"
