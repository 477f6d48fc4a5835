#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png by running the console's browser tests against a throwaway
# server (fresh data folder, random port), with LATCHKEY_SCREENSHOTS pointing at the folder.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LATCHKEY_SCREENSHOTS="$root/docs/screenshots"
export LATCHKEY_TEST_CHROMIUM="${LATCHKEY_TEST_CHROMIUM:-/usr/bin/chromium}"
dotnet test "$root/tests/Latchkey.Browser.Tests" -c Release
ls -l "$LATCHKEY_SCREENSHOTS"
