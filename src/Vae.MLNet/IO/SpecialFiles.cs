using System.Globalization;
using System.Text.RegularExpressions;

namespace Vae.MLNet.IO;

/// <summary>
/// Tells device files, pipes (<c>/dev/null</c>, a FIFO) and open descriptors (<c>/dev/stdout</c>) from regular files,
/// which .NET's file attributes do not: such a target must be written through, since renaming a new file over it would
/// replace the device itself, or the file a shell redirected a descriptor to. The type of a file is read on Linux alone
/// (see <see cref="FileStatus.Read"/>); elsewhere only a path can tell, and devices and descriptors are under /dev/ on
/// every Unix, and devices in <c>\\.\</c> on Windows.
/// </summary>
internal static partial class SpecialFiles
{
    private const ushort RegularFile = 0x8000;  // S_IFREG
    private const ushort Directory = 0x4000;    // S_IFDIR
    private const ushort Socket = 0xC000;       // S_IFSOCK
    private const int MaxLinksFollowed = 40;    // MAXSYMLINKS
    private const int AccessModeBits = 0x3;     // O_ACCMODE
    private const int ReadOnlyAccess = 0x0;     // O_RDONLY
    private const int CloseOnExec = 0x80000;    // O_CLOEXEC, as /proc/self/fdinfo shows FD_CLOEXEC
    private const string DevicesDirectory = "/dev/";

    /// <summary>Whether <paramref name="path"/> exists and is neither a regular file nor a directory.</summary>
    public static bool IsSpecial(string path) => IsSpecial(path, FileStatus.Read(path));

