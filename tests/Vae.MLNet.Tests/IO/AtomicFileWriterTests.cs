using System.Runtime.Versioning;
using Vae.MLNet.IO;
using Vae.MLNet.Tests.Onnx;

namespace Vae.MLNet.Tests.IO;

[TestClass]
public sealed class AtomicFileWriterTests
{
    [TestMethod]
    public void ACommitThatCannotReplaceTheTargetLeavesNoTemporaryFile()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "model.zip");
        using var writer = new AtomicFileWriter(path, nameof(path));
        writer.Stream.Write([1, 2, 3]);

        // A directory appearing at the path after the writer opened makes the final rename fail.
        Directory.CreateDirectory(path);

        Assert.Throws<IOException>(writer.Commit);
        Assert.AreEqual(path, Directory.GetFileSystemEntries(directory.Path).Single());
    }

    [TestMethod]
    [DataRow("/")]
    [DataRow("/.")]
    [DataRow("/..")]
    public void APathEndingInASeparatorOrADotSegmentIsRefusedAsADirectory(string ending)
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "missing") + ending.Replace('/', Path.DirectorySeparatorChar);

        var error = Assert.ThrowsExactly<ArgumentException>(() => new AtomicFileWriter(path, nameof(path)));

        Assert.AreEqual($"'{path}' names a directory, not a file. (Parameter 'path')", error.Message);
        Assert.AreEqual(0, Directory.GetFileSystemEntries(directory.Path).Length, "nothing is created");
    }

    [TestMethod]
    [DataRow(0b110_000_000)]
    [DataRow(0b111_101_000)]
    [DataRow(0b110_110_110)]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [UnsupportedOSPlatform("windows")]
    public void AReplacedFileKeepsItsPermissions(int mode)
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "private.zip");
        File.WriteAllBytes(path, [0]);
        File.SetUnixFileMode(path, (UnixFileMode)mode);

        using (var writer = new AtomicFileWriter(path, nameof(path)))
        {
            writer.Stream.Write([1, 2, 3]);
            writer.Commit();
        }

        Assert.AreEqual((UnixFileMode)mode, File.GetUnixFileMode(path));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [TestMethod]
    [DataRow('m', 246)]
    [DataRow('特', 83)]
    public void AFileNameNearTheLengthLimitCanBeWritten(char letter, int count)
    {
        // With ".zip", names of 250 and 253 bytes in UTF-8, within the 255 a name may have but not with a temporary suffix added.
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, new string(letter, count) + ".zip");

        using (var writer = new AtomicFileWriter(path, nameof(path)))
        {
            writer.Stream.Write([7]);
            writer.Commit();
        }

        CollectionAssert.AreEqual(new byte[] { 7 }, File.ReadAllBytes(path));
        Assert.AreEqual(path, Directory.GetFileSystemEntries(directory.Path).Single());
    }
}
