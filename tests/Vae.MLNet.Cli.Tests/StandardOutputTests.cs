using System.Text;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Tests;

/// <summary>Standard output redirected to a file, device or pipe, as the command line's process has it.</summary>
[TestClass]
public sealed class StandardOutputTests
{
    private const int BrokenPipe = 32;
    private const int NoSpaceLeft = 28;

    private static Workspace _workspace = null!;

    private static readonly Lazy<string> TrainedModel = new(() => _workspace.TrainModel());

    [ClassInitialize]
    public static void Create(TestContext context) => _workspace = new Workspace();

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    [TestMethod]
    public void ATableIsWrittenInPartsOfItsBuffer()
    {
        string file = _workspace.PathOf("generated.csv");
        Assert.AreEqual(0, CliRun.Of("generate", TrainedModel.Value, "--count", "5000", "--out", file).ExitCode);
        var stream = new RecordingStream();

        int code = VaeCli.Run(["generate", TrainedModel.Value, "--count", "5000"], new RedirectedOutputWriter(stream), TextWriter.Null);

        Assert.AreEqual(0, code);
        byte[] table = File.ReadAllBytes(file);
        CollectionAssert.AreEqual(table, stream.Written);
        Assert.IsGreaterThan(3 << 16, table.Length, "the table should fill the buffer several times");
        Assert.AreEqual((table.Length + (1 << 16) - 1) >> 16, stream.WriteSizes.Count, string.Join(", ", stream.WriteSizes));
    }

    /// <summary>
    /// Windows gives standard output as a handle, not descriptor 1: a stream over a handle of value 1 failed to open there,
    /// so that every command with its output redirected failed to start.
    /// </summary>
    [TestMethod]
    public void WithoutDescriptorsStandardOutputIsTheConsolesStreamNotDescriptorOne()
    {
        using Stream stream = StandardOutputStream.Open(hasDescriptors: false);

        Assert.IsNotInstanceOfType<FileStream>(stream);
        Assert.IsTrue(stream.CanWrite);
    }

    [TestMethod]
    public void LinesOtherThanATableAreWrittenAsTheyCome()
    {
        var stream = new RecordingStream();
        using var output = new RedirectedOutputWriter(stream);

        output.WriteLine("wrote a.csv (3 rows)");
        int writtenAtOnce = stream.Written.Length;
        output.Write("partial");

        Assert.AreEqual("wrote a.csv (3 rows)\n".Length, writtenAtOnce);
        Assert.AreEqual("wrote a.csv (3 rows)\npartial", Encoding.UTF8.GetString(stream.Written));
    }

    [TestMethod]
    public void AReaderThatHasGoneStopsACommandQuietlyWithTheExitCodeOfSigpipe()
    {
        var stream = new RecordingStream(failAfterBytes: 100_000, () => new IOException("Broken pipe", BrokenPipe));
        var error = new StringWriter();

        int code = VaeCli.Run(["generate", TrainedModel.Value, "--count", "1000000"], new RedirectedOutputWriter(stream), error);

        Assert.AreEqual(141, code);
        Assert.AreEqual(string.Empty, error.ToString());
        // The failed write and the table's last flush on the way out, not a write per block of rows still to come.
        Assert.IsLessThanOrEqualTo(2, stream.FailedWrites);
    }

