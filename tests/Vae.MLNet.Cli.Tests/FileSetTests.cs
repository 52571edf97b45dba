using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class FileSetTests
{
    private static readonly string[] Names = ["encoder.onnx", "decoder.onnx", "autoencoder.onnx"];

    [TestMethod]
    public void AWriteThatFailsOnTheThirdFileLeavesEveryFileOfTheSetAsItWasAndNoTemporaryFile()
    {
        using var workspace = new Workspace();
        string[] paths = OldSet(workspace);
        var written = new FileSet();
        foreach (string path in paths)
        {
            written.Add(path, stream => Fill(stream, path, failing: paths[2]), $"wrote {path}");
        }

        var output = new StringWriter();
        var failure = Assert.ThrowsExactly<IOException>(() => written.Write(output, CancellationToken.None));

        StringAssert.Contains(failure.Message, $"'{paths[2]}' could not be written: No space left on device; {string.Join(", ", paths)} were all left as they were.");
        Assert.IsTrue(paths.All(path => File.ReadAllText(path) == "old"));
        CollectionAssert.AreEquivalent(paths.Append(workspace.DataPath).ToArray(), Directory.GetFiles(workspace.Directory));
        Assert.AreEqual(string.Empty, output.ToString());
    }

    [TestMethod]
    public void AMoveRefusedAfterAnotherNamesTheFilesAlreadyInPlaceAndThoseLeftAsTheyWere()
    {
        using var workspace = new Workspace();
        string[] paths = OldSet(workspace);
        var written = new FileSet();
        foreach (string path in paths)
        {
            // A directory made at the second path once the files are written refuses its move, after the first's.
            written.Add(path, stream => { Fill(stream, path, failing: null); if (path == paths[2]) { File.Delete(paths[1]); Directory.CreateDirectory(paths[1]); } }, $"wrote {path}");
        }

        var output = new StringWriter();
        var failure = Assert.ThrowsExactly<IOException>(() => written.Write(output, CancellationToken.None));

        Assert.AreEqual($"'{paths[1]}' could not be moved into place: Is a directory; {paths[0]} was already in place, and {paths[1]} and {paths[2]} were left as they were.", failure.Message);
        Assert.AreEqual("new", File.ReadAllText(paths[0]));
        Assert.AreEqual("old", File.ReadAllText(paths[2]));
        Assert.AreEqual(string.Empty, output.ToString());
    }

    [TestMethod]
    public void ACancellationWhileTheSetIsWrittenLeavesEveryFileAsItWas()
    {
        using var workspace = new Workspace();
        string[] paths = OldSet(workspace);
        using var cancellation = new CancellationTokenSource();
        var written = new FileSet();
        foreach (string path in paths)
        {
            written.Add(path, stream => { stream.WriteByte((byte)'n'); cancellation.Cancel(); }, $"wrote {path}");
        }

        Assert.ThrowsExactly<OperationCanceledException>(() => written.Write(TextWriter.Null, cancellation.Token));

        Assert.IsTrue(paths.All(path => File.ReadAllText(path) == "old"));
        CollectionAssert.AreEquivalent(paths.Append(workspace.DataPath).ToArray(), Directory.GetFiles(workspace.Directory));
    }

    [TestMethod]
    public void ASetWrittenWholeReplacesEveryFileAndReportsThemInOrder()
    {
        using var workspace = new Workspace();
        string[] paths = OldSet(workspace);
        var written = new FileSet();
        foreach (string path in paths)
        {
            written.Add(path, stream => Fill(stream, path, failing: null), $"wrote {path}");
        }

        var output = new StringWriter();
        written.Write(output, CancellationToken.None);

        Assert.IsTrue(paths.All(path => File.ReadAllText(path) == "new"));
        Assert.AreEqual(string.Concat(paths.Select(path => $"wrote {path}{Environment.NewLine}")), output.ToString());
    }

    [TestMethod]
    public void AFileToRemoveGoesOnlyOnceTheOthersAreInPlace()
    {
        using var workspace = new Workspace();
        string[] paths = OldSet(workspace);
        var failed = new FileSet();
        failed.Add(paths[0], stream => Fill(stream, paths[0], failing: paths[0]), $"wrote {paths[0]}");
        failed.AddNote("skipped", [paths[1]]);
        var written = new FileSet();
        written.Add(paths[0], stream => Fill(stream, paths[0], failing: null), $"wrote {paths[0]}");
        written.AddNote("skipped", [paths[1]]);

        Assert.ThrowsExactly<IOException>(() => failed.Write(TextWriter.Null, CancellationToken.None));
        Assert.AreEqual("old", File.ReadAllText(paths[1]), "a set that failed removes nothing");
        written.Write(TextWriter.Null, CancellationToken.None);

        Assert.AreEqual("new", File.ReadAllText(paths[0]));
        Assert.IsFalse(File.Exists(paths[1]));
        Assert.AreEqual("old", File.ReadAllText(paths[2]));
    }

    [TestMethod]
    public void AnEarlierFileThatCannotBeRemovedIsNamedWithTheSystemsReasonOnceTheNewFilesAndNotesAreReported()
    {
        using var workspace = new Workspace();
        string[] paths = OldSet(workspace);

        // Stands in for an earlier file this process may not remove (made immutable, or in a directory it may not
        // write): a directory refuses File.Delete as such a file does, for root too.
        string stuck = workspace.PathOf("manifold.png");
        Directory.CreateDirectory(stuck);
        var written = new FileSet();
        written.Add(paths[0], stream => Fill(stream, paths[0], failing: null), $"wrote {paths[0]}");
        written.AddNote("a note", []);
        written.AddNote("skipped manifold.png: it maps a latent space of 2 dimensions, and this model's has 8", [stuck]);
        written.AddNote("skipped decoder.onnx: a reason", [paths[1]]);

        var output = new StringWriter();
        var failure = Assert.ThrowsExactly<IOException>(() => written.Write(output, CancellationToken.None));

        // A directory in the file's place is refused as EISDIR, which .NET tells as access denied (EACCES).
        Assert.AreEqual(
            $"'{stuck}' could not be removed: Permission denied; the new files were all written, but it is left among them: remove it by hand.",
            failure.Message);
        Assert.AreEqual("new", File.ReadAllText(paths[0]));
        Assert.IsFalse(File.Exists(paths[1]), "the other earlier files are removed still");
        string[] lines =
        [
            $"wrote {paths[0]}",
            "a note",
            "skipped manifold.png: it maps a latent space of 2 dimensions, and this model's has 8",
            $"skipped decoder.onnx: a reason; removed the earlier {paths[1]}",
        ];
        Assert.AreEqual(string.Concat(lines.Select(line => line + Environment.NewLine)), output.ToString(), "the notes come before the failure, claiming no removal that failed");
    }

    [TestMethod]
    public void EarlierFilesThatCannotBeRemovedAreAllNamedByTheFailure()
    {
        using var workspace = new Workspace();
        string[] paths = OldSet(workspace);

        // Directories stand in for earlier files this process may not remove, as in the test before.
        string[] stuck = [workspace.PathOf("manifold.png"), workspace.PathOf("latent.png")];
        foreach (string path in stuck)
        {
            Directory.CreateDirectory(path);
        }

        var written = new FileSet();
        written.Add(paths[0], stream => Fill(stream, paths[0], failing: null), $"wrote {paths[0]}");
        written.AddNote("skipped the pictures", stuck);

        var failure = Assert.ThrowsExactly<IOException>(() => written.Write(TextWriter.Null, CancellationToken.None));

        Assert.AreEqual(
            $"'{stuck[0]}' could not be removed: Permission denied; the new files were all written, but the earlier {stuck[0]} and {stuck[1]} are left among them: remove them by hand.",
            failure.Message);
    }

    private static string[] OldSet(Workspace workspace)
    {
        string[] paths = [.. Names.Select(workspace.PathOf)];
        foreach (string path in paths)
        {
            File.WriteAllText(path, "old");
        }

        return paths;
    }

    // Stands in for a full disk: the file's content fails part way, as a write past the free space would.
    private static void Fill(Stream stream, string path, string? failing)
    {
        stream.Write("new"u8);
        if (path == failing)
        {
            throw new IOException($"'{path}' could not be written: No space left on device");
        }
    }
}
