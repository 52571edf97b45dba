#!/usr/bin/env bash
# Sets the machine up (scripts/setup.sh) and runs the demo: a VAE trained on the 8×8 digits shipped in samples/data.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo/scripts/setup.sh"
exec dotnet run -c Release --project "$repo/samples/Vae.MLNet.Demo"
