# Sourced by the scripts that build, before they set up anything: without it a missing or older SDK shows as
# "dotnet: not found", a package feed that seems not to restore, or a build error.
# require_dotnet_sdk REPOSITORY: returns when dotnet builds REPOSITORY with a .NET 10 SDK; otherwise says what is wrong
# and where to get the SDK, and exits the script with 1.
require_dotnet_sdk() {
  local version problem
  if ! command -v dotnet >/dev/null 2>&1; then
    problem="dotnet was not found on PATH"
  # global.json asks for a 10.0 SDK, so dotnet --version fails in the repository when none is installed.
  elif ! version="$(cd "$1" && dotnet --version 2>/dev/null)"; then
    problem="dotnet on PATH has none (dotnet --version fails in the repository)"
  elif [[ "$version" != 10.* ]]; then
    problem="dotnet on PATH is SDK $version"
  else
    return 0
  fi
  echo "error: Vae.MLNet needs the .NET 10 SDK, and $problem. Install it from https://dot.net (on Debian: Microsoft's package dotnet-sdk-10.0), then run this again." >&2
  exit 1
}
