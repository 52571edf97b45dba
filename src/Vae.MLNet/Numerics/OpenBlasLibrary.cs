using System.Runtime.InteropServices;
using Vae.MLNet.Runtime;

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
    private static readonly Lazy<(OpenBlasLibrary? Library, string? Failure)> Loaded = new(LoadCandidates, LazyThreadSafetyMode.ExecutionAndPublication);

    private OpenBlasLibrary(delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm, string? coreName, string? version)
    {
        Sgemm = sgemm;
        CoreName = coreName;
        Version = version;
    }

    /// <summary>The library, or <see langword="null"/> when no candidate file loads or exports the needed functions.</summary>
    public static OpenBlasLibrary? Instance => Loaded.Value.Library;

    /// <summary>
    /// Why the first candidate could not be used, in the operating system's words, which name the file when one was
    /// found (<c>/usr/lib/x86_64-linux-gnu/libopenblas.so.0: file too short</c>) and say so when none was; null when
    /// the library loaded.
    /// </summary>
    public static string? Failure => Loaded.Value.Failure;

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

    /// <summary>
    /// Whether OpenBLAS runs kernels with narrower vector instructions than the managed kernel would without 512-bit
    /// vectors, as it does on a CPU newer than its release; the managed kernel is then the faster.
    /// </summary>
    public bool RunsFallbackKernels => OpenBlasKernels.AreNarrowerThanManagedKernel(CoreName, OpenBlasKernels.CpuLevel);

    /// <summary>
    /// The library's version (such as <c>0.3.21</c>), from <c>openblas_get_config</c>, or null when the library does
    /// not report it: releases differ in how their kernels order a product's sums, so a model's last bits depend on it.
    /// </summary>
    public string? Version { get; }

    private static (OpenBlasLibrary? Library, string? Failure) LoadCandidates() => (Load(CandidateNames, out string? failure), failure);

    /// <summary>Loads the first of <paramref name="names"/> that loads and exports the needed functions.</summary>
    /// <param name="names">
    /// File names or paths to try, in order. A bare name is left to the system's loader, after the file it would take
    /// (<see cref="SystemLibrarySearch"/>) is examined; a path is examined itself.
    /// </param>
    /// <param name="failure">Why the first name could not be used, when none could; otherwise null.</param>
    internal static OpenBlasLibrary? Load(IReadOnlyList<string> names, out string? failure)
    {
        failure = null;
        foreach (string name in names)
        {
            if (Truncated(name) is { } truncated)
            {
                failure ??= $"{truncated.Path} {truncated.Truncation}; replace it with an intact copy";
                continue;
            }

            nint handle;
            try
            {
                handle = NativeLibrary.Load(name);
            }
            catch (Exception unloadable) when (unloadable is DllNotFoundException or BadImageFormatException)
            {
                failure ??= OperatingSystemReason(unloadable.Message);
                continue;
            }

            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm)
                && NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setNumThreads))
            {
                ((delegate* unmanaged<int, void>)setNumThreads)(1);
                string? coreName = NativeLibrary.TryGetExport(handle, "openblas_get_corename", out nint getCoreName)
                    ? Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)getCoreName)())
                    : null;
                string? version = NativeLibrary.TryGetExport(handle, "openblas_get_config", out nint getConfig)
                    ? VersionIn(Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)getConfig)()))
                    : null;
                failure = null;
                return new OpenBlasLibrary((delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm, coreName, version);
            }

            // A library by that name without the CBLAS interface is not the OpenBLAS we want; let the next name try.
            failure ??= $"{name} loads but exports no cblas_sgemm or openblas_set_num_threads";
            NativeLibrary.Free(handle);
        }

        return null;
    }

    // Loading a truncated library kills the process with SIGBUS, beyond the reach of any exception, so it is refused
    // unloaded: a path as it is, a bare name as the file the loader would take for it.
    private static (string Path, string Truncation)? Truncated(string name) =>
        !OperatingSystem.IsLinux() ? null
        : Path.GetFileName(name) == name ? SystemLibrarySearch.FindTruncated(name)
        : SystemLibrarySearch.TruncationOf(name) is { } truncation ? (name, truncation)
        : null;

    /// <summary>
    /// The version in an <c>openblas_get_config</c> string, which since OpenBLAS 0.3 begins <c>OpenBLAS 0.3.21</c>
    /// before its build options; null when it does not begin so.
    /// </summary>
    internal static string? VersionIn(string? config) =>
        config?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["OpenBLAS", { } version, ..] && char.IsAsciiDigit(version[0]) ? version : null;

    /// <summary>
    /// The last line of the runtime's message, which is the operating system loader's own (dlopen's error on Linux and
    /// macOS): the runtime's lines before it only advise strace and LD_DEBUG.
    /// </summary>
    private static string OperatingSystemReason(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
}