    [TestMethod]
    public void ASetOfFilesIsWrittenWholeThoughTheReaderOfItsReportsHasGone()
    {
        string directory = _workspace.PathOf("closed-export");
        var stream = new RecordingStream(failAfterBytes: 0, () => new IOException("Broken pipe", BrokenPipe));

        int code = VaeCli.Run(["export-onnx", TrainedModel.Value, directory], new RedirectedOutputWriter(stream), TextWriter.Null);

        Assert.AreEqual(141, code);
        CollectionAssert.AreEquivalent(new[] { "autoencoder.onnx", "decoder.onnx", "encoder.onnx" }, Directory.GetFiles(directory).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void TrainingWhoseOutputReaderHasGoneWritesNoModel()
    {
        string directory = Directory.CreateDirectory(_workspace.PathOf("closed-training")).FullName;
        var stream = new RecordingStream(failAfterBytes: 0, () => new IOException("Broken pipe", BrokenPipe));

        int code = VaeCli.Run(
            ["train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", Path.Combine(directory, "model.zip")], new RedirectedOutputWriter(stream), TextWriter.Null);

        Assert.AreEqual(141, code);
        Assert.AreEqual(0, Directory.GetFileSystemEntries(directory).Length);
    }

    /// <summary>
    /// Ctrl+C takes the pipe's reader (tee) with it, and the broken pipe may be seen before the signal is handled: the
    /// failed write once ended training with exit code 141 and nothing on standard error, and kept the epochs only when
    /// the cancellation was seen first, as with slow epochs it mostly was.
    /// </summary>
    [TestMethod]
    public void TrainingWhoseOutputReaderGoesWithASignalKeepsItsEpochsAndTellsThemOnStandardError()
    {
        string directory = Directory.CreateDirectory(_workspace.PathOf("signalled-reader")).FullName;
        using var signal = new CancellationTokenSource();

        // The signal is handled a little after the write failed, as its handler runs on a thread of its own: not a
        // timer's, which waits for the thread pool that training's workers may hold.
        var handler = new Thread(() =>
        {
            Thread.Sleep(50);
            signal.Cancel();
        });
        var stream = new RecordingStream(failAfterBytes: 400, () =>
        {
            if (handler.ThreadState == ThreadState.Unstarted)
            {
                handler.Start();
            }

            return new IOException("Broken pipe", BrokenPipe);
        });
        var error = new StringWriter();

        int code = VaeCli.Run(
            ["train", _workspace.DataPath, "--label-column", "label", "--epochs", "40000", "--out", Path.Combine(directory, "model.zip")],
            new RedirectedOutputWriter(stream), error, cancellationToken: signal.Token);

        Assert.AreEqual(130, code, error.ToString());
        StringAssert.StartsWith(error.ToString(), "vae: cancelled after epoch ");
        CollectionAssert.AreEqual(new[] { "model.interrupted.zip" }, Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).ToArray());
        Assert.IsNotEmpty(VaeModel.Load(Path.Combine(directory, "model.interrupted.zip")).History.Epochs);
    }

    /// <summary>A reader gone by itself, as 'head -1' goes, stops training as a signal would: the epochs are kept, and the exit code is SIGPIPE's.</summary>
    [TestMethod]
    public void TrainingWhoseOutputReaderGoesAfterAnEpochKeepsItsEpochsWithTheExitCodeOfSigpipe()
    {
        string directory = Directory.CreateDirectory(_workspace.PathOf("gone-reader")).FullName;
        var stream = new RecordingStream(failAfterBytes: 400, () => new IOException("Broken pipe", BrokenPipe));
        var error = new StringWriter();

        int code = VaeCli.Run(
            ["train", _workspace.DataPath, "--label-column", "label", "--epochs", "40000", "--out", Path.Combine(directory, "model.zip")], new RedirectedOutputWriter(stream), error);

        Assert.AreEqual(141, code, error.ToString());
        StringAssert.StartsWith(error.ToString(), "vae: standard output was closed by its reader: cancelled after epoch ");
        CollectionAssert.AreEqual(new[] { "model.interrupted.zip" }, Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).ToArray());
        Assert.IsNotEmpty(VaeModel.Load(Path.Combine(directory, "model.interrupted.zip")).History.Epochs);
    }

    /// <summary>
    /// A reader gone once training has ended loses nothing --out does not keep, so the model is written as asked, not
    /// as an interrupted one, and the exit code alone tells the output was cut.
    /// </summary>
    [TestMethod]
    [DataRow("active latent dimension", DisplayName = "before the model is written")]
    [DataRow("wrote ", DisplayName = "as the model's file is reported")]
    public void TrainingWhoseOutputReaderGoesAfterTheLastEpochWritesItsModel(string readerGoesOn)
    {
        string directory = Directory.CreateDirectory(_workspace.PathOf($"gone-after-training-{readerGoesOn.Trim().Replace(' ', '-')}")).FullName;
        var stream = new RecordingStream(failure: () => new IOException("Broken pipe", BrokenPipe)) { FailingFrom = readerGoesOn };
        var error = new StringWriter();

        int code = VaeCli.Run(
            ["train", _workspace.DataPath, "--label-column", "label", "--epochs", "2", "--out", Path.Combine(directory, "model.zip")], new RedirectedOutputWriter(stream), error);

        Assert.AreEqual(141, code, error.ToString());
        Assert.AreEqual(string.Empty, error.ToString());
        CollectionAssert.AreEqual(new[] { "model.zip" }, Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).ToArray());
        Assert.HasCount(2, VaeModel.Load(Path.Combine(directory, "model.zip")).History.Epochs);
    }

    /// <summary>.NET throws EFBIG, a file grown past the file-size limit, as an ArgumentOutOfRangeException naming no file, which once came through as it was.</summary>
    [TestMethod]
    [DataRow("full", "No space left on device; redirect it elsewhere.", DisplayName = "full disk")]
    [DataRow("closed", "it is closed or open for reading only; redirect it elsewhere.", DisplayName = "closed descriptor")]
    [DataRow(
        "too large",
        "it would grow past the largest this process may write (its file-size limit, ulimit -f) or its file system holds; redirect it elsewhere.",
        DisplayName = "file-size limit")]
    public void StandardOutputThatCannotBeWrittenIsNamedAsSuch(string failure, string problem)
    {
        var stream = new RecordingStream(failAfterBytes: 0, () => failure switch
        {
            "closed" => new UnauthorizedAccessException("Access to the path is denied."),
            "too large" => new ArgumentOutOfRangeException("value", "Specified file length was too large for the file system."),
            _ => new IOException("No space left on device", NoSpaceLeft),
        });
        var error = new StringWriter();

        int code = VaeCli.Run(["inspect", TrainedModel.Value], new RedirectedOutputWriter(stream), error);

        Assert.AreEqual(1, code);
        Assert.AreEqual($"vae: standard output could not be written: {problem}{Environment.NewLine}", error.ToString());
    }
}
