using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.RegularExpressions;

namespace Vae.MLNet.Runtime;

/// <summary>
/// Finds the file the Linux loader would take for a bare library name, so that it can be examined before the name is
/// handed to the loader: a truncated library kills the process with SIGBUS as the loader maps it (<see cref="ElfImage"/>).
/// </summary>
/// <remarks>
/// The loader's order is followed: LD_LIBRARY_PATH (with <c>$ORIGIN</c> expanded), then the directories /etc/ld.so.conf
/// lists (its cache holds their libraries), then its default directories, each after its glibc-hwcaps subdirectories for
/// the x86-64 levels this CPU supports. Files built for another architecture are skipped, as the loader skips them, and
/// so are files it may not open (Permission denied); any other file by the name ends the search as it ends the loader's,
/// even a directory or a file that cannot be read, which the loader then refuses naming it and the system's reason. Not
/// emulated: the legacy hwcaps subdirectories glibc before 2.37 also searches (tls, x86_64, haswell), LD_LIBRARY_PATH
/// entries naming <c>$LIB</c> or <c>$PLATFORM</c> (left out), the RPATH and RUNPATH of the executable, and a cache that
/// lags behind its directories. So the file found is the loader's choice in practice but not in every case, and it is
/// only examined: the loader is still handed the bare name and chooses what it loads, as without this search.
/// </remarks>
internal static partial class SystemLibrarySearch
{
    private const string ConfigurationFile = "/etc/ld.so.conf";

    /// <summary>The file the loader would take for <paramref name="fileName"/>, when it is truncated.</summary>
    /// <param name="fileName">A library's bare file name, such as <c>libopenblas.so.0</c>.</param>
    /// <returns>
    /// That file's full path and how it is truncated ("is truncated: its ELF header says …"); null elsewhere than on
    /// Linux, and where the file is intact, cannot be read or is not found, so the bare name is the loader's to load.
    /// </returns>
    public static (string Path, string Truncation)? FindTruncated(string fileName) =>
        OperatingSystem.IsLinux() ? FindTruncated(fileName, SearchedDirectories()) : null;

    /// <summary>The first file named <paramref name="fileName"/> in <paramref name="directories"/>, when it is truncated.</summary>
    /// <param name="fileName">The library's bare file name.</param>
    /// <param name="directories">The directories to look in, in order, each after its glibc-hwcaps subdirectories this CPU supports.</param>
    /// <returns>Its full path and how it is truncated, or null when it is intact, cannot be read (the loader says why) or is not found.</returns>
    internal static (string Path, string Truncation)? FindTruncated(string fileName, IEnumerable<string> directories) =>
        Find(fileName, directories) is { } found && TruncationOf(found) is { } truncation ? (found, truncation) : null;

