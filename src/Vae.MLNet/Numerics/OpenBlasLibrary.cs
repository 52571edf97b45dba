using System.Runtime.InteropServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// The OpenBLAS shared library, loaded at most once per process on first use and never unloaded: its worker threads
/// and thread-count setting are process-wide anyway. It is set to one thread when loaded, once: OpenBLAS's results
/// depend on its thread count, which any later setting would change under every product running in the process, so
/// a training's weights would depend on whatever else the process scored meanwhile. Products that may use more
/// threads split their rows across threads of their own (<see cref="OpenBlasMatrixMultiplier"/>).
/// </summary>
internal sealed unsafe class OpenBlasLibrary
{
    private static readonly Lazy<OpenBlasLibrary?> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private OpenBlasLibrary(delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm, string? coreName)
    {
        Sgemm = sgemm;
        CoreName = coreName;
    }

    /// <summary>The library, or <see langword="null"/> when no candidate file loads or exports the needed functions.</summary>
    public static OpenBlasLibrary? Instance => Loaded.Value;

    /// <summary>
    /// The file names tried, in order, on this operating system; also used in error messages. Homebrew keeps its
    /// OpenBLAS out of the library search path (macOS has its own BLAS), so on macOS its two prefixes are tried too.
    /// </summary>
    public static IReadOnlyList<string> CandidateNames { get; } =
        OperatingSystem.IsWindows() ? ["libopenblas.dll", "openblas.dll"]
        : OperatingSystem.IsMacOS() ? ["libopenblas.0.dylib", "libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib"]
        : ["libopenblas.so.0", "libopenblas.so"];

    /// <summary>
    /// <c>cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)</c> with 32-bit integers,
    /// the interface of the ordinary (non-ILP64) OpenBLAS builds that distributions ship.
    /// </summary>
    public delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm { get; }

    /// <summary>
    /// The kernels OpenBLAS runs (<c>openblas_get_corename</c>, such as <c>Haswell</c> or <c>Cooperlake</c>), or null
    /// when the library does not name them. OpenBLAS picks them for the CPU when it loads, unless the environment's
    /// OPENBLAS_CORETYPE names others, so a measurement of its speed says which it ran.
    /// </summary>
    public string? CoreName { get; }

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
                ((delegate* unmanaged<int, void>)setNumThreads)(1);
                string? coreName = NativeLibrary.TryGetExport(handle, "openblas_get_corename", out nint getCoreName)
                    ? Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)getCoreName)())
                    : null;
                return new OpenBlasLibrary((delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm, coreName);
            }

            // A library by that name without the CBLAS interface is not the OpenBLAS we want; let the next name try.
            NativeLibrary.Free(handle);
        }

        return null;
    }
}
