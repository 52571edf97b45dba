#!/usr/bin/env bash
# Installs what Vae.MLNet needs on a Debian-like machine, idempotently:
#   - libopenblas0-pthread: the BLAS the trainer multiplies matrices with (without it the managed fallback runs);
#   - python3-onnx: Debian's ONNX checker, which the tests run over every exported graph;
#   - python3-pil: an independent PNG decoder the tests check our encoder against;
#   - with --peers, python3-torch: the PyTorch peer the benchmarks compare against;
#   - the ONNX Runtime native library (scripts/fetch-onnxruntime.sh).
# Where packages cannot be installed (no root, no apt-get) it says so once and carries on.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(libopenblas0-pthread python3-onnx python3-pil)
if [[ "${1:-}" == "--peers" ]]; then
  packages+=(python3-torch python3-numpy)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  as_root=""
  if [[ $(id -u) -eq 0 ]]; then
    as_root="env"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root="sudo"
  fi
  if [[ -n "$as_root" ]] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}"
    $as_root apt-get update -qq
    $as_root DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: cannot install ${missing[*]} (needs apt-get and root). Training falls back to the managed matrix multiplier and the ONNX checker tests report inconclusive." >&2
  fi
fi

if [[ -x "$repo/scripts/fetch-onnxruntime.sh" ]]; then
  "$repo/scripts/fetch-onnxruntime.sh"
fi
