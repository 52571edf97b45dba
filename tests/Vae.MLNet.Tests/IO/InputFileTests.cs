using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.IO;

[TestClass]
public sealed class InputFileTests
{
    /// <summary>
    /// Windows refused to read a CSV open in Excel, which holds it open for writing, and to let another process rename
    /// over a model being read. Linux and macOS lock only advisorily, and alike for any sharing, so only a run on Windows
    /// could fail.
    /// </summary>
    [TestMethod]
    public void AFileBeingReadMayBeWrittenAndReplacedMeanwhile()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "data.csv");
        string replacement = Path.Combine(directory.Path, "new.csv");
        File.WriteAllText(path, "a,b\n1,2\n");
        File.WriteAllText(replacement, "a,b\n3,4\n");

        using FileStream reader = InputFile.OpenRead(path, nameof(path));
        using (new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
        }

        File.Move(replacement, path, overwrite: true);

        Assert.AreEqual("a,b\n1,2\n", new StreamReader(reader).ReadToEnd());
        Assert.AreEqual("a,b\n3,4\n", File.ReadAllText(path));
    }
}
