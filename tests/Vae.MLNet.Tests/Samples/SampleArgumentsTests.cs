using Vae.MLNet.Data;
using Vae.MLNet.Runtime;
using Vae.MLNet.Samples.Common;

namespace Vae.MLNet.Tests.Samples;

[TestClass]
public sealed class SampleArgumentsTests
{
    private const string DataFile = "digits.bin";

    private static SampleArguments Read(params string[] args) =>
        SampleArguments.Read(args, "test-sample", "mnist", defaultEpochs: 10, [DataFile], writesFiles: true);

    [TestMethod]
    [DataRow(new[] { "--epoch", "5" }, "Unknown option --epoch.")]
    [DataRow(new[] { "--bogus" }, "Unknown option --bogus.")]
    [DataRow(new[] { "--epochs" }, "--epochs needs a value.")]
    [DataRow(new[] { "--epochs", "0" }, "--epochs takes a whole number of at least 1, not '0'.")]
    [DataRow(new[] { "--threads", "two" }, "--threads takes a whole number from 1 to 256, not 'two'.")]
    [DataRow(new[] { "--threads", "257" }, "--threads takes a whole number from 1 to 256, not '257'.")]
    [DataRow(new[] { "--epochs", "3", "--threads", "1", "--epochs", "4", "--epochs", "3" }, "--epochs is given 3 times; give it once.")]
    public void ACommandLineTheSamplesCannotUseSaysWhy(string[] args, string problem)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Read(args));
        Assert.AreEqual(problem, error.Message);
    }

    [TestMethod]
    public void ADataFolderThatDoesNotExistIsNamedBeforeAnythingIsWritten()
    {
        using var directory = new TempDirectory();
        string data = Path.Combine(directory.Path, "no-data");
        string output = Path.Combine(directory.Path, "out");

        var error = Assert.ThrowsExactly<DirectoryNotFoundException>(() => Read("--data", data, "--out", output));

        Assert.AreEqual(
            $"The data folder {data} does not exist; pass --data with the folder that holds the mnist data ({DataFile}); "
            + "README.md's \"Data for the examples\" (README.md#data-for-the-examples) says where the mnist data comes from.",
            error.Message);
        Assert.IsFalse(Directory.Exists(output));
    }

    [TestMethod]
    public void AMissingMnistFolderListsTheFilesToFetchAndTheReadmeSectionThatSaysWhere()
    {
        using var directory = new TempDirectory();
        string data = Path.Combine(directory.Path, "mnist");

        var error = Assert.ThrowsExactly<DirectoryNotFoundException>(() => SampleArguments.RequireDataFiles(data, "mnist", IdxSplits.FileNames));

        StringAssert.Contains(
            error.Message,
            "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)");
        StringAssert.Contains(error.Message, "README.md's \"Data for the examples\" (README.md#data-for-the-examples)");
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        StringAssert.Contains(readme, "\n### Data for the examples\n", "the message names a section the README has, under the anchor it gives");
    }

    [TestMethod]
    public void ADataFolderThatLacksTheSamplesFileNamesItBeforeAnythingIsWritten()
    {
        using var directory = new TempDirectory();
        string output = Path.Combine(directory.Path, "out");

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => Read("--data", directory.Path, "--out", output));

        Assert.AreEqual(
            $"The data folder {directory.Path} has no {DataFile}; pass --data with the folder that holds the mnist data ({DataFile}); "
            + "README.md's \"Data for the examples\" (README.md#data-for-the-examples) says where the mnist data comes from.",
            error.Message);
        Assert.AreEqual(Path.Combine(directory.Path, DataFile), error.FileName);
        Assert.IsFalse(Directory.Exists(output));
    }

    [TestMethod]
    public void OptionsAreReadWithFullPathsAndTheOutputFolderIsCreated()
    {
        using var directory = new TempDirectory();
        directory.Write(DataFile, [0]);
        string output = Path.Combine(directory.Path, "out");

        var arguments = Read("--data", Path.GetRelativePath(Environment.CurrentDirectory, directory.Path), "--out", output, "--epochs", "3", "--threads", "2");

        Assert.AreEqual(new SampleArguments("test-sample", directory.Path, output, 3, 2), arguments);
        Assert.IsTrue(Directory.Exists(output));
        Assert.IsEmpty(Directory.GetFileSystemEntries(output), "the file that showed the folder can be written is gone");
        Assert.AreEqual(Path.Combine(output, "model.zip"), arguments.Output("model.zip"));
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void AnOutputFolderThatCannotBeWrittenIsRefusedBeforeTheTraining()
    {
        using var directory = new TempDirectory();
        directory.Write(DataFile, [0]);

        // Linux's /proc exists for every process and refuses new files, even to root.
        var error = Assert.ThrowsExactly<IOException>(() => Read("--data", directory.Path, "--out", "/proc"));

        StringAssert.StartsWith(error.Message, "The output folder /proc cannot be written (");
        StringAssert.EndsWith(error.Message, "); pass --out with a folder this user may write in.");
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void AnOutputFolderThatMayNotBeCreatedEndsWithTwoAfterWhatIsWrongAndTheUsage()
    {
        using var directory = new TempDirectory();
        directory.Write(DataFile, [0]);
        var output = new StringWriter();
        var error = new StringWriter();

        // sysfs refuses new folders even to root, with the EPERM that .NET reports as an UnauthorizedAccessException.
        int? exitCode = TryParse(["--data", directory.Path, "--out", "/sys/vae-sample-out"], output, error, out SampleArguments? arguments);

        Assert.AreEqual(2, exitCode);
        Assert.IsNull(arguments);
        string[] lines = error.ToString().Split(Environment.NewLine);
        StringAssert.StartsWith(lines[0], "test-sample: The output folder /sys/vae-sample-out cannot be written (");
        StringAssert.StartsWith(lines[1], "usage: ");
        Assert.IsFalse(Directory.Exists("/sys/vae-sample-out"));
    }

    [TestMethod]
    public void ASampleThatWritesNoFilesTakesNoOutputFolder()
    {
        using var directory = new TempDirectory();
        directory.Write(DataFile, [0]);
        string output = Path.Combine(directory.Path, "out");
        string[] withOutput = ["--data", directory.Path, "--out", output];

        var error = Assert.ThrowsExactly<ArgumentException>(
            () => SampleArguments.Read(withOutput, "test-sample", "mnist", defaultEpochs: 10, [DataFile], writesFiles: false));
        var arguments = SampleArguments.Read(withOutput[..2], "test-sample", "mnist", defaultEpochs: 10, [DataFile], writesFiles: false);

        Assert.AreEqual("Unknown option --out.", error.Message);
        Assert.IsNull(arguments.OutputDirectory);
        Assert.IsFalse(Directory.Exists(output));
        Assert.ThrowsExactly<InvalidOperationException>(() => arguments.Output("model.zip"));
    }

    [TestMethod]
    public void HelpPrintsTheUsageAndEndsWithZero()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int? exitCode = TryParse(["--epochs", "3", "-h"], output, error, out SampleArguments? arguments);

        Assert.AreEqual(0, exitCode);
        Assert.IsNull(arguments);
        StringAssert.StartsWith(output.ToString(), "usage: dotnet run -c Release -p:WithMLNet=true --project samples/");
        StringAssert.Contains(output.ToString(), "--out DIR      where to write pictures (default: artifacts/samples/test-sample)");
        StringAssert.Contains(output.ToString(), "--epochs N     training epochs (default: 10)");
        Assert.AreEqual(string.Empty, error.ToString());
    }

    [TestMethod]
    [DataRow("pictures and the model")]
    [DataRow("the saved pipeline")]
    public void HelpWordsTheOutputFolderForOneOutputAndForSeveral(string outputs)
    {
        var output = new StringWriter();

        SampleArguments.TryParse(["--help"], "test-sample", "mnist", defaultEpochs: 10, [DataFile], outputs, "", output, new StringWriter(), out _);

        StringAssert.Contains(output.ToString(), $"--out DIR      where to write {outputs} (default: artifacts/samples/test-sample)");
    }

    [TestMethod]
    public void ACommandLineTheSamplesCannotUseEndsWithTwoAfterWhatIsWrongAndTheUsage()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int? exitCode = TryParse(["--epochs", "0"], output, error, out SampleArguments? arguments);

        Assert.AreEqual(2, exitCode);
        Assert.IsNull(arguments);
        Assert.AreEqual(string.Empty, output.ToString());
        string[] lines = error.ToString().Split(Environment.NewLine);
        Assert.AreEqual("test-sample: --epochs takes a whole number of at least 1, not '0'.", lines[0]);
        StringAssert.StartsWith(lines[1], "usage: ");
    }

    [TestMethod]
    public void AUsableCommandLineGoesOnWithItsArguments()
    {
        using var directory = new TempDirectory();
        directory.Write(DataFile, [0]);
        var output = new StringWriter();
        var error = new StringWriter();

        int? exitCode = TryParse(["--data", directory.Path, "--out", Path.Combine(directory.Path, "out")], output, error, out SampleArguments? arguments);

        Assert.IsNull(exitCode);
        Assert.AreEqual(directory.Path, arguments?.DataDirectory);
        Assert.AreEqual(string.Empty, output.ToString() + error.ToString());
    }

    [TestMethod]
    public void DataThatCannotBeReadIsToldWithoutAStackTrace()
    {
        var arguments = new SampleArguments("test-sample", "/data", null, 1, null);
        var error = new StringWriter();

        bool read = arguments.TryReadData<int>(folder => throw new VaeDataException($"{folder}/digits.bin is truncated."), error, out int data);
        bool readWell = arguments.TryReadData(folder => folder.Length, error, out int length);

        Assert.IsFalse(read);
        Assert.AreEqual(0, data);
        Assert.AreEqual($"test-sample: /data/digits.bin is truncated.{Environment.NewLine}", error.ToString());
        Assert.IsTrue(readWell);
        Assert.AreEqual("/data".Length, length);
    }

    [TestMethod]
    public void ATruncatedIdxFileIsToldWithoutTheLibrarysMaxRowsTheSamplesDoNotTake()
    {
        string folder = Directory.CreateTempSubdirectory("vae-sample-idx-").FullName;
        try
        {
            // An IDX3 header for 5 images of 2 × 2 pixels, then the pixels of 3 of them.
            byte[] header = [0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 2];
            File.WriteAllBytes(Path.Combine(folder, "images"), [.. header, .. new byte[3 * 4]]);
            var arguments = new SampleArguments("test-sample", folder, null, 1, null);
            var error = new StringWriter();

            bool read = arguments.TryReadData(data => IdxReader.ReadImages(Path.Combine(data, "images")), error, out _);

            Assert.IsFalse(read);
            StringAssert.EndsWith(error.ToString(), $"so image 3 (zero-based) is the first incomplete one. Re-download the file.{Environment.NewLine}");
            Assert.DoesNotContain("maxRows", error.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void DataThisUserMayNotReadIsToldWithoutAStackTrace()
    {
        var arguments = new SampleArguments("test-sample", "/data", null, 1, null);
        var error = new StringWriter();

        bool read = arguments.TryReadData<int>(
            folder => throw new UnauthorizedAccessException($"Access to the path '{folder}/digits.bin' is denied."), error, out _);

        Assert.IsFalse(read);
        Assert.AreEqual($"test-sample: Access to the path '/data/digits.bin' is denied.{Environment.NewLine}", error.ToString());
    }

    [TestMethod]
    public void AnOnnxRuntimeThatCannotBeLoadedIsToldWithTheLibrarysAdviceWithoutAStackTrace()
    {
        var arguments = new SampleArguments("test-sample", "/data", null, 1, null);
        var error = new StringWriter();

        bool ran = arguments.TryWithOnnxRuntime<int>(
            () => throw new OnnxRuntimeNotFoundException("The ONNX Runtime native library could not be loaded. Run scripts/fetch-onnxruntime.sh."), error, out _);
        bool ranWell = arguments.TryWithOnnxRuntime(() => 7, error, out int result);

        Assert.IsFalse(ran);
        Assert.AreEqual(
            $"test-sample: The ONNX Runtime native library could not be loaded. Run scripts/fetch-onnxruntime.sh.{Environment.NewLine}", error.ToString());
        Assert.IsTrue(ranWell);
        Assert.AreEqual(7, result);
    }

    private static int? TryParse(string[] args, TextWriter output, TextWriter error, out SampleArguments? arguments) =>
        SampleArguments.TryParse(args, "test-sample", "mnist", defaultEpochs: 10, [DataFile], "pictures", "-p:WithMLNet=true", output, error, out arguments);
}
