#!/usr/bin/env bash
# Packs Vae.MLNet, its ML.NET face (where Microsoft.ML restores) and the vae tool into artifacts/packages, then uses
# them as a user would: a program outside the repository references the library's package, trains, saves and scores
# through the ONNX Runtime the package carries; the tool is installed from its package and trains. Ends with one line:
#   packages: ... checked
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
out="$repo/artifacts/packages"

# The library's package carries ONNX Runtime's linux-x64 library, so it must be here first.
scripts/fetch-onnxruntime.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/vae-pack-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

source "$repo/scripts/mlnet-restores.sh"
with_mlnet=()
if mlnet_restores "$work/restore.log"; then
  with_mlnet=(-p:WithMLNet=true)
else
  echo "packages: Vae.MLNet.MLNet not packed: the ML.NET packages could not be restored from the package feed."
fi

version="$(dotnet msbuild src/Vae.MLNet/Vae.MLNet.csproj -getProperty:PackageVersion)"
rm -f "$out"/Vae.MLNet*."$version".nupkg "$out"/Vae.MLNet*."$version".snupkg
dotnet pack Vae.MLNet.sln -c Release -o "$out" "${with_mlnet[@]}" -nologo -v:q -clp:NoSummary

# A package folder of its own: the global one may hold an earlier package of the same version, which restore would
# take instead of the one just packed.
export NUGET_PACKAGES="$work/nuget-packages"
unset VAE_MLNET_ONNXRUNTIME
cp -r tests/PackageCheck "$work/app"
cp nuget.config "$work/app/"
dotnet nuget add source "$out" --name vae-mlnet-packages --configfile "$work/app/nuget.config" >/dev/null

fail() { echo "packages: check failed: $1" >&2; exit 1; }
if ! dotnet build "$work/app/PackageCheck.csproj" -c Release -p:VaeMLNetVersion="$version" -o "$work/app/bin" -nologo >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  fail "a program referencing the Vae.MLNet package did not build"
fi
[[ -f "$work/app/bin/runtimes/linux-x64/native/libonnxruntime.so.1" ]] || fail "the application did not get the package's ONNX Runtime library"
[[ ! -e "$work/app/bin/libonnxruntime.so.1" ]] || fail "ONNX Runtime lies in the application's directory, so the package's native asset went untested"
mkdir "$work/run"
"$work/app/bin/PackageCheck" samples/data/digits.csv "$work/run" | tee "$work/run.log"
grep -q "ONNX Runtime loaded from $work/app/bin/runtimes/linux-x64/native/libonnxruntime.so.1$" "$work/run.log" \
  || fail "ONNX Runtime was not loaded from the package's native asset"

dotnet tool install Vae.MLNet.Cli --version "$version" --tool-path "$work/tools" --configfile "$work/app/nuget.config" >/dev/null
"$work/tools/vae" train samples/data/digits.csv --label-column target --scaling MinMax --epochs 2 --out "$work/run/tool.zip" >/dev/null
"$work/tools/vae" inspect "$work/run/tool.zip" >"$work/inspect.txt"
grep -qE "library +Vae.MLNet $version " "$work/inspect.txt" && grep -qE "input dimension +64 " "$work/inspect.txt" \
  || fail "vae inspect does not show a Vae.MLNet $version model of the 64 pixels"

packed=$(cd "$out" && ls Vae.MLNet*."$version".nupkg | tr '\n' ' ')
echo "packages: ${packed% } in artifacts/packages, checked"
