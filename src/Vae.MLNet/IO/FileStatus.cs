using System.Runtime.InteropServices;

namespace Vae.MLNet.IO;

/// <summary>
/// The type, permission bits and owner of a file, read with Linux's <c>statx</c>, whose buffer has one layout on every
/// architecture (.NET's own file APIs give neither the type of a special file nor the owner).
/// </summary>
internal readonly partial record struct FileStatus(ushort Mode, uint OwnerId)
{
    private const int CurrentDirectory = -100;           // AT_FDCWD
    private const uint TypeModeAndOwner = 0x1 | 0x2 | 0x8; // STATX_TYPE | STATX_MODE | STATX_UID
    private const ushort FileTypeBits = 0xF000;          // S_IFMT
    private const ushort StickyBit = 0x200;              // S_ISVTX

    /// <summary>The file-type bits of <see cref="Mode"/> (S_IFMT): 0x8000 a regular file, 0x4000 a directory.</summary>
    public ushort FileType => (ushort)(Mode & FileTypeBits);

    /// <summary>Whether the sticky bit is set: in such a directory (<c>/tmp</c>) only a file's owner, the directory's owner or root may remove or replace the file.</summary>
    public bool IsSticky => (Mode & StickyBit) != 0;

    /// <summary>
    /// Whether this directory's sticky bit stops <paramref name="user"/> from removing or renaming over
    /// <paramref name="file"/>, one of its entries: neither belongs to the user, who is not root (whose CAP_FOWNER
    /// overrides the bit).
    /// </summary>
    public bool ForbidsReplacing(FileStatus file, uint user) => IsSticky && user != 0 && OwnerId != user && file.OwnerId != user;

    /// <summary>The status of <paramref name="path"/>, following a final link; null where it cannot be read or off Linux.</summary>
    public static FileStatus? Read(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct statx is 256 bytes: stx_uid is the 32-bit field at offset 20, stx_mode the 16-bit one at offset 28.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(CurrentDirectory, path, 0, TypeModeAndOwner, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // a C library without statx (glibc before 2.28)
        }

        return new FileStatus(BitConverter.ToUInt16(buffer[28..]), BitConverter.ToUInt32(buffer[20..]));
    }

    /// <summary>The effective user id of this process; null off Linux.</summary>
    public static uint? EffectiveUserId() => OperatingSystem.IsLinux() ? GetEffectiveUserId() : null;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
