using Vae.MLNet.Benchmarks;
using Vae.MLNet.Samples.Common;
using Vae.MLNet.Tests.Data;

namespace Vae.MLNet.Tests.Benchmarks;

[TestClass]
public sealed class BenchmarkArgumentsTests
{
    private enum Flavour
    {
        Plain,
        Salted,
    }

    [TestMethod]
    [DataRow("0", "--rows takes a whole number from 1 to 100, got '0'.")]
    [DataRow("-5", "--rows takes a whole number from 1 to 100, got '-5'.")]
    [DataRow("101", "--rows takes a whole number from 1 to 100, got '101'.")]
    [DataRow("1e3", "--rows takes a whole number from 1 to 100, got '1e3'.")]
    public void AWholeNumberOutsideItsRangeIsRefusedBeforeTheRun(string value, string problem)
    {
        BenchmarkArguments arguments = BenchmarkArguments.Parse(["gemm", "--rows", value]);

        var error = Assert.ThrowsExactly<ArgumentException>(() => arguments.Integer("rows", 64, maximum: 100));

        Assert.AreEqual(problem, error.Message);
    }

    [TestMethod]
    public void AnOptionGivenTwiceIsRefusedRatherThanTheLastOneWinning()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => BenchmarkArguments.Parse(["scoring", "--threads", "1", "--seed", "3", "--threads", "2"]));

        Assert.AreEqual("--threads is given 2 times; give it once.", error.Message);
    }

    [TestMethod]
    public void TheDefaultDataIsTheSharedMnistBesideTheRepositoryWhateverTheWorkingDirectory()
    {
        string defaulted = BenchmarkArguments.Parse(["mnist"]).MnistDirectory();

        Assert.IsTrue(Path.IsPathFullyQualified(defaulted), defaulted);
        Assert.AreEqual(Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "data", "mnist")), defaulted);
        Assert.AreEqual("given", BenchmarkArguments.Parse(["mnist", "--data", "given"]).MnistDirectory());
    }

    [TestMethod]
    public void AMissingMnistFolderIsToldWithTheAdviceToPassData()
    {
        using var temp = new TempDirectory();
        string missing = Path.Combine(temp.Path, "no-mnist");

        var error = Assert.ThrowsExactly<DirectoryNotFoundException>(
            () => MnistBenchmark.Run(BenchmarkArguments.Parse(["mnist", "--data", missing, "--epochs", "1", "--peer", "none"])));

        StringAssert.StartsWith(error.Message, $"The data folder {missing} does not exist; pass --data with the folder that holds the mnist data (");
    }

    [TestMethod]
    public void AMissingMnistFileIsToldWithTheAdviceToPassData()
    {
        // The test split only: the likelihood benchmark reads it first, so the training split is the one found missing.
        using var temp = new TempDirectory();
        temp.Write(IdxSplits.ImagesFile("t10k"), IdxFixture.Gzip(IdxFixture.Images(count: 4, height: 28, width: 28)));
        temp.Write(IdxSplits.LabelsFile("t10k"), IdxFixture.Gzip(IdxFixture.Labels(count: 4)));

        var error = Assert.ThrowsExactly<FileNotFoundException>(
            () => LikelihoodBenchmark.Run(BenchmarkArguments.Parse(["likelihood", "--data", temp.Path, "--epochs", "1"])));

        StringAssert.StartsWith(
            error.Message, $"The data folder {temp.Path} has no {IdxSplits.ImagesFile("train")}; pass --data with the folder that holds the mnist data (");
    }

    [TestMethod]
    public void AWholeNumberInItsRangeOrAbsentIsRead()
    {
        BenchmarkArguments arguments = BenchmarkArguments.Parse(["likelihood", "--final-epochs", "0", "--seed", "-7"]);

        Assert.AreEqual(0, arguments.Integer("final-epochs", 3, minimum: 0));
        Assert.AreEqual(-7, arguments.Seed());
        Assert.AreEqual(2, arguments.Threads());
    }

    [TestMethod]
    public void AChoiceIsANameInAnyCaseButNeverANumber()
    {
        Assert.AreEqual(Flavour.Salted, BenchmarkArguments.Parse(["mnist", "--flavour", "SALTED"]).Choice("flavour", Flavour.Plain));

        var error = Assert.ThrowsExactly<ArgumentException>(() => BenchmarkArguments.Parse(["mnist", "--flavour", "1"]).Choice("flavour", Flavour.Plain));

        Assert.AreEqual("--flavour takes one of Plain, Salted, got '1'.", error.Message);
    }

    [TestMethod]
    public void AnOptionTheModeDoesNotTakeIsNamedWithWhatItTakes()
    {
        var none = Assert.ThrowsExactly<ArgumentException>(() => BenchmarkArguments.Parse(["cores", "--x", "1"]).RequireOnly());
        var some = Assert.ThrowsExactly<ArgumentException>(() => BenchmarkArguments.Parse(["memory", "--kb", "1"]).RequireOnly("kib"));

        Assert.AreEqual("Unknown option --x for 'cores'; it takes no options.", none.Message);
        Assert.AreEqual("Unknown option --kb for 'memory'; it takes --kib.", some.Message);
    }
}