    /// <summary>
    /// Whether <paramref name="path"/>, of status <paramref name="status"/>, exists and is neither a regular file nor a
    /// directory. Where the status cannot be read (off Linux), whether it is a file under /dev/, links resolved, or on
    /// Windows a device (see <see cref="IsWindowsDevice"/>): a pipe elsewhere is then taken for a regular file.
    /// </summary>
    public static bool IsSpecial(string path, FileStatus? status) =>
        status is { } known
            ? known.FileType is not (RegularFile or Directory)
            : OperatingSystem.IsWindows()
            ? IsWindowsDevice(Path.GetFullPath(path))
            : File.Exists(path) && ResolveLinks(path).StartsWith(DevicesDirectory, StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="fullPath"/>, a full path as Windows gives it, names one of the devices DOS named:
    /// <c>NUL</c>, Windows' <c>/dev/null</c>, is <c>\\.\NUL</c> in full, which, having no directory, was taken for a
    /// folder; so are <c>CON</c>, <c>AUX</c>, <c>PRN</c>, <c>COM1</c> to <c>COM9</c> and <c>LPT1</c> to <c>LPT9</c>. A volume or a disk of the
    /// namespace (<c>\\.\C:</c>, <c>\\.\PhysicalDrive0</c>), which writing through would overwrite from its first
    /// sector, is not, nor a file reached through it (<c>\\.\C:\rows.csv</c>).
    /// </summary>
    public static bool IsWindowsDevice(string fullPath) => WindowsDevicePath().IsMatch(fullPath);

    /// <summary>
    /// Whether <paramref name="path"/>, links followed, is a socket (a Unix socket's file, or a descriptor open on a
    /// socket); false where that cannot be read (see <see cref="FileStatus.Read"/>).
    /// </summary>
    public static bool IsSocket(string path) => FileStatus.Read(path)?.FileType == Socket;

    /// <summary>
    /// The number of the open descriptor of this process that <paramref name="fullPath"/> names on Unix
    /// (<c>/dev/stdout</c> is 1, <c>/dev/fd/3</c> is 3, and on Linux <c>/proc/self/fd/3</c> too), whatever it is open on;
    /// otherwise null.
    /// </summary>
    public static int? Descriptor(string fullPath) => Descriptor(fullPath, hasProcFileSystem: OperatingSystem.IsLinux());

    /// <summary>
    /// As <see cref="Descriptor(string)"/>, with <c>/proc/self/fd</c> paths only where <paramref name="hasProcFileSystem"/>:
    /// macOS and the BSDs have <c>/dev/fd</c> and <c>/dev/std*</c> but no Linux procfs.
    /// </summary>
    public static int? Descriptor(string fullPath, bool hasProcFileSystem)
    {
        Match match = DescriptorPath().Match(fullPath);
        if (OperatingSystem.IsWindows() || !match.Success || (match.Groups["procfs"].Success && !hasProcFileSystem))
        {
            return null;
        }

        return match.Groups["standard"].Value switch
        {
            "stdin" => 0,
            "stdout" => 1,
            "stderr" => 2,
            _ => int.TryParse(match.Groups["number"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int number) ? number : null,
        };
    }

    /// <summary>
    /// Whether this process's descriptor <paramref name="descriptor"/> is open for writing, as Linux's
    /// <c>/proc/self/fdinfo</c> tells; true where that cannot be read, which leaves the decision to opening it.
    /// </summary>
    public static bool IsOpenForWriting(int descriptor) => Flags(descriptor) is not int flags || (flags & AccessModeBits) != ReadOnlyAccess;

    /// <summary>
    /// Whether this process's descriptor <paramref name="descriptor"/> may have come from the process that started it,
    /// as Linux's <c>/proc/self/fdinfo</c> tells: one marked close-on-exec cannot have survived the exec that started
    /// this process, so the process opened it itself, as the .NET runtime takes the lowest free numbers for its own
    /// pipes when the process was started with standard input or output closed (<c>&lt;&amp;-</c>). True where that
    /// cannot be read, or when the descriptor is not open.
    /// </summary>
    public static bool MayBeInherited(int descriptor) => Flags(descriptor) is not int flags || (flags & CloseOnExec) == 0;

    /// <summary>The <c>flags</c> /proc/self/fdinfo gives for <paramref name="descriptor"/>; null where they cannot be read.</summary>
    private static int? Flags(int descriptor)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/self/fdinfo/{descriptor}"))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    return Convert.ToInt32(line["flags:".Length..].Trim(), 8);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }

        return null;
    }

    /// <summary>
    /// The descriptor that <paramref name="fullPath"/> names (see <see cref="Descriptor(string)"/>), itself or through the
    /// symbolic links it leads through (<c>out.csv → /dev/stdout</c>); otherwise null.
    /// </summary>
    public static int? DescriptorReached(string fullPath) => FollowLinks(fullPath).Descriptor;

    /// <summary>
    /// Follows the symbolic links from <paramref name="fullPath"/> as the kernel does, to the path at the end, or to the
    /// first descriptor on the way (<c>/dev/stdout</c>, <c>/proc/self/fd/3</c>), whose own link names what it is open
    /// on rather than a path to write. The path is null when the links go on longer than Linux follows them: a loop.
    /// </summary>
    public static (string? Path, int? Descriptor) FollowLinks(string fullPath)
    {
        string current = fullPath;
        for (int links = 0; links <= MaxLinksFollowed; links++)
        {
            if (Descriptor(current) is int descriptor)
            {
                return (current, descriptor);
            }

            // A device has no link to read, and Windows may fail the reading of one.
            if (OperatingSystem.IsWindows() && IsWindowsDevice(current))
            {
                return (current, null);
            }

            if (new FileInfo(current).LinkTarget is not { } target || Path.GetDirectoryName(current) is not { } directory)
            {
                return (current, null);
            }

            // A relative target is relative to the directory the link is really in, which ".." in it reaches from there,
            // not from the path's text when that passes through a linked directory.
            current = Path.GetFullPath(target, ResolveLinks(directory));
        }

        return (null, null);
    }

    /// <summary>
    /// <paramref name="path"/> with every symbolic link along it resolved, its directories' as well as its own, so that
    /// <c>linkdir/x.csv</c> is known for <c>real/x.csv</c>. Parts that do not exist yet are kept as they are, and so is a
    /// link that cannot be read or that leads on further than Linux follows.
    /// </summary>
    public static string ResolveLinks(string path) => ResolveLinks(path, linksFollowed: 0);

    private static string ResolveLinks(string path, int linksFollowed)
    {
        string full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is not { } directory)
        {
            return full;
        }

        string inResolvedDirectory = Path.Combine(ResolveLinks(directory, linksFollowed), Path.GetFileName(full));
        if (linksFollowed >= MaxLinksFollowed)
        {
            return inResolvedDirectory;
        }

        try
        {
            return new FileInfo(inResolvedDirectory).ResolveLinkTarget(returnFinalTarget: false) is { } target
                ? ResolveLinks(target.FullName, linksFollowed + 1)
                : inResolvedDirectory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A link that cannot be read is left for the reader or writer to report on its own terms.
            return inResolvedDirectory;
        }
    }

    [GeneratedRegex(@"^\\\\\.\\(NUL|CON|AUX|PRN|COM[1-9]|LPT[1-9])$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WindowsDevicePath();

    // Numbered as procfs numbers them: /dev/fd/01 names no file.
    [GeneratedRegex(@"^/(dev/(?<standard>stdin|stdout|stderr)|dev/fd/(?<number>0|[1-9][0-9]*)|(?<procfs>proc/(self|thread-self)/fd/)(?<number>0|[1-9][0-9]*))$", RegexOptions.CultureInvariant)]
    private static partial Regex DescriptorPath();
}
