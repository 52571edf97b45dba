using System.Runtime.Intrinsics;

namespace Vae.MLNet.Numerics;

/// <summary>Chooses and creates the <see cref="IMatrixMultiplier"/> for a <see cref="GemmBackend"/> setting.</summary>
internal static class MatrixMultipliers
{
    private const string InstallHint =
        "Install libopenblas0-pthread (Debian/Ubuntu), openblas (Fedora, Homebrew) or put libopenblas.dll on the PATH (Windows)";

    private static int _fallbackReported;
    private static int _fallbackKernelsReported;

    /// <summary>Whether <see cref="GemmBackend.Auto"/> takes OpenBLAS where it loads: where 512-bit vectors are not accelerated.</summary>
    private static bool AutoPrefersOpenBlas => !Vector512.IsHardwareAccelerated;

    /// <summary>Whether the OpenBLAS shared library loads in this process; the first call tries to load it.</summary>
    public static bool IsOpenBlasAvailable => OpenBlasLibrary.Instance is not null;

    /// <summary>
    /// Creates the multiplier for <paramref name="backend"/> where it is available here, otherwise
    /// <see cref="GemmBackend.Auto"/>'s: the backend a model was trained with is a preference of the machine that trained
    /// it, and a model trained with OpenBLAS must still score where OpenBLAS is not installed.
    /// </summary>
    /// <param name="backend">The preferred backend.</param>
    /// <param name="threads">Threads each product may use, at least 1.</param>
    public static IMatrixMultiplier CreatePreferring(GemmBackend backend, int threads) =>
        Create(backend == GemmBackend.OpenBlas && !IsOpenBlasAvailable ? GemmBackend.Auto : backend, threads);

    /// <summary>
    /// <see cref="Create"/> for a training, which where <see cref="GemmBackend.Auto"/> would take OpenBLAS and it does
    /// not load says so once per process on standard error, with the loader's reason, and so does a training asking for
    /// <see cref="GemmBackend.OpenBlas"/> where OpenBLAS runs fallback kernels, which train more slowly than the managed
    /// implementation <see cref="GemmBackend.Auto"/> takes. Only training says so, since the advice is about training's
    /// speed; encoding, generating and the other scoring commands run without it quietly.
    /// </summary>
    /// <param name="backend">The backend, as for <see cref="Create"/>.</param>
    /// <param name="threads">Threads each product may use, at least 1.</param>
    public static IMatrixMultiplier CreateForTraining(GemmBackend backend, int threads)
    {
        if (backend == GemmBackend.Auto && AutoPrefersOpenBlas && OpenBlasLibrary.Failure is { } failure
            && Interlocked.Exchange(ref _fallbackReported, 1) == 0)
        {
            Console.Error.WriteLine(
                $"Vae.MLNet: OpenBLAS could not be loaded ({failure}); training uses the managed matrix multiplier. "
                + $"{InstallHint} for faster training.");
        }

        if (backend == GemmBackend.OpenBlas && OpenBlasLibrary.Instance is { RunsFallbackKernels: true } fallback
            && Interlocked.Exchange(ref _fallbackKernelsReported, 1) == 0)
        {
            Console.Error.WriteLine(
                $"Vae.MLNet: OpenBLAS{(fallback.Version is { } version ? " " + version : string.Empty)} runs its {fallback.CoreName} kernels on this CPU, "
                + $"narrower than the managed matrix multiplier's {OpenBlasKernels.NameOf(OpenBlasKernels.ManagedKernelLevel(OpenBlasKernels.CpuLevel))} ones, "
                + "so training with it is the slower; the automatic choice trains with the managed one.");
        }

        return Create(backend, threads);
    }

    /// <summary>Creates the multiplier for <paramref name="backend"/>.</summary>
    /// <param name="backend">
    /// <see cref="GemmBackend.Auto"/> takes the managed implementation where 512-bit vectors are accelerated, since its
    /// AVX-512 kernel trains faster than OpenBLAS there; elsewhere it takes OpenBLAS when it loads and runs kernels as
    /// wide as the managed implementation's (<see cref="OpenBlasLibrary.RunsFallbackKernels"/>), and otherwise the managed
    /// implementation.
    /// </param>
    /// <param name="threads">Threads each product may use, at least 1.</param>
    /// <exception cref="DllNotFoundException"><see cref="GemmBackend.OpenBlas"/> was requested and the library does not load.</exception>
    public static IMatrixMultiplier Create(GemmBackend backend, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        switch (backend)
        {
            case GemmBackend.Managed:
                return new ManagedMatrixMultiplier(threads);

            case GemmBackend.OpenBlas:
                return OpenBlasLibrary.Instance is { } library
                    ? new OpenBlasMatrixMultiplier(library, threads)
                    : throw new DllNotFoundException(
                        $"GemmBackend.OpenBlas needs OpenBLAS, but none of {string.Join(", ", OpenBlasLibrary.CandidateNames)} "
                        + $"could be loaded ({OpenBlasLibrary.Failure}). {InstallHint}, or choose GemmBackend.Auto or GemmBackend.Managed.");

            case GemmBackend.Auto:
                if (!AutoPrefersOpenBlas)
                {
                    return new ManagedMatrixMultiplier(threads);
                }

                if (OpenBlasLibrary.Instance is { RunsFallbackKernels: false } available)
                {
                    return new OpenBlasMatrixMultiplier(available, threads);
                }

                return new ManagedMatrixMultiplier(threads);

            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown GEMM backend.");
        }
    }
}
