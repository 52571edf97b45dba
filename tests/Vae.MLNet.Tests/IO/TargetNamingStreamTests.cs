using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.IO;

[TestClass]
public sealed class TargetNamingStreamTests
{
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void AWriteThatFailsNamesTheTargetAndTheReasonNotTheTemporaryFile()
    {
        // Every write to /dev/full fails as a full disk does.
        using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        using var stream = new TargetNamingStream(full, "scores.csv");

        var error = Assert.ThrowsExactly<IOException>(() => stream.Write(new byte[64]));

        Assert.AreEqual("'scores.csv' could not be written: No space left on device", error.Message);
        Assert.IsInstanceOfType<IOException>(error.InnerException);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void MovingWritesOutWhatIsBufferedAndAFailureThereNamesTheTargetToo()
    {
        var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 4096);
        var stream = new TargetNamingStream(full, "model.zip");
        stream.Write(new byte[64]);

        var error = Assert.ThrowsExactly<IOException>(() => stream.Position = 0);
        try
        {
            full.Dispose();
        }
        catch (IOException)
        {
            // Closing tries the buffered bytes once more, and /dev/full refuses them again.
        }

        Assert.AreEqual("'model.zip' could not be written: No space left on device", error.Message);
    }

    /// <summary>A device is written through, not to a temporary file, and its failures name it as the writer was given it.</summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [DataRow(64, DisplayName = "failing when the commit writes out the buffer")]
    [DataRow(1 << 16, DisplayName = "failing in the write")]
    public void ADeviceWrittenThroughNamesItselfAsGivenWhenAWriteFails(int bytes)
    {
        string given = Path.GetRelativePath(Environment.CurrentDirectory, "/dev/full");
        using var writer = new AtomicFileWriter(given, "path");

        var error = Assert.ThrowsExactly<IOException>(() =>
        {
            writer.Stream.Write(new byte[bytes]);
            writer.Commit();
        });

        Assert.AreEqual($"'{given}' could not be written: No space left on device", error.Message);
    }
}
