#!/usr/bin/env bash
# Sets the machine up (scripts/setup.sh), builds, runs every test project, and ends with one line:
#   tests: N passed, M failed[, K skipped]
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
"$repo/scripts/setup.sh" || exit 1

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test Vae.MLNet.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

count() { grep -oE "$1: +[0-9]+" "$log" | awk '{ total += $2 } END { print total + 0 }'; }
passed=$(count 'Passed')
failed=$(count 'Failed')
skipped=$(count 'Skipped')
line="tests: ${passed:-0} passed, ${failed:-0} failed"
if [[ "${skipped:-0}" != "0" ]]; then
  line+=", ${skipped} skipped"
fi
echo "$line"
if [[ $status -eq 0 && "${passed:-0}" == "0" ]]; then
  echo "test: no test ran" >&2
  exit 1
fi
exit $status
