using System.Runtime.InteropServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// The OpenBLAS shared library, loaded at most once per process on first use and never unloaded: its worker threads
/// and thread-count setting are process-wide anyway.
/// </summary>
internal sealed unsafe class OpenBlasLibrary
{
    private static readonly Lazy<OpenBlasLibrary?> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private OpenBlasLibrary(
        delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm,
        delegate* unmanaged<int, void> setNumThreads)
    {
        Sgemm = sgemm;
        SetNumThreads = setNumThreads;
    }

    /// <summary>The library, or <see langword="null"/> when no candidate file loads or exports the needed functions.</summary>
    public static OpenBlasLibrary? Instance => Loaded.Value;

    /// <summary>The file names tried, in order, on this operating system; also used in error messages.</summary>
    public static IReadOnlyList<string> CandidateNames { get; } =
        OperatingSystem.IsWindows() ? ["libopenblas.dll", "openblas.dll"]
        : OperatingSystem.IsMacOS() ? ["libopenblas.0.dylib", "libopenblas.dylib"]
        : ["libopenblas.so.0", "libopenblas.so"];

    /// <summary>
    /// <c>cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)</c> with 32-bit integers,
    /// the interface of the ordinary (non-ILP64) OpenBLAS builds that distributions ship.
    /// </summary>
    public delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm { get; }

    /// <summary><c>openblas_set_num_threads(n)</c>, which changes the thread count of the whole process.</summary>
    public delegate* unmanaged<int, void> SetNumThreads { get; }

    private static OpenBlasLibrary? Load()
    {
        foreach (string name in CandidateNames)
        {
            if (!NativeLibrary.TryLoad(name, out nint handle))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm)
                && NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setNumThreads))
            {
                return new OpenBlasLibrary(
                    (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm,
                    (delegate* unmanaged<int, void>)setNumThreads);
            }

            // A library by that name without the CBLAS interface is not the OpenBLAS we want; let the next name try.
            NativeLibrary.Free(handle);
        }

        return null;
    }
}
