# Sourced by the scripts that build the ML.NET integration where they can.
# mlnet_restores LOG: whether the packages the integration needs (Microsoft.ML and others) restore from the package feed;
# restore's output goes to LOG, to tell why not.
mlnet_restores_project="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/Vae.MLNet.MLNet.Tests/Vae.MLNet.MLNet.Tests.csproj"
mlnet_restores() {
  dotnet restore "$mlnet_restores_project" -p:WithMLNet=true >"$1" 2>&1
}
