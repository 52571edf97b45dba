using System.Globalization;
using Vae.MLNet.Benchmarks;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Samples.Common;
using Vae.MLNet.Tests.Data;

namespace Vae.MLNet.Tests.Benchmarks;

/// <summary>
/// The scoring benchmark refuses what would fail its run before it reads the data or trains: each case points --data
/// at a folder that does not exist, so reaching the data would fail differently, but for the test images, which it
/// reads before the training images.
/// </summary>
[TestClass]
public sealed class ScoringBenchmarkTests
{
    [TestMethod]
    public void AnOutputFolderThatIsAFileIsRefusedBeforeTheData()
    {
        using var temp = new TempDirectory();
        string file = Path.Combine(temp.Path, "scores");
        File.WriteAllText(file, "earlier results");

        var error = Assert.ThrowsExactly<IOException>(() => ScoringBenchmark.Run(Arguments(temp, "--out", file, "--peer", "none")));

        StringAssert.StartsWith(error.Message, $"The output folder {file} cannot be written (");
        StringAssert.EndsWith(error.Message, "; pass --out with a folder this user may write in.");
        Assert.AreEqual("earlier results", File.ReadAllText(file));
    }

    [TestMethod]
    public void AnOutputFolderBelowAFileIsRefusedNamingTheOption()
    {
        using var temp = new TempDirectory();
        string file = temp.Write("scores", [1, 2, 3]);
        string output = Path.Combine(file, "deeper");

        var error = Assert.ThrowsExactly<IOException>(() => ScoringBenchmark.Run(Arguments(temp, "--out", output, "--peer", "none")));

        StringAssert.StartsWith(error.Message, $"The output folder {output} cannot be written (");
        StringAssert.EndsWith(error.Message, "; pass --out with a folder this user may write in.");
    }

    [TestMethod]
    public void ARequiredPeerThatCannotScoreTheGivenModelIsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        string modelPath = Path.Combine(temp.Path, "tiny.zip");
        TinyGaussianTraining.Fit(VaeDataset.FromArray([0, 1, 2, 3, 4, 5, 6, 7], 4)).Save(modelPath);
        string output = Path.Combine(temp.Path, "out");

        var error = Assert.ThrowsExactly<InvalidOperationException>(
            () => ScoringBenchmark.Run(Arguments(temp, "--out", output, "--model", modelPath, "--peer", "required")));

