using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Vae.MLNet.IO;

namespace Vae.MLNet.Runtime;

/// <summary>Finds and loads the ONNX Runtime native library.</summary>
/// <remarks>
/// The library binds ONNX Runtime's C API itself, so no managed ONNX Runtime package resolves the native library for it.
/// The places are fixed: an explicit path from <see cref="PathVariable"/> alone, else the application's directory (where
/// build/OnnxRuntime.targets copies it) and the host's native library directories (where it finds a NuGet package's
/// runtimes/{rid}/native files: the Vae.MLNet package's own copy, or Microsoft.ML.OnnxRuntime's), then .NET's own search
/// for this assembly's native libraries (which alone knows the folder a single-file application extracts them to), then
/// the system's library search path, where the file the loader would take is examined before it is loaded.
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

    // Microsoft.ML.OnnxRuntime names its Linux library without the soname's version; on Windows and macOS its names
    // are FileName. Looked for in every directory after FileName, so the pinned copy wins where both are present.
    private static readonly string[] AssetFileNames = OperatingSystem.IsLinux() ? [FileName, "libonnxruntime.so"] : [FileName];

    /// <summary>Loads the library from the configured or default places.</summary>
    /// <returns>The handle from <see cref="NativeLibrary"/>, and where it came from, for messages.</returns>
    /// <exception cref="OnnxRuntimeNotFoundException">No place had a loadable library.</exception>
    public static (nint Handle, string Origin) Load() =>
        Load(Environment.GetEnvironmentVariable(PathVariable), AppContext.BaseDirectory, NativeLibraryDirectories());

    /// <summary>Loads the library, trying <paramref name="explicitPath"/> alone when it is set.</summary>
    /// <param name="explicitPath">The value of <see cref="PathVariable"/>, if any.</param>
    /// <param name="baseDirectory">The application's directory.</param>
    /// <param name="nativeLibraryDirectories">The other directories the host searches for the application's native libraries.</param>
    /// <param name="loadAsThisAssemblysOwn">
    /// Loads the library as .NET loads this assembly's own native libraries, throwing <see cref="DllNotFoundException"/>
    /// where it is not found; <see cref="LoadAsThisAssemblysOwn"/> when null.
    /// </param>
    /// <param name="loadFromTheSystemPath">
    /// Loads the library from the system's library search path, throwing <see cref="DllNotFoundException"/> where it is
    /// not found; when null, <see cref="NativeLibrary.Load(string)"/> of <see cref="FileName"/>, refused unloaded where
    /// the file <see cref="SystemLibrarySearch"/> finds for it is truncated, as a bare name in <paramref name="explicitPath"/> is.
    /// </param>
    /// <returns>The handle from <see cref="NativeLibrary"/>, and where it came from, for messages.</returns>
    /// <exception cref="OnnxRuntimeNotFoundException">No place had a loadable library.</exception>
    public static (nint Handle, string Origin) Load(
        string? explicitPath, string baseDirectory, IReadOnlyList<string> nativeLibraryDirectories,
        Func<nint>? loadAsThisAssemblysOwn = null,
        Func<nint>? loadFromTheSystemPath = null)
    {
        // An explicit choice must not silently fall back to some other copy of a different version.
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return TryLoad(explicitPath, out nint chosen, out string? failure)
                ? (chosen, $"{explicitPath} (from {PathVariable})")
                : throw NotFound([$"{explicitPath} ({PathVariable}; {failure})"]);
        }

        // The application's directory first: the repository's build copies the library there, and a RID-specific
        // publish puts a package's native assets there.
        string[] directories = [.. nativeLibraryDirectories.Prepend(baseDirectory).Select(FullDirectory).Distinct(PathComparer)];
        var searched = new List<string>();
        bool refusedAFileDotNetWouldTry = false;
        foreach (string candidate in AssetFileNames.SelectMany(name => directories.Select(directory => Path.Combine(directory, name))))
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            if (TryLoad(candidate, out nint found, out string? failure))
            {
                return (found, candidate);
            }

            refusedAFileDotNetWouldTry |= Path.GetFileName(candidate) == FileName;
            searched.Add($"{candidate} ({failure})");
        }

        string otherDirectories = directories.Length > 1 ? $" and the host's native library directories {string.Join(", ", directories[1..])}" : string.Empty;
        searched.Add($"the application's directory {directories[0]}{otherDirectories} (for {string.Join(" or ", AssetFileNames)})");

        // A single-file application extracts the native libraries it bundles to a folder that only .NET's own search
        // knows when no package's deps.json lists the library, as when a project reference copies it. That search tries
        // the directories above again, without their checks, so after refusing a file it would load, it is left out: a
        // truncated library kills the process.
        if (!refusedAFileDotNetWouldTry)
        {
            if (TryLoad(loadAsThisAssemblysOwn ?? LoadAsThisAssemblysOwn, out nint own, out Exception? ownFailure))
            {
                return (own, $"{FileName} (from .NET's search {OwnPlaces})");
            }

            string reasons = string.Join("; ", LoaderReasonsForFilesThere(ownFailure));
            searched.Add($"'{FileName}' {OwnPlaces}{(reasons.Length == 0 ? string.Empty : $" ({reasons})")}");
        }

        if (loadFromTheSystemPath is null && FileProblem(FileName) is { } problem)
        {
            searched.Add($"'{FileName}' on the system library search path ({problem})");
            throw NotFound(searched);
        }

        if (TryLoad(loadFromTheSystemPath ?? (() => NativeLibrary.Load(FileName)), out nint system, out Exception? systemFailure))
        {
            return (system, $"{FileName} (from the system library search path)");
        }

        searched.Add($"'{FileName}' on the system library search path (could not be loaded: {LoaderReason(FileName, systemFailure)})");
        throw NotFound(searched);
    }

    private static StringComparer PathComparer => OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    // The host lists where it looks for native libraries in this property: the application's directory, the runtimes/{rid}/native
    // folders of the NuGet packages it uses, as its deps.json names them, and the shared framework's directory.
    private static string[] NativeLibraryDirectories() =>
        (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string)?.Split(
            Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static string FullDirectory(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

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

        if (TryLoad(() => NativeLibrary.Load(library), out handle, out Exception? error))
        {
            return true;
        }

        failure = $"could not be loaded: {LoaderReason(library, error)}";
        return false;
    }

    /// <summary>Loads a library through <paramref name="load"/>.</summary>
    /// <param name="load">Loads it, throwing <see cref="DllNotFoundException"/> or <see cref="BadImageFormatException"/> where it cannot.</param>
    /// <param name="handle">The handle, when loaded.</param>
    /// <param name="failure">The loader's exception, when not loaded.</param>
    /// <returns>Whether it was loaded.</returns>
    private static bool TryLoad(Func<nint> load, out nint handle, [NotNullWhen(false)] out Exception? failure)
    {
        try
        {
            handle = load();
            failure = null;
            return true;
        }
        catch (Exception error) when (error is DllNotFoundException or BadImageFormatException)
        {
            handle = 0;
            failure = error;
            return false;
        }
    }

    private const string OwnPlaces = "beside the Vae.MLNet assembly and in the folder a single-file application extracts its native libraries to";

    /// <summary>
    /// Loads <see cref="FileName"/> as .NET loads this assembly's own native libraries: from the host's native library
    /// directories and the assembly's directory, which for a single-file application are its directory and the folder it
    /// extracts them to, and not from the system's search path.
    /// </summary>
    /// <returns>The handle.</returns>
    /// <exception cref="DllNotFoundException">None of those places had a loadable library.</exception>
    internal static nint LoadAsThisAssemblysOwn() =>
        NativeLibrary.Load(FileName, typeof(OnnxRuntimeLibrary).Assembly, DllImportSearchPath.AssemblyDirectory);

    // After its general advice, .NET's message gives one line per path it tried, under every variation of the name it
    // makes up. A path with no file there says nothing the description of the places does not; a file there that did
    // not load gives the loader's reason, such as a missing dependency.
    private static IEnumerable<string> LoaderReasonsForFilesThere(Exception failure) =>
        failure.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Where(line => !IsAMissingFile(line));

    // "/dir/libonnxruntime.so.1: cannot open ...: No such file or directory" is the file itself missing; with a missing
    // dependency the loader names that after the library's path, as in "/dir/libonnxruntime.so.1: libgomp.so.1: cannot ...".
    private static bool IsAMissingFile(string loaderLine)
    {
        const string Missing = ": cannot open shared object file: No such file or directory";
        return loaderLine.EndsWith(Missing, StringComparison.Ordinal)
            && !Path.GetFileName(loaderLine[..^Missing.Length]).Contains(": ", StringComparison.Ordinal);
    }

    // The loader looks a bare file name up along its search path and would load a truncated file it finds there
    // unchecked, so the file it would take is found and examined first; the loader still chooses what it loads, where
    // the search and it differ.
    private static string? FileProblem(string library) =>
        Path.GetFileName(library) == library
            ? SystemLibrarySearch.FindTruncated(library) is { } truncated
                ? $"the file the system's loader would take for it, {truncated.Path}, {truncated.Truncation}; fetch it again"
                : null
        : Directory.Exists(library) ? "is a directory; name the library file inside it"
        : !File.Exists(library) ? "no such file"
        : OperatingSystem.IsLinux() ? ElfProblem(library)
        : null;

    // Loading a truncated library kills the process with SIGBUS, beyond the reach of any exception, so it is refused
    // unloaded; the loader refuses one for another machine as "No such file or directory", about a file that is there.
    // A file named here that cannot be read is refused with the system's reason and what to do, which the loader's
    // message leaves out.
    private static string? ElfProblem(string library)
    {
        try
        {
            return ElfImage.DescribeForeignArchitecture(library, RuntimeInformation.ProcessArchitecture)
                ?? (ElfImage.DescribeTruncation(library) is string truncation ? $"{truncation}; fetch it again" : null);
        }
        catch (UnauthorizedAccessException denied)
        {
            return $"cannot be read: {RuntimeIOMessage.ReasonOf(denied, Path.GetFullPath(library))}; give the user this process runs as read access to it";
        }
        catch (IOException failed)
        {
            return $"cannot be read: {RuntimeIOMessage.ReasonOf(failed, Path.GetFullPath(library))}; fetch it again";
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

    /// <summary>
    /// How to get a library this binding can load, closing every message that refuses one: for an application using the
    /// package, built or published, as well as for a build from the repository, which alone has the script.
    /// </summary>
    public static string HowToGetALibrary { get; } = HowToGetALibraryOn(OperatingSystem.IsLinux(), FileName);

    /// <summary><see cref="HowToGetALibrary"/> on an operating system, Linux or another, whose library is <paramref name="fileName"/>.</summary>
    /// <param name="onLinux">
    /// Whether the system is Linux, where the repository's script fetches the library and the build copies it; elsewhere
    /// the same npm package holds the system's library, which only <see cref="PathVariable"/> makes the one loaded.
    /// </param>
    /// <param name="fileName">The library's file name there.</param>
    internal static string HowToGetALibraryOn(bool onLinux, string fileName) =>
        $"The Vae.MLNet package gives an application ONNX Runtime for linux-x64 (elsewhere, reference the "
        + "Microsoft.ML.OnnxRuntime package); a published application needs the ONNX Runtime library that dotnet publish "
        + "puts in the publish folder deployed with its executable, or that library bundled into the single file with "
        + "-p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true. "
        + (onLinux
            ? "Building from the Vae.MLNet repository, run scripts/fetch-onnxruntime.sh and rebuild, so the library is copied next to the application. "
            : "Building from the Vae.MLNet repository, whose script fetches Linux's library only, the npm package onnxruntime-node "
                + $"holds {fileName} in its folder for this system under package/bin/napi-v6/ (such as darwin/arm64 or win32/x64). ")
        + $"Or set {PathVariable} to the full path of an ONNX Runtime {fileName} (version 1.{OrtApiIndex.ApiVersion} or later), "
        + "the only library tried when it is set.";

    private static OnnxRuntimeNotFoundException NotFound(List<string> searched) =>
        new($"The ONNX Runtime native library could not be loaded. Searched: {string.Join("; ", searched)}. {HowToGetALibrary}");
}
