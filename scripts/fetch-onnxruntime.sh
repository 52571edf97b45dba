#!/usr/bin/env bash
# Fetches Microsoft's official ONNX Runtime build for this machine, linux-x64 or linux-arm64, into native/<rid>/; on
# another operating system it says where to find that system's library instead.
# The library binds ONNX Runtime's C API itself and needs no ONNX Runtime package, only this native library: the one
# the npm package onnxruntime-node ships, Microsoft's official build, pinned to one version and its sha256.
set -euo pipefail

if (($# > 0)); then
  echo "fetch-onnxruntime: unexpected arguments '$*'; it takes none (to use another ONNX Runtime library, set VAE_MLNET_ONNXRUNTIME to its full path)." >&2
  exit 2
fi

readonly ORT_VERSION="1.30.0"

# The library it fetches and the place the build copies it from are Linux's. On macOS, or on Windows under Git Bash
# (WSL is Linux), the loader looks for libonnxruntime.dylib or onnxruntime.dll, which the same package holds.
system="$(uname -s)"
if [[ "$system" != "Linux" ]]; then
  cat >&2 <<MSG
error: this system is $system; this script fetches ONNX Runtime for Linux only, and the build copies only that library.
Take the ONNX Runtime library for this system from the same npm package (npm pack onnxruntime-node@$ORT_VERSION), in
its folder under package/bin/napi-v6/ (darwin/arm64 for macOS on Apple silicon, win32/x64 for Windows), and set
VAE_MLNET_ONNXRUNTIME to its full path (docs/packaging.md, Set-up).
MSG
  exit 2
fi

# The package holds a library for each of these machines; a library for another one is skipped by the loader, which then
# reports the file as missing.
machine="$(uname -m)"
case "$machine" in
  x86_64) rid="linux-x64" ;;
  aarch64) rid="linux-arm64" ;;
  *) rid="" ;;
esac

report_not_fetched() {
  echo "ONNX Runtime not fetched: VAE_MLNET_ONNXRUNTIME names $VAE_MLNET_ONNXRUNTIME, which Vae.MLNet loads instead."
}

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# cannot_fetch PROBLEM NEXT: ends the run with what went wrong and the next step, besides which the variable always works.
cannot_fetch() {
  echo "error: $1" >&2
  echo "$2, or set VAE_MLNET_ONNXRUNTIME to the full path of an existing libonnxruntime.so.1 (version >= 1.23)." >&2
  exit 1
}

