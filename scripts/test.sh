#!/usr/bin/env bash
# Sets the machine up (scripts/setup.sh), builds, runs every test project, packs and checks the packages
# (scripts/pack.sh), and ends with one line:
#   tests: N passed, M failed[, K skipped]
set -uo pipefail
# The folder above the script's real path: started through a symlink, it still finds its repository.
repo="$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")"
cd "$repo"
source "$repo/scripts/dotnet-sdk.sh"
require_dotnet_sdk "$repo"
if ! "$repo/scripts/setup.sh"; then
  echo "tests: not run (set-up failed, as shown above)"
  exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# The ML.NET integration is built and tested wherever the package feed has its packages; elsewhere the build says it
# left it out, and everything else is tested.
source "$repo/scripts/with-mlnet.sh"
with_mlnet_where_it_restores "$log" "the ML.NET integration is not tested in this run"

dotnet test Vae.MLNet.sln -c Release "${with_mlnet[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
packages_failed=0
# The library's package carries the pinned linux-x64 ONNX Runtime, so the build packs it on linux-x64 alone, and only
# once set-up has fetched that library, which it does not where VAE_MLNET_ONNXRUNTIME names another library to use.
machine="$(uname -m)"
if [[ "$machine" != x86_64 ]]; then
  echo "packages: not packed or checked: the library's package carries ONNX Runtime's linux-x64 library, so packages are packed and checked on linux-x64 (x86_64) only, and this machine is $machine."
elif [[ -f "$repo/native/linux-x64/libonnxruntime.so.1" ]]; then
  "$repo/scripts/pack.sh" || packages_failed=1
else
  echo "packages: not packed or checked: the library's package carries the pinned ONNX Runtime, which is not in native/ (VAE_MLNET_ONNXRUNTIME names another library); unset VAE_MLNET_ONNXRUNTIME and run scripts/fetch-onnxruntime.sh to fetch it."
fi

count() { grep -oE "$1: +[0-9]+" "$log" | awk '{ total += $2 } END { print total + 0 }'; }
passed=$(count 'Passed')
failed=$(count 'Failed')
skipped=$(count 'Skipped')
line="tests: ${passed:-0} passed, ${failed:-0} failed"
if [[ "${skipped:-0}" != "0" ]]; then
  line+=", ${skipped} skipped"
fi
# A build error or a crashed test host fails the run without failing a test, and its projects' tests are not counted.
if [[ $status -ne 0 && "${failed:-0}" == "0" ]]; then
  line+=" (the run failed: a build error or a crashed test host, as shown above)"
fi
if [[ $packages_failed -ne 0 ]]; then
  line+=" (the package check failed, as shown above)"
  status=1
fi
echo "$line"
if [[ $status -eq 0 && "${passed:-0}" == "0" ]]; then
  echo "test: no test ran" >&2
  exit 1
fi
exit $status