        Assert.AreEqual(
            "The PyTorch peer cannot run: the peer scores the 784-400-20 ReLU Bernoulli model without input scaling, and --model is another.",
            error.Message);
        Assert.IsEmpty(Directory.GetFileSystemEntries(output));
    }

    [TestMethod]
    public void ARequiredPeerCannotScoreAGivenModelOfCategoricalColumnsAndSaysSoBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        string modelPath = Path.Combine(temp.Path, "categorical.zip");
        ClassicModelWithACategoricalColumn().Save(modelPath);
        string output = Path.Combine(temp.Path, "out");

        var error = Assert.ThrowsExactly<InvalidOperationException>(
            () => ScoringBenchmark.Run(Arguments(temp, "--out", output, "--model", modelPath, "--peer", "required")));

        Assert.AreEqual(
            "The PyTorch peer cannot run: the peer decodes every feature with a sigmoid, and --model has categorical columns, which it decodes with a softmax.",
            error.Message);
        Assert.IsEmpty(Directory.GetFileSystemEntries(output));
    }

    [TestMethod]
    public void EpochsBesideAGivenModelAreRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        string output = Path.Combine(temp.Path, "out");

        var error = Assert.ThrowsExactly<ArgumentException>(
            () => ScoringBenchmark.Run(Arguments(temp, "--out", output, "--model", Path.Combine(temp.Path, "m.zip"), "--epochs", "5", "--peer", "none")));

        Assert.AreEqual("--epochs sets the training of the model to score, and --model gives one trained already; pass one or the other.", error.Message);
        Assert.IsFalse(Directory.Exists(output));
    }

    [TestMethod]
    public void TestImagesFewerThanABatchAreRefusedBeforeTheTraining()
    {
        // No training images: the refusal has to come before the training reads them.
        using var temp = new TempDirectory();
        string images = temp.Write(IdxSplits.ImagesFile("t10k"), IdxFixture.Gzip(IdxFixture.Images(count: 500, height: 28, width: 28)));
        temp.Write(IdxSplits.LabelsFile("t10k"), IdxFixture.Gzip(IdxFixture.Labels(count: 500)));
        string output = Path.Combine(temp.Path, "out");

        var error = Assert.ThrowsExactly<ArgumentException>(() => ScoringBenchmark.Run(
            BenchmarkArguments.Parse(["scoring", "--data", temp.Path, "--out", output, "--epochs", "1", "--peer", "none"])));

        Assert.AreEqual(
            $"{images} holds 500 test images, and the scoring benchmark needs at least 1000: it scores the first 100 into scored.csv and times batches of 1000. "
            + "Point --data at a folder with the full MNIST test set.",
            error.Message);
        Assert.IsEmpty(Directory.GetFileSystemEntries(output));
    }

    [TestMethod]
    public void AnOnnxRuntimeThatCannotBeLoadedIsToldInOneLineBeforeTheData()
    {
        using var temp = new TempDirectory();
        string library = Path.Combine(temp.Path, "libonnxruntime.so.1");

        // In a process of its own: this one may have loaded ONNX Runtime already, and the library loads once a process.
        ChildProcess.Result run = ChildProcess.Run(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Vae.MLNet.Benchmarks.dll"), "scoring", "--data", Path.Combine(temp.Path, "no-mnist"), "--out", Path.Combine(temp.Path, "out"), "--peer", "none"],
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string?> { ["VAE_MLNET_ONNXRUNTIME"] = library });

        Assert.AreEqual(2, run.ExitCode, run.StandardError);
        Assert.AreEqual(string.Empty, run.StandardOutput);
        string[] lines = run.StandardError.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, run.StandardError);
        StringAssert.StartsWith(lines[0], $"benchmark: The ONNX Runtime native library could not be loaded. Searched: {library} (VAE_MLNET_ONNXRUNTIME; no such file).");
        StringAssert.Contains(lines[0], "scripts/fetch-onnxruntime.sh");
    }

    [TestMethod]
    public void APeerLeftOutForAnotherModelIsSkippedWithItsReasonUnlessRequired()
    {
        Assert.IsFalse(Peers.ShouldRun(PeerMode.Auto, cannotCompare: "another model"));
        Assert.IsFalse(Peers.ShouldRun(PeerMode.None, ["no_such_module"]));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Peers.ShouldRun(PeerMode.Required, cannotCompare: "another model"));
        Assert.AreEqual("The PyTorch peer cannot run: another model.", error.Message);
    }

    [TestMethod]
    public void ARequiredPeerWhosePythonLacksAModuleNamesThePackageToInstall()
    {
        if (!Python3.IsInstalled)
        {
            Assert.Inconclusive($"{Python3.Path} is not installed.");
        }

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Peers.ShouldRun(PeerMode.Required, ["no_such_module"]));

        Assert.AreEqual("The PyTorch peer cannot run: python3-no_such_module is not installed; run scripts/setup.sh --peers.", error.Message);
    }

    /// <summary>The 784-400-20 ReLU Bernoulli model the peer builds, untrained, but with its first ten features one categorical column.</summary>
    private static VaeModel ClassicModelWithACategoricalColumn()
    {
        var digits = new VaeCategoricalFeature("digit", 0, [.. Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture))]);
        var options = new VaeOptions { HiddenLayerSizes = [400], LatentDimension = 20, Activation = VaeActivation.Relu, Likelihood = VaeLikelihood.Bernoulli };
        VaeNetwork network = VaeNetwork.Create(options, 784, new Random(1), CategoricalGroups.Of([digits], 784));
        return new VaeModel(network, null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null, categoricalFeatures: [digits]);
    }

    private static BenchmarkArguments Arguments(TempDirectory temp, params string[] options) =>
        BenchmarkArguments.Parse(["scoring", "--data", Path.Combine(temp.Path, "no-mnist"), .. options]);
}
