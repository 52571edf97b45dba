using Vae.MLNet.Classification;
using Vae.MLNet.Data;
using Vae.MLNet.Decomposition;

namespace Vae.MLNet.Tests.Data;

/// <summary>
/// A dataset of one's own that reports more rows than it did, as one wrapping a list another thread still appends to,
/// is refused by the library's readers with the change named, rather than read past the buffers its first count sized.
/// </summary>
[TestClass]
public sealed class ChangingDatasetTests
{
    private const string Advice = "while it was being read; a VaeDataset must not change while the library reads it.";

    private static readonly VaeDataset Steady = VaeDataset.FromArray([.. Enumerable.Range(0, 16).Select(i => (i * 0.37f) % 1f)], 2, [0, 1, 0, 1, 0, 1, 0, 1]);

    private static readonly Lazy<VaeModel> Model = new(() => TinyGaussianTraining.Fit(Steady));

    [TestMethod]
    public void ToArrayNamesTheChange() => AssertRefused(() => new CountingUp().ToArray());

    [TestMethod]
    public void ScoringNamesTheChange() => AssertRefused(() => Model.Value.ScoreRows(new CountingUp()));

    [TestMethod]
    public void EncodingNamesTheChange() => AssertRefused(() => LatentFeatures.EncodeMeans(Model.Value, new CountingUp()));

    [TestMethod]
    public void LikelihoodEstimateNamesTheChange() => AssertRefused(() => Model.Value.EstimateLogLikelihood(new CountingUp(), samples: 2));

    [TestMethod]
    public void LatentActivityNamesTheChange() => AssertRefused(() => Model.Value.MeasureLatentActivity(new CountingUp()));

    [TestMethod]
    public void TrainingNamesTheChange() => AssertRefused(() => TinyGaussianTraining.Fit(new CountingUp()));

    [TestMethod]
    public void PcaNamesTheChange() => AssertRefused(() => Pca.Fit(new CountingUp(), componentCount: 1));

    [TestMethod]
    public void ThresholdingNamesTheChange() => AssertRefused(() => BinarizedDataset.Threshold(new CountingUp()));

    [TestMethod]
    public void ClassifierTrainingNamesTheChange() => AssertRefused(() => new SoftmaxRegression(new SoftmaxRegressionOptions { Epochs = 1 }).Fit(new CountingUp()));

    [TestMethod]
    public void AccuracyNamesTheChange()
    {
        SoftmaxRegressionModel classifier = new SoftmaxRegression(new SoftmaxRegressionOptions { Epochs = 1 }).Fit(Steady);

        AssertRefused(() => classifier.Accuracy(new CountingUp()));
    }

    [TestMethod]
    public void TrainingRefusesRowsAddedBetweenEpochs()
    {
        var data = new Appended(8);
        var trainer = new VaeTrainer(new VaeOptions
        {
            HiddenLayerSizes = [4],
            LatentDimension = 2,
            Epochs = 2,
            BatchSize = 4,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        });

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(data, new AfterEachEpoch(data.Append)));

        Assert.AreEqual($"The dataset's row count changed from 8 to 9 {Advice}", error.Message);
    }

    [TestMethod]
    public void ResampledViewRefusesRowsAddedToItsSource()
    {
        var source = new Appended(8);
        BinarizedDataset view = BinarizedDataset.Resampled(source, seed: 1);
        source.Append();

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => view.CopyRows([8], new float[2]));

        Assert.AreEqual($"The dataset's row count changed from 8 to 9 {Advice}", error.Message);
    }

    private static void AssertRefused(Action read)
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(read);

        StringAssert.StartsWith(error.Message, "The dataset's row count changed from ");
        StringAssert.EndsWith(error.Message, Advice);
    }

    /// <summary>Rows of two features in [0, 1], labelled 0 and 1 by turns, of which there are as many as the count says.</summary>
    private abstract class Rows : VaeDataset
    {
        public override int FeatureCount => 2;

        public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
        {
            CheckCopyArguments(rowIndices, destination);
            for (int i = 0; i < rowIndices.Length; i++)
            {
                destination[2 * i] = (rowIndices[i] * 0.37f) % 1f;
                destination[(2 * i) + 1] = (rowIndices[i] * 0.61f) % 1f;
            }
        }

        protected static int[] LabelsOf(int rows) => [.. Enumerable.Range(0, rows).Select(row => row % 2)];
    }

    /// <summary>The reviewer's dataset: one more row each time its count is read, with labels for the rows it last reported.</summary>
    private sealed class CountingUp : Rows
    {
        private int _rows = 8;

        public override int RowCount => _rows++;

        public override IReadOnlyList<int>? Labels => LabelsOf(_rows);
    }

    /// <summary>A dataset that gains a row when told to.</summary>
    private sealed class Appended(int rows) : Rows
    {
        public override int RowCount => rows;

        public void Append() => rows++;
    }

    private sealed class AfterEachEpoch(Action action) : IProgress<VaeEpochReport>
    {
        public void Report(VaeEpochReport value) => action();
    }
}
