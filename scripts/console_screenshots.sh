#!/usr/bin/env bash
# Regenerates the console's screenshots in docs/ (the README shows them): runs the console's
# browser test (tests/browser/console_test.py, Debian's headless Chromium) against the built
# binary and copies the administrator's and the member's pages it captured.
#
#   scripts/console_screenshots.sh [build dir]      (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
binary="$build/securityhub-mock"
[[ -x "$binary" ]] || { echo "console_screenshots: no $binary; build first (cmake --build $build -j2)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 tests/browser/console_test.py "$binary" "$out"
cp "$out/console_admin.png" docs/console_admin.png
cp "$out/console_member.png" docs/console_member.png
cp "$out/console_findings.png" docs/console_findings.png
echo "console_screenshots: wrote docs/console_admin.png, docs/console_member.png and docs/console_findings.png"
