namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Says when the environment, not OpenBLAS, chose the kernels OpenBLAS runs in this process. OPENBLAS_CORETYPE (this
/// machine's sets Haswell) makes it run the kernels it names, AVX2 ones for Haswell on an AVX-512 CPU, and is read when
/// the library loads, so the process cannot undo it; the peers run without it (<see cref="PeerProcess"/>), so a figure
/// of ours on those kernels would be measured against a peer on faster ones.
/// </summary>
internal static class OpenBlasPinning
{
    /// <summary>The environment variable that names the kernels OpenBLAS runs, in place of the ones it picks for the CPU.</summary>
    private const string CoreType = "OPENBLAS_CORETYPE";

    /// <summary>Prints a warning when OPENBLAS_CORETYPE is set, with the command that measures OpenBLAS's own choice.</summary>
    /// <param name="mode">The benchmark's mode, for that command.</param>
    /// <param name="core">The kernels OpenBLAS runs (<c>openblas_get_corename</c>), or null when it does not name them.</param>
    public static void WarnIfPinned(string mode, string? core)
    {
        if (Environment.GetEnvironmentVariable(CoreType) is { Length: > 0 } pinned)
        {
            Console.WriteLine(
                $"{CoreType}={pinned} is set, so OpenBLAS runs its {core ?? "unnamed"} kernels instead of those it picks for this CPU; "
                + $"to measure its own choice, run env -u {CoreType} dotnet run -c Release --project tests/Vae.MLNet.Benchmarks -- {mode} ...");
        }
    }
}
