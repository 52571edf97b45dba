using System.Diagnostics.CodeAnalysis;
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
            return TryLoad(explicitPath, out nint chosen, out string? failure)
                ? (chosen, $"{explicitPath} (from {PathVariable})")
                : throw NotFound([$"{explicitPath} ({PathVariable}; {failure})"]);
        }

        string besideApp = Path.Combine(baseDirectory, FileName);
        if (TryLoad(besideApp, out nint local, out string? localFailure))
        {
            return (local, besideApp);
        }

        if (TryLoad(FileName, out nint system, out string? systemFailure))
        {
            return (system, $"{FileName} (from the system library search path)");
        }

        throw NotFound([
            $"{besideApp} (application directory; {localFailure})",
            $"'{FileName}' on the system library search path ({systemFailure})",
        ]);
    }

    /// <summary>Loads <paramref name="library"/>, a path or a bare file name for the loader to search for.</summary>
    /// <param name="library">The path or file name.</param>
    /// <param name="handle">The handle from <see cref="NativeLibrary"/>, when loaded.</param>
    /// <param name="failure">Why it was not loaded, in the loader's own words where the loader got that far.</param>
    /// <returns>Whether it was loaded.</returns>
    private static bool TryLoad(string library, out nint handle, [NotNullWhen(false)] out string? failure)
    {
        handle = 0;
        failure = FileProblem(library);
        if (failure is not null)
        {
            return false;
        }

        try
        {
            handle = NativeLibrary.Load(library);
            return true;
        }
        catch (Exception error) when (error is DllNotFoundException or BadImageFormatException)
        {
            failure = $"could not be loaded: {LoaderReason(library, error)}";
            return false;
        }
    }

    // The loader looks a bare file name up along its search path, so there is no one file to examine beforehand.
    private static string? FileProblem(string library) =>
        Path.GetFileName(library) == library ? null
        : Directory.Exists(library) ? "is a directory; name the library file inside it"
        : !File.Exists(library) ? "no such file"
        : OperatingSystem.IsLinux() ? Truncation(library)
        : null;

    // Loading a truncated library kills the process with SIGBUS, beyond the reach of any exception, so it is refused
    // unloaded. A file that cannot even be read is left to the loader, whose message says why.
    private static string? Truncation(string library)
    {
        try
        {
            return ElfImage.DescribeTruncation(library) is string truncation ? $"{truncation}; fetch it again" : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // .NET's message opens with general advice (strace, LD_DEBUG) and ends, after a line break, with the loader's own
    // reason, such as "invalid ELF header" or which dependency is missing: the part that says what to fix.
    private static string LoaderReason(string library, Exception error)
    {
        string message = error.Message;
        int lineBreak = message.IndexOf('\n', StringComparison.Ordinal);
        string reason = (lineBreak < 0 ? message : message[(lineBreak + 1)..]).Trim();
        string libraryPrefix = $"{library}: ";
        return reason.StartsWith(libraryPrefix, StringComparison.Ordinal) ? reason[libraryPrefix.Length..] : reason;
    }

    private static OnnxRuntimeNotFoundException NotFound(string[] searched) =>
        new($"The ONNX Runtime native library could not be loaded. Searched: {string.Join("; ", searched)}. "
            + $"Run scripts/fetch-onnxruntime.sh in the Vae.MLNet repository and rebuild, so the library is copied next to "
            + $"the application, or set {PathVariable} to the full path of an ONNX Runtime {FileName} "
            + $"(version 1.{OrtApiIndex.ApiVersion} or later).");
}
