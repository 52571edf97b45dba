using System.Runtime.InteropServices;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class ElfImageTests
{
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ATruncatedLibraryIsReportedWithTheLengthItsHeaderDeclares()
    {
        using var temp = new TempDirectory();
        string truncated = TruncatedLibrary.WriteTo(temp);
        long intactLength = new FileInfo(TruncatedLibrary.IntactPath).Length;

        string? truncation = ElfImage.DescribeTruncation(truncated);

        Assert.AreEqual($"is truncated: its ELF header says {intactLength} bytes, the file has {TruncatedLibrary.Length}", truncation);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void IntactLibrariesAreNotReportedAsTruncated()
    {
        Assert.IsNull(ElfImage.DescribeTruncation(TruncatedLibrary.IntactPath));
        Assert.IsNull(ElfImage.DescribeTruncation("/lib/x86_64-linux-gnu/libm.so.6"));
    }

    [TestMethod]
    public void AFileThatIsNotElfIsLeftToTheLoader()
    {
        using var temp = new TempDirectory();
        string text = temp.Write("libonnxruntime.so.1", "not a library, though long enough to hold the 64 bytes of an ELF64 file header\n"u8.ToArray());

        Assert.IsNull(ElfImage.DescribeTruncation(text));
    }

    [TestMethod]
    public void AHeaderWhoseTablesEndPastTheLargestOffsetIsTruncatedRatherThanWrappingAround()
    {
        // Section headers at 2⁶⁴ − 10: offset plus size wraps past zero to 53, which a file of 120 bytes would hold.
        byte[] file = Elf64(sectionHeadersOffset: ulong.MaxValue - 10, sectionHeaderSize: 64, sectionHeaderCount: 1);
        using var temp = new TempDirectory();

        Assert.AreEqual(
            $"is truncated: its ELF header says {ulong.MaxValue} bytes, the file has {file.Length}",
            ElfImage.DescribeTruncation(temp.Write("wrapping.so", file)));
    }

    [TestMethod]
    public void ABigEndianElfFileIsLeftToTheLoader()
    {
        // Read as little-endian, its section header offset 0x1000 would be 2⁵², far past the end of the file.
        byte[] file = Elf64(sectionHeadersOffset: 0x0010_0000_0000_0000, sectionHeaderSize: 64, sectionHeaderCount: 1);
        file[5] = 2;
        using var temp = new TempDirectory();

        Assert.IsNull(ElfImage.DescribeTruncation(temp.Write("big-endian.so", file)));
    }

    [TestMethod]
    public void ProgramHeaderEntriesTooShortToHoldASegmentsSizesAreNotReadForOne()
    {
        // Entries of 8 bytes: read as 56-byte entries, the first would claim a loadable segment of a million bytes.
        byte[] file = Elf64(programHeadersOffset: 64, programHeaderSize: 8, programHeaderCount: 1);
        BitConverter.GetBytes(1u).CopyTo(file, 64);
        BitConverter.GetBytes(1_000_000UL).CopyTo(file, 64 + 0x20);
        using var temp = new TempDirectory();

        Assert.IsNull(ElfImage.DescribeTruncation(temp.Write("short-entries.so", file)));
    }

    [TestMethod]
    public void ALibraryForAnotherMachineNamesBothArchitecturesAndTheBuildToGet()
    {
        byte[] file = Elf64();
        file[18] = 62;
        using var temp = new TempDirectory();

        Assert.AreEqual(
            "is a library for x86-64; this process runs on Arm64: get the linux-arm64 build of ONNX Runtime",
            ElfImage.DescribeForeignArchitecture(temp.Write("x64.so", file), Architecture.Arm64));
        Assert.IsNull(ElfImage.DescribeForeignArchitecture(temp.Write("x64.so", file), Architecture.X64));
    }

    [TestMethod]
    public void AThirtyTwoBitLibraryOfTheSameFamilyIsForAnotherMachine()
    {
        // ELF class 1 with machine 3: i386, which a 64-bit x86 process cannot load either.
        byte[] file = Elf64();
        file[4] = 1;
        file[18] = 3;
        using var temp = new TempDirectory();

        Assert.AreEqual(
            "is a library for 32-bit x86; this process runs on x86-64: get the linux-x64 build of ONNX Runtime",
            ElfImage.DescribeForeignArchitecture(temp.Write("x86.so", file), Architecture.X64));
    }

    [TestMethod]
    public void AMachineOrAFileTheCheckDoesNotKnowIsLeftToTheLoader()
    {
        byte[] unknownMachine = Elf64();
        unknownMachine[18] = 0xFE;
        using var temp = new TempDirectory();

        Assert.IsNull(ElfImage.DescribeForeignArchitecture(temp.Write("unknown.so", unknownMachine), Architecture.X64));
        Assert.IsNull(ElfImage.DescribeForeignArchitecture(temp.Write("text.so", "not a library, though longer than an ELF identification\n"u8.ToArray()), Architecture.X64));
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void TheLibraryTheTestsScoreWithIsForThisProcess()
    {
        Assert.IsNull(ElfImage.DescribeForeignArchitecture(TruncatedLibrary.IntactPath, RuntimeInformation.ProcessArchitecture));
    }

    /// <summary>A little-endian ELF64 file of 120 bytes: the 64-byte file header with the given tables, then zeros.</summary>
    private static byte[] Elf64(
        ulong programHeadersOffset = 0,
        ushort programHeaderSize = 56,
        ushort programHeaderCount = 0,
        ulong sectionHeadersOffset = 0,
        ushort sectionHeaderSize = 64,
        ushort sectionHeaderCount = 0)
    {
        var file = new byte[120];
        "\u007fELF"u8.CopyTo(file);
        file[4] = 2;
        file[5] = 1;
        file[6] = 1;
        BitConverter.GetBytes(programHeadersOffset).CopyTo(file, 0x20);
        BitConverter.GetBytes(sectionHeadersOffset).CopyTo(file, 0x28);
        BitConverter.GetBytes(programHeaderSize).CopyTo(file, 0x36);
        BitConverter.GetBytes(programHeaderCount).CopyTo(file, 0x38);
        BitConverter.GetBytes(sectionHeaderSize).CopyTo(file, 0x3A);
        BitConverter.GetBytes(sectionHeaderCount).CopyTo(file, 0x3C);
        return file;
    }
}
