namespace Vae.MLNet;

/// <summary>Which implementation multiplies matrices during training and in-process scoring.</summary>
public enum GemmBackend
{
    /// <summary>
    /// The managed implementation where AVX-512 is available (its 512-bit kernel is the faster of the two there);
    /// elsewhere OpenBLAS when its shared library can be loaded and runs kernels as wide as the managed implementation's
    /// (a release older than the CPU falls back to SSE ones, slower than the managed AVX2 kernel), otherwise the managed
    /// implementation.
    /// </summary>
    Auto,

    /// <summary>OpenBLAS <c>cblas_sgemm</c>; training fails with a clear error when the library cannot be loaded.</summary>
    OpenBlas,

    /// <summary>The managed implementation built on <c>System.Runtime.Intrinsics</c> vectors.</summary>
    Managed,
}
