#!/usr/bin/env bash
# Sets the machine up (scripts/setup.sh) and runs the demo: a VAE trained on the 8×8 digits shipped in samples/data.
set -euo pipefail
# The folder above the script's real path: started through a symlink, it still finds its repository.
repo="$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")"
source "$repo/scripts/dotnet-sdk.sh"
require_dotnet_sdk "$repo"
# The demo takes no options: given any, it only prints its usage (--help) or refuses them, which needs no set-up.
if [[ $# -eq 0 ]]; then
  # The demo trains and scores in process and never loads ONNX Runtime, so it runs even when set-up could not fetch it.
  "$repo/scripts/setup.sh" || echo "demo: set-up was incomplete (see above); the demo does not need ONNX Runtime, so it runs anyway." >&2
fi
exec dotnet run -c Release --project "$repo/samples/Vae.MLNet.Demo" -- "$@"
