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
}
