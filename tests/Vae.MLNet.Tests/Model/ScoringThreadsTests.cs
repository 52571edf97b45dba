using System.Reflection;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class ScoringThreadsTests
{
    // Wide enough that a 256-row pass gives each of several threads products of its own.
    private static VaeModel Model(GemmBackend gemm, int? threads) => new(
        VaeNetwork.Create(new VaeOptions { HiddenLayerSizes = [512, 256], LatentDimension = 16 }, 300, new Random(4)),
        null,
        new VaeOptions { HiddenLayerSizes = [512, 256], LatentDimension = 16, NumberOfThreads = threads, Gemm = gemm },
        new VaeTrainingHistory([], null, false, gemm),
        featureNames: null);

    private static float[] Reconstructed(VaeModel model, int rowCount = 600)
    {
        var random = new Random(5);
        float[] rows = [.. Enumerable.Range(0, rowCount * 300).Select(_ => (float)random.NextDouble())];
        var reconstruction = new float[rows.Length];
        model.Reconstruct(rows, reconstruction);
        return reconstruction;
    }

    [TestMethod]
    public void AModelScoresWithTheThreadsItWasTrainedWithUnlessGivenOthers()
    {
        VaeModel trained = Model(GemmBackend.Managed, 1);

        VaeModel wider = trained.WithNumberOfThreads(3);
        VaeModel everyProcessor = trained.WithNumberOfThreads(null);

        Assert.AreEqual(1, trained.NumberOfThreads);
        Assert.AreEqual(1, trained.ScoringThreads);
        Assert.AreEqual(3, wider.NumberOfThreads);
        Assert.AreEqual(3, wider.ScoringThreads);
        Assert.IsNull(everyProcessor.NumberOfThreads);
        Assert.AreEqual(Environment.ProcessorCount, everyProcessor.ScoringThreads);
        Assert.AreEqual(1, wider.Options.NumberOfThreads, "the options stay those it was trained with");
        Assert.AreEqual(Environment.ProcessorCount, Model(GemmBackend.Managed, null).ScoringThreads);
    }

    [TestMethod]
    [DataRow(600)]
    [DataRow(13)]
    public void ManagedThreadsScoreTheRowsBitForBitAsOneThreadDoes(int rowCount)
    {
        VaeModel alone = Model(GemmBackend.Managed, 1);

        CollectionAssert.AreEqual(Reconstructed(alone, rowCount), Reconstructed(alone.WithNumberOfThreads(4), rowCount));
    }

    [TestMethod]
    [DataRow(600)]
    [DataRow(13)]
    public void OpenBlasThreadsScoreTheRowsAsOneThreadDoesUpToRounding(int rowCount)
    {
        if (!MatrixMultipliers.IsOpenBlasAvailable)
        {
            Assert.Inconclusive("OpenBLAS does not load here.");
        }

        VaeModel alone = Model(GemmBackend.OpenBlas, 1);
        float[] expected = Reconstructed(alone, rowCount);
        float[] actual = Reconstructed(alone.WithNumberOfThreads(4), rowCount);

        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-5f * Math.Max(1, Math.Abs(expected[i])), $"value {i}");
        }
    }

    [TestMethod]
    public void TheModelWithOtherThreadsHoldsEverythingElseOfTheModel()
    {
        // Every field, so that one a later change adds to the model and forgets in the copy fails here.
        VaeModel trained = TinyGaussianTraining.Fit(
            new ShapedRows(VaeDataset.FromArray([3, 0, 1, 7, 1, 0, 5, 0, 1, 9, 1, 0], 3, null, ["n", "c=a", "c=b"], [new("c", 1, ["a", "b"])]), new VaeImageShape(3, 1)),
            scaling: VaeInputScaling.Standardize);
        VaeModel copy = trained.WithNumberOfThreads(2);

        FieldInfo[] fields = typeof(VaeModel).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.IsGreaterThan(5, fields.Length);
        // The columns are made by each model on first use, from the fields compared here.
        foreach (FieldInfo field in fields.Where(field => field.Name is not ("_workspaces" or "<NumberOfThreads>k__BackingField" or "_columns")))
        {
            Assert.IsNotNull(field.GetValue(trained), field.Name);
            Assert.AreSame(field.GetValue(trained), field.GetValue(copy), field.Name);
        }

        CollectionAssert.AreEqual(new[] { "n", "c" }, copy.ColumnNames!.ToArray());

        Assert.IsNotNull(trained.Scaling);
        Assert.IsNotNull(trained.FeatureRanges);
        var rows = new float[] { 4, 1, 0, 8, 0, 1 };
        var expected = new float[6];
        var actual = new float[6];
        trained.Reconstruct(rows, expected);
        copy.Reconstruct(rows, actual);
        CollectionAssert.AreEqual(expected, actual);
    }

    [TestMethod]
    public void ASavedModelLoadsWithTheThreadsItWasTrainedWith()
    {
        VaeModel wider = Model(GemmBackend.Managed, 1).WithNumberOfThreads(2);
        using var zip = new MemoryStream();

        wider.Save(zip);
        zip.Position = 0;
        VaeModel loaded = VaeModel.Load(zip);

        Assert.AreEqual(1, loaded.NumberOfThreads);
        Assert.AreEqual(1, loaded.ScoringThreads);
        CollectionAssert.AreEqual(Reconstructed(wider), Reconstructed(loaded));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(VaeOptions.MaxNumberOfThreads + 1)]
    public void ACountOutsideTheRangeIsRefusedNamingIt(int threads)
    {
        ArgumentOutOfRangeException exception = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Model(GemmBackend.Managed, 1).WithNumberOfThreads(threads));

        Assert.AreEqual("numberOfThreads", exception.ParamName);
    }

    /// <summary>Rows that say they are images of <paramref name="shape"/>, so that a model trained on them has every fact.</summary>
    private sealed class ShapedRows(VaeDataset rows, VaeImageShape shape) : VaeDataset
    {
        public override int RowCount => rows.RowCount;

        public override int FeatureCount => rows.FeatureCount;

        public override IReadOnlyList<string>? FeatureNames => rows.FeatureNames;

        public override IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => rows.CategoricalFeatures;

        public override VaeImageShape ImageShape => shape;

        public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination) => rows.CopyRows(rowIndices, destination);
    }
}
