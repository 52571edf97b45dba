using System.Runtime.InteropServices;

namespace Vae.MLNet.Runtime;

/// <summary>Finds and loads the ONNX Runtime native library.</summary>
/// <remarks>
/// There is no NuGet package to resolve it through, so the places are fixed: an explicit path from
/// <see cref="PathVariable"/>, then the application's directory (where build/OnnxRuntime.targets copies it), then the
/// system's library search path.
/// </remarks>
internal static class OnnxRuntimeLibrary
{
    /// <summary>Environment variable holding the full path of the library to use instead of searching.</summary>
    public const string PathVariable = "VAE_MLNET_ONNXRUNTIME";

    /// <summary>The library's file name on this operating system.</summary>
    public static string FileName { get; } =
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib"
        : "libonnxruntime.so.1";

    /// <summary>Loads the library from the configured or default places.</summary>
    /// <returns>The handle from <see cref="NativeLibrary"/>, and where it came from, for messages.</returns>
    /// <exception cref="OnnxRuntimeNotFoundException">No place had a loadable library.</exception>
    public static (nint Handle, string Origin) Load() => Load(Environment.GetEnvironmentVariable(PathVariable), AppContext.BaseDirectory);

    /// <summary>Loads the library, trying <paramref name="explicitPath"/> alone when it is set.</summary>
    /// <param name="explicitPath">The value of <see cref="PathVariable"/>, if any.</param>
    /// <param name="baseDirectory">The application's directory.</param>
    /// <returns>The handle from <see cref="NativeLibrary"/>, and where it came from, for messages.</returns>
    /// <exception cref="OnnxRuntimeNotFoundException">No place had a loadable library.</exception>
    public static (nint Handle, string Origin) Load(string? explicitPath, string baseDirectory)
    {
        // An explicit choice must not silently fall back to some other copy of a different version.
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return NativeLibrary.TryLoad(explicitPath, out nint chosen)
                ? (chosen, $"{explicitPath} (from {PathVariable})")
                : throw NotFound([Describe(explicitPath, PathVariable)]);
        }

        string besideApp = Path.Combine(baseDirectory, FileName);
        if (NativeLibrary.TryLoad(besideApp, out nint local))
        {
            return (local, besideApp);
        }

        if (NativeLibrary.TryLoad(FileName, out nint system))
        {
            return (system, $"{FileName} (from the system library search path)");
        }

        throw NotFound([Describe(besideApp, "application directory"), $"'{FileName}' on the system library search path"]);
    }

    private static string Describe(string path, string origin) =>
        File.Exists(path)
            ? $"{path} ({origin}; the file exists but could not be loaded: wrong architecture or a missing dependency?)"
            : $"{path} ({origin}; no such file)";

    private static OnnxRuntimeNotFoundException NotFound(string[] searched) =>
        new($"The ONNX Runtime native library could not be loaded. Searched: {string.Join("; ", searched)}. "
            + $"Run scripts/fetch-onnxruntime.sh in the Vae.MLNet repository and rebuild, so the library is copied next to "
            + $"the application, or set {PathVariable} to the full path of an ONNX Runtime {FileName} "
            + $"(version 1.{OrtApiIndex.ApiVersion} or later).");
}
