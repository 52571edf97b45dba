using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.IO;

/// <summary>
/// NTFS allows 255 UTF-16 code units where Linux and APFS allow 255 UTF-8 bytes: counted in bytes everywhere, a valid
/// Windows name of 100 Japanese characters (300 bytes) was refused. Windows' rule is tested here by passing it.
/// </summary>
[TestClass]
public sealed class FileNameLengthTests
{
    private static readonly string Japanese = new string('日', 96) + ".zip";

    [TestMethod]
    public void OnWindowsANameIsCountedInUtf16CodeUnits()
    {
        Assert.AreEqual(100, FileNameLength.Of(Japanese, countsUtf16Units: true));
        Assert.AreEqual(2, FileNameLength.Of("😀", countsUtf16Units: true));
        Assert.AreEqual("300 UTF-16 code units long", FileNameLength.Told(300, countsUtf16Units: true));
        Assert.AreEqual("UTF-16 code units", FileNameLength.UnitsWhere(countsUtf16Units: true));
    }

    [TestMethod]
    public void ElsewhereANameIsCountedInUtf8Bytes()
    {
        Assert.AreEqual(292, FileNameLength.Of(Japanese, countsUtf16Units: false));
        Assert.AreEqual("300 bytes long in UTF-8", FileNameLength.Told(300, countsUtf16Units: false));
        Assert.AreEqual("bytes", FileNameLength.UnitsWhere(countsUtf16Units: false));
    }
}
