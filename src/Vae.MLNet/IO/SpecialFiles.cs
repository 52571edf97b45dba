using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Vae.MLNet.IO;

/// <summary>
/// Tells device files, pipes (<c>/dev/null</c>, a FIFO) and open descriptors (<c>/dev/stdout</c>) from regular files,
/// which .NET's file attributes do not: such a target must be written through, since renaming a new file over it would
/// replace the device itself, or the file a shell redirected a descriptor to.
/// </summary>
internal static partial class SpecialFiles
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint TypeMask = 0x1;          // STATX_TYPE
    private const ushort FileTypeBits = 0xF000; // S_IFMT
    private const ushort RegularFile = 0x8000;  // S_IFREG
    private const ushort Directory = 0x4000;    // S_IFDIR

    /// <summary>
    /// Whether <paramref name="path"/> exists and is neither a regular file nor a directory. Read with Linux's
    /// <c>statx</c>, whose buffer has one layout on every architecture; elsewhere, or where the call fails, false.
    /// </summary>
    public static bool IsSpecial(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // struct statx is 256 bytes; stx_mode is the 16-bit field at offset 28.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(CurrentDirectory, path, 0, TypeMask, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return false;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // a C library without statx (glibc before 2.28)
        }

        ushort type = (ushort)(BitConverter.ToUInt16(buffer[28..]) & FileTypeBits);
        return type is not (RegularFile or Directory);
    }

    /// <summary>
    /// Whether <paramref name="fullPath"/> names one of this process's open descriptors (<c>/dev/stdout</c>,
    /// <c>/dev/fd/3</c>, <c>/proc/self/fd/3</c>) on Linux, whatever file or pipe it is open on.
    /// </summary>
    public static bool IsDescriptor(string fullPath) => OperatingSystem.IsLinux() && DescriptorPath().IsMatch(fullPath);

    [GeneratedRegex(@"^/(dev/(stdin|stdout|stderr|fd/[0-9]+)|proc/(self|thread-self)/fd/[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DescriptorPath();

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
