using System.Globalization;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class LogVarianceTests
{
    private static Workspace _workspace = null!;
    private static string _data = null!;
    private static string _model = null!;

    /// <summary>A learned-variance model of a measurement, a categorical colour between two further measurements.</summary>
    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _workspace = new Workspace();
        _model = _workspace.TrainShapes("GaussianLearnedVariance");
        _data = _workspace.ShapesPath;
    }

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    [TestMethod]
    public void ReconstructWritesTheDecodersLogVarianceOfEachNumericFeatureAsTheLibraryDecodesIt()
    {
        CliRun run = CliRun.Of("reconstruct", _model, _data, "--categorical-columns", "colour", "--label-column", "label", "--log-variance");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.AreEqual(
            "size,colour,weight,label,recon_size,recon_colour,recon_weight,logvar_size,logvar_weight", lines[0], "the colour, a softmax, has no variance");
        VaeModel model = VaeModel.Load(_model);
        VaeDataset data = CsvDatasetReader.Read(_data, new CsvDatasetOptions
        {
            FeatureColumnNames = model.FeatureNames, Categories = model.CategoricalFeatures, LabelColumnName = "label",
        });
        float[] means = new float[data.RowCount * model.LatentDimension];
        model.Encode(data.ToArray(), means, default);
        CollectionAssert.AreEqual(NumericLogVariances(model, means), LastValues(lines, 2));
    }

    [TestMethod]
    public void DecodeWritesTheDecodersLogVarianceOfEachNumericFeatureAsTheLibraryDecodesIt()
    {
        string latents = _workspace.PathOf("latents.csv");
        float[] points = [0.5f, -1f, 0f, 0f, -2.25f, 1.75f];
        File.WriteAllLines(latents, ["z0,z1", .. points.Chunk(2).Select(z => string.Create(CultureInfo.InvariantCulture, $"{z[0]},{z[1]}"))]);

        CliRun run = CliRun.Of("decode", _model, latents, "--log-variance");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.AreEqual("size,colour,weight,logvar_size,logvar_weight", lines[0]);
        CollectionAssert.AreEqual(NumericLogVariances(VaeModel.Load(_model), points), LastValues(lines, 2));
    }

    [TestMethod]
    public void AModelOfAnotherLikelihoodIsRefusedTheOption()
    {
        string bernoulli = _workspace.PathOf("bernoulli.zip");
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--likelihood", "Bernoulli", "-e", "1", "--out", bernoulli).ExitCode);
        string latents = _workspace.PathOf("bernoulli-latents.csv");
        File.WriteAllLines(latents, ["0,0"]);

        CliRun reconstruct = CliRun.Of("reconstruct", bernoulli, _workspace.DataPath, "--label-column", "label", "--log-variance");
        CliRun decode = CliRun.Of("decode", bernoulli, latents, "--no-header", "--log-variance");

        foreach (CliRun run in new[] { reconstruct, decode })
        {
            Assert.AreEqual(1, run.ExitCode, run.Error);
            Assert.AreEqual(
                $"vae: --log-variance applies to --likelihood GaussianLearnedVariance models only, and {bernoulli} was trained with --likelihood Bernoulli, "
                + "whose decoder learns no variance; leave --log-variance out.",
                run.Error.TrimEnd());
            Assert.AreEqual(string.Empty, run.Output);
        }
    }

    [TestMethod]
    public void DecodeRefusesTheOptionBesideAPicture()
    {
        CliRun run = CliRun.Of("decode", _model, "absent.csv", "--log-variance", "--image-shape", "2x2", "--out", _workspace.PathOf("grid.png"));

        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.StartsWith(run.Error, "vae: --log-variance adds columns to the CSV rows, which --image-shape draws as a picture instead; leave out one of the two.");
    }

    // The decoder's log-variances of the latent points' rows, those of the features that are not the colour's.
    private static float[] NumericLogVariances(VaeModel model, float[] latent)
    {
        int d = model.InputDimension;
        float[] reconstruction = new float[latent.Length / model.LatentDimension * d];
        float[] logVariances = new float[reconstruction.Length];
        model.Decode(latent, reconstruction, logVariances);
        VaeCategoricalFeature colour = model.CategoricalFeatures!.Single();
        return [.. logVariances.Where((_, i) => i % d < colour.FirstFeature || i % d >= colour.FirstFeature + colour.Categories.Count)];
    }

    private static float[] LastValues(string[] lines, int count) =>
        [.. lines.Skip(1).SelectMany(line => line.Split(',')[^count..]).Select(value => float.Parse(value, CultureInfo.InvariantCulture))];
}
