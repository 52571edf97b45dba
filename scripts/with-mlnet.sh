# Sourced by the scripts that build the ML.NET integration wherever they can.
# with_mlnet_where_it_restores LOG CONSEQUENCE: sets the array with_mlnet to the build arguments that include the
# integration when the packages it needs (Microsoft.ML and others) restore from the package feed; otherwise empties it
# and says so, with CONSEQUENCE and restore's first errors (its whole output goes to LOG). It reports any failed restore
# as the feed's, so its callers first check that there is a .NET 10 SDK to restore with (scripts/dotnet-sdk.sh).
# The folder above the script's real path: started through a symlink, it still finds its repository.
with_mlnet_project="$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")/tests/Vae.MLNet.MLNet.Tests/Vae.MLNet.MLNet.Tests.csproj"
with_mlnet_where_it_restores() {
  with_mlnet=()
  if dotnet restore "$with_mlnet_project" -p:WithMLNet=true >"$1" 2>&1; then
    with_mlnet=(-p:WithMLNet=true)
  else
    echo "Vae.MLNet: the ML.NET packages could not be restored from the package feed, so $2:"
    grep -m 3 -E "error" "$1" | sed 's/^/  /' || true
  fi
}
