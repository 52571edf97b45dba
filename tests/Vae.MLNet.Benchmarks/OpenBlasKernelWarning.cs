using Vae.MLNet.Numerics;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Says when OpenBLAS runs kernels other than this CPU's own in this process, so that its figures are not read as its
/// best. OPENBLAS_CORETYPE (the AMD machines' sets Haswell) makes it run the kernels it names, AVX2 ones for Haswell on
/// an AVX-512 CPU, and is read when the library loads, so the process cannot undo it; the peers run without it
/// (<see cref="PeerProcess"/>), so a figure of ours on those kernels would be measured against a peer on faster ones.
/// Unset, a release older than the CPU falls back to narrower kernels by itself (0.3.21's Prescott ones on Emerald
/// Rapids), which the peers replace with the CPU's own.
/// </summary>
internal static class OpenBlasKernelWarning
{
    /// <summary>The environment variable that names the kernels OpenBLAS runs, in place of the ones it picks for the CPU.</summary>
    private const string CoreType = "OPENBLAS_CORETYPE";

    /// <summary>Prints <see cref="Warning"/> for the loaded OpenBLAS, when there is one.</summary>
    /// <param name="mode">The benchmark's mode, for the command the warning gives.</param>
    /// <param name="library">The loaded OpenBLAS.</param>
    public static void WarnOfKernels(string mode, OpenBlasLibrary library)
    {
        if (Warning(mode, Environment.GetEnvironmentVariable(CoreType), library.CoreName, library.Version, OpenBlasKernels.CpuLevel) is { } warning)
        {
            Console.WriteLine(warning);
        }
    }

    /// <summary>
    /// The warning, with the command that measures OpenBLAS on other kernels, when OPENBLAS_CORETYPE is set or when,
    /// unset, OpenBLAS picked kernels narrower than <paramref name="cpuLevel"/>; otherwise null.
    /// </summary>
    /// <param name="mode">The benchmark's mode, for that command.</param>
    /// <param name="pinned">The value of OPENBLAS_CORETYPE, or null.</param>
    /// <param name="core">The kernels OpenBLAS runs (<c>openblas_get_corename</c>), or null when it does not name them.</param>
    /// <param name="version">OpenBLAS's version, or null when it does not report it.</param>
    /// <param name="cpuLevel">The widest instructions of this CPU.</param>
    internal static string? Warning(string mode, string? pinned, string? core, string? version, OpenBlasKernels.Level cpuLevel)
    {
        string command = $"dotnet run -c Release --project tests/Vae.MLNet.Benchmarks -- {mode} ...";
        if (pinned is { Length: > 0 })
        {
            return $"{CoreType}={pinned} is set, so OpenBLAS runs its {core ?? "unnamed"} kernels instead of those it picks for this CPU; "
                + $"to measure its own choice, run env -u {CoreType} {command}";
        }

        return OpenBlasKernels.AreNarrowerThan(core, cpuLevel) && OpenBlasKernels.CoreFor(cpuLevel) is { } own
            ? $"OpenBLAS{(version is null ? string.Empty : " " + version)} runs its {core} kernels here, narrower than this CPU's "
                + $"{OpenBlasKernels.NameOf(cpuLevel)} instructions (a release older than the CPU falls back so); to measure it on the CPU's own, run {CoreType}={own} {command}"
            : null;
    }
}