# Readable is not enough: a directory or a text file is readable, and the loader refuses it only when a model is scored.
chosen_library_problem() {
  if [[ "$1" != /* ]]; then
    echo "is not a full path (programs load it from wherever they run, so a relative path names another file there)"
  elif [[ -d "$1" ]]; then
    echo "is a directory"
  elif [[ ! -e "$1" ]]; then
    echo "does not exist"
  elif [[ ! -f "$1" ]]; then
    echo "is not a regular file"
  elif [[ ! -r "$1" ]]; then
    echo "cannot be read"
  elif [[ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" != "7f454c46" ]]; then
    echo "is not a shared library (it does not start with the ELF magic number)"
  fi
}

if [[ -n "${VAE_MLNET_ONNXRUNTIME:-}" ]]; then
  problem="$(chosen_library_problem "$VAE_MLNET_ONNXRUNTIME")"
  if [[ -n "$problem" ]]; then
    cat >&2 <<MSG
error: VAE_MLNET_ONNXRUNTIME names $VAE_MLNET_ONNXRUNTIME, which $problem.
Set it to the full path of an ONNX Runtime libonnxruntime.so.1 (version >= 1.23), or unset it and run this script
again to fetch the pinned $ORT_VERSION build.
MSG
    exit 1
  fi
fi

if [[ -z "$rid" ]]; then
  if [[ -n "${VAE_MLNET_ONNXRUNTIME:-}" ]]; then
    report_not_fetched
    exit 0
  fi
  cat >&2 <<MSG
error: this machine is $machine; this script fetches ONNX Runtime for x86_64 (linux-x64) and aarch64 (linux-arm64) only.
Get an ONNX Runtime libonnxruntime.so.1 (version >= 1.23) built for $machine and set VAE_MLNET_ONNXRUNTIME to its full
path (docs/packaging.md, Set-up).
MSG
  exit 2
fi

readonly MEMBER="package/bin/napi-v6/linux/${rid#linux-}/libonnxruntime.so.1"
# The folder above the script's real path: started through a symlink, it still finds its repository.
repo_root="$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")"
# The build checks the library against the same pinned hash before copying it next to the assemblies.
SHA256="$(tr -d '[:space:]' < "$repo_root/build/onnxruntime-$rid.sha256")"
readonly SHA256
dest_dir="$repo_root/native/$rid"
dest="$dest_dir/libonnxruntime.so.1"

if [[ -f "$dest" && "$(sha_of "$dest")" == "$SHA256" ]]; then
  echo "ONNX Runtime $ORT_VERSION already present: $dest"
  exit 0
fi

# The library is staged and installed there, so a folder that cannot be is reported before anything is downloaded.
if [[ -z "${VAE_MLNET_ONNXRUNTIME:-}" ]] && ! { mkdir -p "$dest_dir" 2>/dev/null && [[ -w "$dest_dir" ]]; }; then
  cannot_fetch "$dest_dir, where the library goes, cannot be created or written to." \
    "Make it a folder you can write to and run this script again"
fi

# The build refuses to copy a library with the wrong hash, so a damaged or outdated copy left here would fail every
# build, even one that never loads ONNX Runtime: it goes before anything is fetched, as the fetch may fail. Unless it is
# the very file VAE_MLNET_ONNXRUNTIME names, which the user chose knowing its hash.
if [[ -f "$dest" && ! "${VAE_MLNET_ONNXRUNTIME:-}" -ef "$dest" ]]; then
  rm -f "$dest"
  echo "Removed $dest: it is not the pinned $ORT_VERSION build (sha256 differs), and the build would refuse it."
fi

if [[ -n "${VAE_MLNET_ONNXRUNTIME:-}" ]]; then
  report_not_fetched
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  cat >&2 <<MSG
error: npm was not found, so ONNX Runtime $ORT_VERSION cannot be fetched.
Either install Node.js/npm (on Debian: sudo apt-get install npm) and run this script again:
  $0
or point Vae.MLNet at an existing ONNX Runtime library (version >= 1.23):
  export VAE_MLNET_ONNXRUNTIME=/path/to/libonnxruntime.so.1
MSG
  exit 2
fi

work="$(mktemp -d)"
staged=""
trap 'rm -rf "$work"; [[ -z "$staged" ]] || rm -f "$staged"' EXIT

echo "Fetching onnxruntime-node@$ORT_VERSION with npm pack..."
# npm verifies the tarball's integrity against the registry metadata. Its errors stay visible; its progress does not.
if ! tarball="$(cd "$work" && npm pack --loglevel=error "onnxruntime-node@$ORT_VERSION" | tail -n 1)" || [[ ! -f "$work/$tarball" ]]; then
  cannot_fetch "npm pack onnxruntime-node@$ORT_VERSION failed (npm's message is above): the registry may be unreachable or lack the package." \
    "Check npm's registry and proxy settings (npm config get registry) and run this script again"
fi
if ! tar -xzf "$work/$tarball" -C "$work" "$MEMBER"; then
  cannot_fetch "the onnxruntime-node@$ORT_VERSION package npm fetched is damaged or lacks $MEMBER (tar's message is above)." \
    "Run this script again; if it fails the same way, check npm's registry and proxy settings (npm config get registry)"
fi

actual="$(sha_of "$work/$MEMBER")"
if [[ "$actual" != "$SHA256" ]]; then
  cannot_fetch "sha256 mismatch for $MEMBER: expected $SHA256, got $actual, so the registry or a proxy served another build than Microsoft's." \
    "Check npm's registry and proxy settings (npm config get registry) and run this script again"
fi

# Stage inside the destination directory so the final mv is a same-filesystem atomic rename.
if ! { staged="$(mktemp "$dest_dir/.libonnxruntime.so.1.XXXXXX")" && cp "$work/$MEMBER" "$staged" && chmod 0755 "$staged" && mv -f "$staged" "$dest"; }; then
  cannot_fetch "the library could not be written into $dest_dir (the error is above)." \
    "Check the free space and permissions there and run this script again"
fi
staged=""
echo "ONNX Runtime $ORT_VERSION installed: $dest"
