#!/usr/bin/env bash
# Installs what Vae.MLNet needs on a Debian-like machine, idempotently:
#   - libopenblas0-pthread: the BLAS the trainer multiplies matrices with (without it the managed fallback runs);
#   - python3-onnx: Debian's ONNX checker, which the tests run over every exported graph;
#   - python3-pil: an independent PNG decoder the tests check our encoder against;
#   - python3-torch: PyTorch, which the tests train beside the engine step by step, and the benchmarks' peer;
#   - with --peers, python3-numpy, which the benchmarks' peer scripts import;
#   - the ONNX Runtime native library (scripts/fetch-onnxruntime.sh).
# Where packages cannot be installed (no root, no apt-get, one the release lacks) it names them, installs the others
# and carries on.
# It exits non-zero only when the ONNX Runtime library is neither present nor fetched.
set -euo pipefail
# The folder above the script's real path: started through a symlink, it still finds its repository.
repo="$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")"

packages=(libopenblas0-pthread python3-onnx python3-pil python3-torch)
case "$#:${1:-}" in
  0:) ;;
  1:--peers) packages+=(python3-numpy) ;;
  *) echo "setup: unexpected arguments '$*'; the only option is --peers (also install python3-numpy, which the benchmarks' PyTorch peer imports)." >&2; exit 2 ;;
esac

# What goes without each package, for the message when it cannot be installed.
declare -A without=(
  [libopenblas0-pthread]="training uses the managed matrix multiplier"
  [python3-onnx]="the ONNX checker tests report inconclusive"
  [python3-pil]="the PNG decoder tests report inconclusive"
  [python3-torch]="the PyTorch training-step tests report inconclusive, and the benchmarks run without their PyTorch peer"
  [python3-numpy]="the benchmarks run without their PyTorch peer"
)

missing=()
for package in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)" != "installed" ]]; then
    missing+=("$package")
  fi
done

cannot_install() {
  echo "setup: could not install ${missing[*]} ($1); to install them: sudo apt-get install ${missing[*]}" >&2
  for package in "${missing[@]}"; do
    echo "setup:   without $package, ${without[$package]}." >&2
  done
}

# apt_install PACKAGE...: installs them with apt-get as root (run through $as_root), showing only its errors.
apt_install() { $as_root DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }

if ((${#missing[@]} > 0)); then
  as_root=""
  if [[ $(id -u) -eq 0 ]]; then
    as_root="env"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root="sudo"
  fi
  if [[ -z "$as_root" ]] || ! command -v apt-get >/dev/null; then
    cannot_install "installing needs apt-get and root"
  else
    echo "setup: installing ${missing[*]}"
    # The packages are optional, so nothing apt-get fails to do stops set-up. A failed update (an unreachable mirror, one
    # broken repository) still leaves the lists already on the machine to install from.
    $as_root apt-get update -qq || echo "setup: apt-get update failed, as shown above; installing from the package lists already here." >&2
    # apt-get installs none of the packages when it cannot install one (one the release lacks), so then each is tried
    # alone, and those errors are the ones shown.
    if ! apt_install "${missing[@]}" 2>/dev/null; then
      not_installed=()
      for package in "${missing[@]}"; do
        apt_install "$package" || not_installed+=("$package")
      done
      missing=("${not_installed[@]}")
      if ((${#missing[@]} > 0)); then
        cannot_install "apt-get failed, as shown above"
      fi
    fi
  fi
fi

bash "$repo/scripts/fetch-onnxruntime.sh"
