#!/usr/bin/env bash
# Packs Vae.MLNet, its ML.NET face (where Microsoft.ML restores) and the vae tool into artifacts/packages, then uses
# the packages as a user would: a program outside the repository references the library's package, trains, saves and
# scores through the ONNX Runtime the package carries; another, where the ML.NET face was packed, references its package
# and trains, saves, loads and scores an ML.NET pipeline; the tool is installed from its package and trains. Ends with
# one line:
#   packages: ... checked
set -euo pipefail
# The folder above the script's real path: started through a symlink, it still finds its repository.
repo="$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")"
cd "$repo"
source "$repo/scripts/dotnet-sdk.sh"
require_dotnet_sdk "$repo"
out="$repo/artifacts/packages"

# The library's package carries the pinned ONNX Runtime, so it is fetched even where VAE_MLNET_ONNXRUNTIME names another
# library; the check below must load the package's own copy, not that one.
unset VAE_MLNET_ONNXRUNTIME
scripts/fetch-onnxruntime.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/vae-pack-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "packages: check failed: $1" >&2; exit 1; }

source "$repo/scripts/with-mlnet.sh"
with_mlnet_where_it_restores "$work/restore.log" "Vae.MLNet.MLNet is not packed"

version="$(dotnet msbuild src/Vae.MLNet/Vae.MLNet.csproj -getProperty:PackageVersion)"
rm -f "$out"/Vae.MLNet*."$version".nupkg "$out"/Vae.MLNet*."$version".snupkg
# ContinuousIntegrationBuild maps the source paths the assemblies and their PDBs record to /_/, so that packing from
# any checkout's directory gives the same bytes, and no package carries the packer's paths.
dotnet pack Vae.MLNet.sln -c Release -o "$out" -p:ContinuousIntegrationBuild=true "${with_mlnet[@]}" -nologo -v:q -clp:NoSummary

# require_notices PACKAGE: the THIRD-PARTY-NOTICES.txt that PACKAGE carries names every library file it redistributes
# and, for a tool, every package its deps.json lists, at that version.
require_notices() {
  local package="$out/$1.$version.nupkg" notices name
  notices="$(unzip -p "$package" THIRD-PARTY-NOTICES.txt)" || fail "$1.$version.nupkg carries no THIRD-PARTY-NOTICES.txt"
  while read -r name; do
    grep -qF "$name" <<<"$notices" || fail "$1.$version.nupkg carries $name, which its THIRD-PARTY-NOTICES.txt does not name"
  done < <(unzip -Z1 "$package" | grep -E '\.(dll|so(\.[0-9]+)*)$' | grep -vE '(^|/)Vae\.MLNet[^/]*\.dll$' | xargs -r -n1 basename | sort -u;
           unzip -p "$package" '*.deps.json' 2>/dev/null | grep -B1 '"type": "package"' | grep -oE '"[^"]+/[^"]+"' | tr -d '"' | tr / ' ')
}
require_notices Vae.MLNet
require_notices Vae.MLNet.Cli

# A package folder of its own: the global one may hold an earlier package of the same version, which restore would
# take instead of the one just packed. The check programs' folders keep their names, as the ML.NET one shares a file
# with the other; the nuget.config above them serves both.
export NUGET_PACKAGES="$work/nuget-packages"
cp nuget.config "$work/"
dotnet nuget add source "$out" --name vae-mlnet-packages --configfile "$work/nuget.config" >/dev/null
# build_check NAME PACKAGE: builds tests/NAME, copied out of the repository, into $work/NAME/bin against the packed PACKAGE.
build_check() {
  cp -r "tests/$1" "$work/$1"
  if ! dotnet build "$work/$1/$1.csproj" -c Release -p:VaeMLNetVersion="$version" -o "$work/$1/bin" -nologo >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    fail "a program referencing the $2 package did not build"
  fi
}

build_check PackageCheck Vae.MLNet
app="$work/PackageCheck/bin"
[[ -f "$app/runtimes/linux-x64/native/libonnxruntime.so.1" ]] || fail "the application did not get the package's ONNX Runtime library"
[[ ! -e "$app/libonnxruntime.so.1" ]] || fail "ONNX Runtime lies in the application's directory, so the package's native asset went untested"
mkdir "$work/run"
"$app/PackageCheck" samples/data/digits.csv "$work/run" | tee "$work/run.log" \
  || fail "the program using the library's package failed, as shown above"
grep -q "ONNX Runtime loaded from $app/runtimes/linux-x64/native/libonnxruntime.so.1$" "$work/run.log" \
  || fail "ONNX Runtime was not loaded from the package's native asset"

checked="Vae.MLNet.$version.nupkg"
if [[ ${#with_mlnet[@]} -gt 0 ]]; then
  build_check PackageCheck.MLNet Vae.MLNet.MLNet
  "$work/PackageCheck.MLNet/bin/PackageCheck.MLNet" samples/data/digits.csv "$work/run" \
    || fail "the ML.NET pipeline using the Vae.MLNet.MLNet package failed, as shown above"
  checked+=", Vae.MLNet.MLNet.$version.nupkg"
fi

dotnet tool install Vae.MLNet.Cli --version "$version" --tool-path "$work/tools" --configfile "$work/nuget.config" >/dev/null \
  || fail "the vae tool did not install from its package"
"$work/tools/vae" train samples/data/digits.csv --label-column target --scaling MinMax --epochs 2 --out "$work/run/tool.zip" >/dev/null \
  || fail "the vae tool installed from its package did not train"
"$work/tools/vae" inspect "$work/run/tool.zip" >"$work/inspect.txt" || fail "the vae tool installed from its package did not inspect its model"
grep -qE "library +Vae.MLNet $version(\+[0-9a-f]{40})?( |$)" "$work/inspect.txt" && grep -qE "input dimension +64( |$)" "$work/inspect.txt" \
  || fail "vae inspect does not show a Vae.MLNet $version model of the 64 pixels"

packed=$(cd "$out" && ls Vae.MLNet*."$version".nupkg | tr '\n' ' ')
echo "packages: ${packed% } in artifacts/packages; $checked and Vae.MLNet.Cli.$version.nupkg checked by use"
