using System.Runtime.InteropServices;

namespace Vae.MLNet.Runtime;

/// <summary>
/// Finds the file the Linux loader would take for a bare library name, so that it can be examined before it is loaded:
/// a truncated library kills the process with SIGBUS as the loader maps it (<see cref="ElfImage"/>), and a bare name
/// handed to the loader leaves no file to examine beforehand.
/// </summary>
/// <remarks>
/// The loader's order is followed: LD_LIBRARY_PATH, then the directories /etc/ld.so.conf lists (its cache holds their
/// libraries), then its default directories. Files built for another architecture are skipped, as the loader skips
/// them. The cache can lag behind its directories and executables can carry search paths of their own, so the file
/// found is the loader's choice in practice but not in every case; loading that file by its full path makes it the one
/// loaded.
/// </remarks>
internal static class SystemLibrarySearch
{
    private const string ConfigurationFile = "/etc/ld.so.conf";

    /// <summary>The file the loader would take for <paramref name="fileName"/> in this process, on Linux.</summary>
    /// <param name="fileName">A library's bare file name, such as <c>libopenblas.so.0</c>.</param>
    /// <returns>Its full path; null elsewhere than on Linux, or when no directory holds a file by that name.</returns>
    public static string? Find(string fileName) =>
        OperatingSystem.IsLinux()
            ? Find(fileName, Directories(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"), ConfigurationFile, RuntimeInformation.ProcessArchitecture))
            : null;

    /// <summary>The first file named <paramref name="fileName"/> in <paramref name="directories"/> built for this process's architecture.</summary>
    /// <param name="fileName">The library's bare file name.</param>
    /// <param name="directories">The directories to look in, in order.</param>
    /// <returns>Its full path, or null when none holds it.</returns>
    internal static string? Find(string fileName, IEnumerable<string> directories) =>
        directories
            .Select(directory => Path.GetFullPath(Path.Combine(directory, fileName)))
            .FirstOrDefault(path => File.Exists(path) && !IsForAnotherArchitecture(path));

    /// <summary>The directories the loader searches, in its order.</summary>
    /// <param name="libraryPath">The value of LD_LIBRARY_PATH, if any: directories separated by colons or semicolons, an empty one the current directory.</param>
    /// <param name="configuration">The loader's configuration file, whose <c>include</c> lines name further files by pattern.</param>
    /// <param name="architecture">The process's architecture, whose multiarch directories are among the defaults.</param>
    /// <returns>The directories, each once, in order.</returns>
    internal static IReadOnlyList<string> Directories(string? libraryPath, string configuration, Architecture architecture)
    {
        IEnumerable<string> fromEnvironment = libraryPath is null ? [] : libraryPath.Split(':', ';').Select(directory => directory.Length == 0 ? "." : directory);
        return [.. fromEnvironment.Concat(ConfiguredDirectories(configuration, [])).Concat(DefaultDirectories(architecture)).Distinct(StringComparer.Ordinal)];
    }

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

    private static bool IsForAnotherArchitecture(string path)
    {
        try
        {
            return ElfImage.DescribeForeignArchitecture(path, RuntimeInformation.ProcessArchitecture) is not null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
