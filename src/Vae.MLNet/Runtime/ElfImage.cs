using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Vae.MLNet.Runtime;

/// <summary>
/// Compares an ELF64 file's length with the length its headers declare. The Linux loader maps a shared library's
/// segments without that comparison, and the first touch of a page past the end of a truncated file raises SIGBUS,
/// which kills the process before any exception could say why.
/// </summary>
internal static class ElfImage
{
    private const int FileHeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const uint LoadableSegmentType = 1;

    /// <summary>Describes how <paramref name="path"/> falls short of the length its ELF headers declare.</summary>
    /// <param name="path">The file to examine.</param>
    /// <returns>
    /// "is truncated: its ELF header says N bytes, the file has M"; or null when the file is long enough, or is not a
    /// little-endian ELF64 file, which the loader refuses by itself without harm.
    /// </returns>
    /// <exception cref="IOException">The file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string? DescribeTruncation(string path)
    {
        using SafeFileHandle file = File.OpenHandle(path);
        ulong actual = (ulong)RandomAccess.GetLength(file);
        ulong declared = DeclaredLength(file, actual);
        return declared > actual ? $"is truncated: its ELF header says {declared} bytes, the file has {actual}" : null;
    }

    // The end of the section header table or of the furthest loadable segment, whichever lies further; 0 for a file
    // that is not little-endian ELF64.
    private static ulong DeclaredLength(SafeFileHandle file, ulong actual)
    {
        Span<byte> header = stackalloc byte[FileHeaderSize];
        if (RandomAccess.Read(file, header, 0) < FileHeaderSize || !IsLittleEndianElf64(header))
        {
            return 0;
        }

        ulong programHeadersOffset = BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
        ulong sectionHeadersOffset = BinaryPrimitives.ReadUInt64LittleEndian(header[0x28..]);
        ushort programHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x36..]);
        ushort programHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(header[0x38..]);
        ushort sectionHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3A..]);
        ushort sectionHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3C..]);

        ulong declared = Math.Max(
            End(sectionHeadersOffset, (ulong)sectionHeaderCount * sectionHeaderSize),
            End(programHeadersOffset, (ulong)programHeaderCount * programHeaderSize));

        // Segments listed past the end of the file, or in entries too short to hold their sizes, cannot be read.
        if (declared > actual || programHeaderSize < ProgramHeaderSize)
        {
            return declared;
        }

        Span<byte> programHeader = stackalloc byte[ProgramHeaderSize];
        for (int index = 0; index < programHeaderCount; index++)
        {
            RandomAccess.Read(file, programHeader, (long)(programHeadersOffset + ((ulong)index * programHeaderSize)));
            if (BinaryPrimitives.ReadUInt32LittleEndian(programHeader) == LoadableSegmentType)
            {
                ulong segmentOffset = BinaryPrimitives.ReadUInt64LittleEndian(programHeader[0x08..]);
                ulong segmentFileSize = BinaryPrimitives.ReadUInt64LittleEndian(programHeader[0x20..]);
                declared = Math.Max(declared, End(segmentOffset, segmentFileSize));
            }
        }

        return declared;
    }

    private static bool IsLittleEndianElf64(ReadOnlySpan<byte> header) =>
        header[..4].SequenceEqual("\u007fELF"u8) && header[4] == 2 && header[5] == 1;

    // Saturates instead of wrapping, so a garbled header cannot pass for a short file.
    private static ulong End(ulong offset, ulong size) => offset > ulong.MaxValue - size ? ulong.MaxValue : offset + size;
}
