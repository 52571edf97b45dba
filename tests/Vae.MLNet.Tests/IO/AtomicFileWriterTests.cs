using System.Runtime.Versioning;
using Vae.MLNet.IO;

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

    /// <summary>The clean-up after a failed commit once threw its own failure in place of the commit's.</summary>
    [TestMethod]
    public void ACommitsFailureIsToldThoughItsTemporaryFileCannotBeRemoved()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "model.zip");
        using var writer = new AtomicFileWriter(path, nameof(path));
        writer.Stream.Write([1, 2, 3]);
        writer.Prepare();

        // A directory in the temporary file's place can be neither moved as a file nor deleted as one.
        string temporary = Directory.GetFiles(directory.Path).Single();
        File.Delete(temporary);
        Directory.CreateDirectory(temporary);

        var error = Assert.ThrowsExactly<FileNotFoundException>(writer.Commit);
        StringAssert.Contains(error.Message, Path.GetFileName(temporary));
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void APreparedFileLeavesTheTargetAsItWasUntilCommittedAndIsRemovedWhenAbandoned()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "model.zip");
        File.WriteAllBytes(path, [9]);

        using (var abandoned = new AtomicFileWriter(path, nameof(path)))
        {
            abandoned.Stream.Write([1, 2, 3]);
            abandoned.Prepare();
            CollectionAssert.AreEqual(new byte[] { 9 }, File.ReadAllBytes(path));
        }

        Assert.AreEqual(path, Directory.GetFileSystemEntries(directory.Path).Single());
        using var committed = new AtomicFileWriter(path, nameof(path));
        committed.Stream.Write([1, 2, 3]);
        committed.Prepare();
        committed.Commit();
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.AreEqual(path, Directory.GetFileSystemEntries(directory.Path).Single());
    }

    [TestMethod]
    public void ANameLongerThanFileSystemsAllowIsRefusedBeforeAnythingIsWritten()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, new string('é', 128) + ".zip");

        var error = Assert.ThrowsExactly<ArgumentException>(() => new AtomicFileWriter(path, nameof(path)));

        Assert.AreEqual(nameof(path), error.ParamName);
        StringAssert.Contains(error.Message, "is 260 bytes long in UTF-8, more than the 255 file systems allow; give a shorter name.");
        Assert.IsEmpty(Directory.GetFileSystemEntries(directory.Path));
        using var writer = new AtomicFileWriter(Path.Combine(directory.Path, new string('é', 125) + ".zip"), nameof(path));
    }

    [TestMethod]
    public void ARelativeLinkReachedThroughALinkedDirectoryIsWrittenWhereTheKernelTakesIt()
    {
        using var directory = new TempDirectory();
        string nested = Path.Combine(directory.Path, "r", "a");
        Directory.CreateDirectory(nested);
        string target = Path.Combine(directory.Path, "r", "real.csv");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(Path.Combine(nested, "out.csv"), "../real.csv");
        string shortcut = Path.Combine(directory.Path, "L");
        Directory.CreateSymbolicLink(shortcut, nested);

        // L/out.csv is r/a/out.csv, whose "../real.csv" is r/real.csv; read as text, L/../real.csv would be a new file.
        using (var writer = new AtomicFileWriter(Path.Combine(shortcut, "out.csv"), "path"))
        {
            writer.Stream.Write("new"u8);
            writer.Commit();
        }

        Assert.AreEqual("new", File.ReadAllText(target));
        Assert.IsFalse(File.Exists(Path.Combine(directory.Path, "real.csv")));
    }

    [TestMethod]
    public void ALoopOfLinksIsRefusedAndLeftAlone()
    {
        using var directory = new TempDirectory();
        string first = Path.Combine(directory.Path, "first");
        string second = Path.Combine(directory.Path, "second");
        File.CreateSymbolicLink(first, second);
        File.CreateSymbolicLink(second, first);

        var error = Assert.ThrowsExactly<IOException>(() => new AtomicFileWriter(first, "path"));

        StringAssert.Contains(error.Message, "a loop; give a file to write.");
        Assert.AreEqual(second, new FileInfo(first).LinkTarget);
        Assert.AreEqual(2, Directory.GetFileSystemEntries(directory.Path).Length);
    }

    [TestMethod]
    public void AFolderThatIsALinkLeadingNowhereIsNamedAsSuchNotAsAFile()
    {
        using var directory = new TempDirectory();
        string unmounted = Path.Combine(directory.Path, "unmounted", "models");
        string dangling = Path.Combine(directory.Path, "out");
        string first = Path.Combine(directory.Path, "first");
        string second = Path.Combine(directory.Path, "second");
        File.CreateSymbolicLink(dangling, unmounted);
        File.CreateSymbolicLink(first, second);
        File.CreateSymbolicLink(second, first);

        var nowhere = Assert.ThrowsExactly<ArgumentException>(() => new AtomicFileWriter(Path.Combine(dangling, "deeper", "model.zip"), "path"));
        var loop = Assert.ThrowsExactly<ArgumentException>(() => new AtomicFileWriter(Path.Combine(first, "model.zip"), "path"));

        StringAssert.StartsWith(nowhere.Message, $"'{dangling}' is a symbolic link to '{unmounted}', which does not exist, so '{Path.Combine(dangling, "deeper", "model.zip")}' cannot be written; make the link lead to a directory");
        StringAssert.StartsWith(loop.Message, $"'{first}' leads through more symbolic links than the system follows, a loop, so '{Path.Combine(first, "model.zip")}' cannot be written;");
        Assert.AreEqual(3, Directory.GetFileSystemEntries(directory.Path).Length, "nothing is created");
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
