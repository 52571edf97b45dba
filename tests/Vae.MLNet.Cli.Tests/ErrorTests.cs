namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class ErrorTests
{
    private static Workspace _workspace = null!;

    [ClassInitialize]
    public static void Create(TestContext context) => _workspace = new Workspace();

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    [TestMethod]
    public void MissingFileIsOneLineNamingIt()
    {
        CliRun run = CliRun.Of("inspect", _workspace.PathOf("absent.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, "absent.zip: no such file.");
    }

    [TestMethod]
    public void ADirectoryGivenAsAFileIsOneLineSayingSo()
    {
        CliRun run = CliRun.Of("inspect", _workspace.Directory);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, "is a directory; give the path of a file.");
    }

    [TestMethod]
    public void TrainRefusesAnOutputItCouldNotWriteBeforeTraining()
    {
        string directory = _workspace.PathOf("a-directory.zip");
        Directory.CreateDirectory(directory);

        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", directory);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, $"--out {directory}: '{directory}' names a directory, not a file.");
        Assert.DoesNotContain("training", run.Output, "the data was not read, let alone trained on");
    }

    [TestMethod]
    public void BadCsvCellNamesLineAndColumn()
    {
        string path = _workspace.PathOf("bad.csv");
        File.WriteAllText(path, "a,b\n0.1,0.2\n0.3,oops\n");

        CliRun run = CliRun.Of("train", path, "--epochs", "1", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, "vae: ");
        StringAssert.Contains(run.Error, "line 3");
        StringAssert.Contains(run.Error, "column 2 (\"b\")");
        Assert.IsFalse(File.Exists(_workspace.PathOf("never.zip")));
    }

    [TestMethod]
    public void UnknownOptionIsAUsageError()
    {
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--bogus");

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, "--bogus");
        StringAssert.Contains(run.Error, "vae train --help");
    }

    [TestMethod]
    public void MalformedImageShapeIsAUsageError()
    {
        CliRun run = CliRun.Of("generate", "model.zip", "-n", "2", "--image-shape", "28by28");

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.Contains(run.Error, "--image-shape '28by28'");
    }

    [TestMethod]
    public void MalformedBinarizationIsAUsageError()
    {
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--binarize", "half");

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.Contains(run.Error, "--binarize 'half' is neither a number nor 'stochastic' or 'resampled'.");
    }

    [TestMethod]
    public void BadTrainingOptionIsAUsageErrorReportedUnderItsOptionName()
    {
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--validation-fraction", "2");

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, "vae: --validation-fraction: ");
        StringAssert.Contains(run.Error, "(got 2)");
    }

    [TestMethod]
    public void TrainingSettingsLeftOutTakeTheirDefaultsWhenTheCommandLineIsChecked()
    {
        // Left out, --epochs would read as 0 while parsing, before its default is filled in.
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--latent-dim", "0");

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, "vae: --latent-dim: ");
    }

    [TestMethod]
    [DataRow("generate absent.zip --count 0", "--count 0 must be at least 1.")]
    [DataRow("generate absent.zip -n 1 --temperature 1e38", "--temperature 1E+38 must be a finite number from 0 to 100.")]
    [DataRow("generate absent.zip -n 1 --scale 17", "--scale 17 must be between 1 and 16.")]
    [DataRow("evaluate absent.zip absent.csv --samples 0", "--samples 0 must be at least 1.")]
    [DataRow("interpolate absent.zip absent.csv --from 0 --to 1 --steps 1", "--steps 1 must be at least 2, to include both ends.")]
    [DataRow("encode absent.zip absent.csv --max-rows 0", "--max-rows 0 must be at least 1.")]
    [DataRow("encode absent.zip absent.csv --binarize resampled", "--binarize resampled draws new bits at every read, which only training wants")]
    public void AnOptionValueNoCommandCouldUseIsAUsageErrorBeforeAnyFileIsRead(string commandLine, string message)
    {
        // Neither the model nor the data exists: the value must be refused before either is opened.
        CliRun run = CliRun.Of(commandLine.Split(' '));

        Assert.AreEqual(2, run.ExitCode, run.Error);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.Contains(run.Error, message);
        StringAssert.Contains(run.Error, $"see 'vae {commandLine.Split(' ')[0]} --help'");
    }

    [TestMethod]
    public void CsvOptionsAreRefusedForIdxInput()
    {
        string path = _workspace.PathOf("images.idx");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255]);

        CliRun run = CliRun.Of("train", path, "--label-column", "label");

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, "--label-column applies to CSV input");
    }

    [TestMethod]
    public void VerbosePrintsTheStackTrace()
    {
        CliRun quiet = CliRun.Of("inspect", _workspace.PathOf("absent.zip"));
        CliRun verbose = CliRun.Of("inspect", _workspace.PathOf("absent.zip"), "--verbose");

        Assert.AreEqual(1, verbose.ExitCode);
        Assert.IsFalse(quiet.Error.Contains(" at ", StringComparison.Ordinal));
        StringAssert.Contains(verbose.Error, " at ");
    }

    [TestMethod]
    public void NotAModelZipNamesTheFile()
    {
        CliRun run = CliRun.Of("inspect", _workspace.DataPath);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: {_workspace.DataPath}: ");
    }

    [TestMethod]
    public void CancelledTrainingWritesNoModel()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var error = new StringWriter();
        string model = _workspace.PathOf("cancelled.zip");

        int code = VaeCli.Run(["train", _workspace.DataPath, "--label-column", "label", "--out", model], TextWriter.Null, error, cancellationToken: cancelled.Token);

        Assert.AreEqual(130, code);
        StringAssert.Contains(error.ToString(), "cancelled");
        Assert.IsFalse(File.Exists(model));
    }
}