    /// <summary>How the library at <paramref name="path"/> is truncated, if it is.</summary>
    /// <param name="path">The library's path.</param>
    /// <returns>
    /// "is truncated: its ELF header says …"; null when it is intact, missing or cannot be read, which the loader refuses
    /// by itself, naming the file and the system's reason.
    /// </returns>
    internal static string? TruncationOf(string path)
    {
        try
        {
            return File.Exists(path) ? ElfImage.DescribeTruncation(path) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first file named <paramref name="fileName"/> in <paramref name="directories"/> that the loader would take.</summary>
    /// <param name="fileName">The library's bare file name.</param>
    /// <param name="directories">The directories to look in, in order, each after its glibc-hwcaps subdirectories this CPU supports.</param>
    /// <returns>Its full path, or null when none holds one the loader would take.</returns>
    internal static string? Find(string fileName, IEnumerable<string> directories)
    {
        string[] hwcaps = HwcapsSubdirectories(RuntimeInformation.ProcessArchitecture);
        return directories
            .SelectMany(directory => hwcaps.Select(subdirectory => Path.Combine(directory, subdirectory)).Append(directory))
            .Select(directory => Path.GetFullPath(Path.Combine(directory, fileName)))
            .FirstOrDefault(EndsTheLoadersSearch);
    }

    /// <summary>The glibc-hwcaps subdirectories the loader searches before each directory on this CPU, best first.</summary>
    /// <param name="architecture">The process's architecture; only x86-64 has levels here.</param>
    /// <returns>Such as <c>glibc-hwcaps/x86-64-v3</c>, <c>glibc-hwcaps/x86-64-v2</c>.</returns>
    /// <remarks>
    /// glibc tests the CPU's own feature bits; .NET's IsSupported flags are the nearest available test, and they agree
    /// with those bits unless the runtime is told to leave an instruction set unused (DOTNET_EnableAVX512=0 and the
    /// like), when a level the loader still searches is left out here. Levels: v2 adds SSE4.2 and POPCNT, v3 AVX2,
    /// BMI1, BMI2, FMA and LZCNT, v4 AVX-512 F, BW, CD, DQ and VL.
    /// </remarks>
    internal static string[] HwcapsSubdirectories(Architecture architecture)
    {
        if (architecture != Architecture.X64)
        {
            return [];
        }

        bool v2 = Sse42.IsSupported && Popcnt.IsSupported;
        bool v3 = v2 && Avx2.IsSupported && Bmi1.IsSupported && Bmi2.IsSupported && Fma.IsSupported && Lzcnt.IsSupported;
        bool v4 = v3 && Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported;
        return [.. new[] { (Supported: v4, Name: "x86-64-v4"), (Supported: v3, Name: "x86-64-v3"), (Supported: v2, Name: "x86-64-v2") }
            .Where(level => level.Supported)
            .Select(level => $"glibc-hwcaps/{level.Name}")];
    }

    /// <summary>The directories the loader searches in this process, before their glibc-hwcaps subdirectories are added.</summary>
    internal static IReadOnlyList<string> SearchedDirectories() =>
        Directories(
            Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"),
            Path.GetDirectoryName(Environment.ProcessPath),
            ConfigurationFile,
            RuntimeInformation.ProcessArchitecture);

    /// <summary>The directories the loader searches, in its order, before their glibc-hwcaps subdirectories are added.</summary>
    /// <param name="libraryPath">
    /// The value of LD_LIBRARY_PATH, if any: directories separated by colons or semicolons, an empty one within the value
    /// the current directory; an empty value names none.
    /// </param>
    /// <param name="origin">What <c>$ORIGIN</c> stands for: the directory of the process's executable, as the loader takes its main program's.</param>
    /// <param name="configuration">The loader's configuration file, whose <c>include</c> lines name further files by pattern.</param>
    /// <param name="architecture">The process's architecture, whose multiarch directories are among the defaults.</param>
    /// <returns>The directories, each once, in order.</returns>
    internal static IReadOnlyList<string> Directories(string? libraryPath, string? origin, string configuration, Architecture architecture)
    {
        IEnumerable<string> fromEnvironment = string.IsNullOrEmpty(libraryPath)
            ? []
            : libraryPath.Split(':', ';').Select(directory => directory.Length == 0 ? "." : WithTokensExpanded(directory, origin)).OfType<string>();
        return [.. fromEnvironment.Concat(ConfiguredDirectories(configuration, [])).Concat(DefaultDirectories(architecture)).Distinct(StringComparer.Ordinal)];
    }

    // The loader expands $ORIGIN to its main program's directory. $LIB and $PLATFORM stand for names that differ by
    // distribution and CPU, so an entry holding one is left out rather than read as a literal directory the loader
    // never searches; so is one holding $ORIGIN where the executable's directory is unknown, as the loader drops it.
    private static string? WithTokensExpanded(string directory, string? origin)
    {
        bool known = true;
        string expanded = DynamicStringToken().Replace(directory, token =>
        {
            known &= token.Groups["name"].Value == "ORIGIN" && origin is not null;
            return origin ?? string.Empty;
        });
        return known ? expanded : null;
    }

    // Written $NAME or ${NAME}; the bare form ends where a name could not go on, so $ORIGINAL is no token.
    [GeneratedRegex(@"\$(\{(?<name>ORIGIN|LIB|PLATFORM)\}|(?<name>ORIGIN|LIB|PLATFORM)(?![A-Za-z0-9_]))", RegexOptions.CultureInvariant)]
    private static partial Regex DynamicStringToken();

    // ldconfig's syntax: one directory per line, '#' starting a comment, and "include PATTERN" reading further files,
    // a relative pattern taken from the including file's directory. A file included twice is read once, so a loop ends.
    private static IEnumerable<string> ConfiguredDirectories(string configuration, HashSet<string> read)
    {
        if (!read.Add(configuration) || !TryReadLines(configuration, out string[] lines))
        {
            yield break;
        }

        foreach (string line in lines)
        {
            string entry = line.Split('#', 2)[0].Trim();
            if (entry.StartsWith("include", StringComparison.Ordinal) && entry.Length > "include".Length && char.IsWhiteSpace(entry["include".Length]))
            {
                string pattern = entry["include".Length..].Trim();
                foreach (string included in FilesMatching(Path.Combine(Path.GetDirectoryName(configuration) ?? "/", pattern)))
                {
                    foreach (string directory in ConfiguredDirectories(included, read))
                    {
                        yield return directory;
                    }
                }
            }
            else if (entry.StartsWith('/'))
            {
                yield return entry;
            }
        }
    }

    // A pattern's wildcards may only stand in its last part, as every distribution writes it (/etc/ld.so.conf.d/*.conf);
    // the files come in the order glob gives them.
    private static IEnumerable<string> FilesMatching(string pattern)
    {
        string directory = Path.GetDirectoryName(pattern) ?? "/";
        string name = Path.GetFileName(pattern);
        if (directory.AsSpan().IndexOfAny('*', '?', '[') >= 0 || !Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            return Directory.GetFiles(directory, name).Order(StringComparer.Ordinal);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool TryReadLines(string path, out string[] lines)
    {
        try
        {
            lines = File.ReadAllLines(path);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            lines = [];
            return false;
        }
    }

    // Where glibc looks last: the multiarch directories of Debian and Ubuntu, the lib64 ones of Fedora and SUSE, and
    // the plain ones; those of another architecture hold nothing this process could load, and their files are skipped.
    private static IEnumerable<string> DefaultDirectories(Architecture architecture)
    {
        string? multiarch = architecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            Architecture.Arm or Architecture.Armv6 => "arm-linux-gnueabihf",
            Architecture.X86 => "i386-linux-gnu",
            Architecture.S390x => "s390x-linux-gnu",
            Architecture.Ppc64le => "powerpc64le-linux-gnu",
            Architecture.RiscV64 => "riscv64-linux-gnu",
            Architecture.LoongArch64 => "loongarch64-linux-gnu",
            _ => null,
        };

        return multiarch is null
            ? ["/lib64", "/usr/lib64", "/lib", "/usr/lib"]
            : [$"/lib/{multiarch}", $"/usr/lib/{multiarch}", "/lib64", "/usr/lib64", "/lib", "/usr/lib"];
    }

    // glibc's search passes over a name it cannot open for want of the file or of permission, and a library built for
    // another machine; it stops at anything else it opens, and a directory or a file it then fails to read ends the
    // search with an error naming the path ("cannot read file data: Is a directory"), not with a later file loaded.
    private static bool EndsTheLoadersSearch(string path)
    {
        if (Directory.Exists(path))
        {
            return true;
        }

        try
        {
            return File.Exists(path) && ElfImage.DescribeForeignArchitecture(path, RuntimeInformation.ProcessArchitecture) is null;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
