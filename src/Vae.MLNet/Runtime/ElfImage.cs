using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vae.MLNet.Runtime;

/// <summary>
/// Examines an ELF file before the Linux loader does, for what the loader handles badly. It maps a shared library's
/// segments without comparing the file's length with the length its headers declare, and the first touch of a page past
/// the end of a truncated file raises SIGBUS, which kills the process before any exception could say why. It skips a
/// library built for another machine and reports "No such file or directory", about a file that is there.
/// </summary>
internal static class ElfImage
{
    private const int FileHeaderSize = 64;
    private const int IdentificationAndMachineSize = 20;
    private const byte Class32 = 1;
    private const byte Class64 = 2;
    private const byte LittleEndian = 1;
    private const byte BigEndian = 2;
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

    /// <summary>Describes how <paramref name="path"/> was built for another architecture than <paramref name="process"/>.</summary>
    /// <param name="path">The file to examine.</param>
    /// <param name="process">The architecture of the process that would load it.</param>
    /// <returns>
    /// "is a library for x86-64; this process runs on Arm64: get the linux-arm64 build of ONNX Runtime"; or null when the
    /// file is built for <paramref name="process"/>, is not ELF, or names a machine this check does not know, all of which
    /// the loader refuses by itself without harm.
    /// </returns>
    /// <exception cref="IOException">The file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string? DescribeForeignArchitecture(string path, Architecture process)
    {
        using SafeFileHandle file = File.OpenHandle(path);
        Span<byte> header = stackalloc byte[IdentificationAndMachineSize];
        if (RandomAccess.Read(file, header, 0) < IdentificationAndMachineSize || !header[..4].SequenceEqual("\u007fELF"u8))
        {
            return null;
        }

        ushort? machine = header[5] switch
        {
            LittleEndian => BinaryPrimitives.ReadUInt16LittleEndian(header[18..]),
            BigEndian => BinaryPrimitives.ReadUInt16BigEndian(header[18..]),
            _ => null,
        };

        // Armv6 is a kind of 32-bit Arm: ELF does not tell them apart.
        Architecture processFamily = process == Architecture.Armv6 ? Architecture.Arm : process;
        return machine is ushort known && Built(known, header[4]) is Architecture library && library != processFamily
            ? $"is a library for {Name(library)}; this process runs on {Name(process)}: get the linux-{process.ToString().ToLowerInvariant()} build of ONNX Runtime"
            : null;
    }

    // The architecture an ELF machine number and class stand for, where .NET runs on it.
    private static Architecture? Built(ushort machine, byte elfClass) => (machine, elfClass) switch
    {
        (3, Class32) => Architecture.X86,
        (62, Class64) => Architecture.X64,
        (40, Class32) => Architecture.Arm,
        (183, Class64) => Architecture.Arm64,
        (22, Class64) => Architecture.S390x,
        (21, Class64) => Architecture.Ppc64le,
        (243, Class64) => Architecture.RiscV64,
        (258, Class64) => Architecture.LoongArch64,
        _ => null,
    };

    private static string Name(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x86-64",
        Architecture.X86 => "32-bit x86",
        Architecture.Arm => "32-bit Arm",
        _ => architecture.ToString(),
    };

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
        header[..4].SequenceEqual("\u007fELF"u8) && header[4] == Class64 && header[5] == LittleEndian;

    // Saturates instead of wrapping, so a garbled header cannot pass for a short file.
    private static ulong End(ulong offset, ulong size) => offset > ulong.MaxValue - size ? ulong.MaxValue : offset + size;
}
