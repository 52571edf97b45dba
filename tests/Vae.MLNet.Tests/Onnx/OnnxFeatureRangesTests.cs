using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Scoring;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// The decoder graph that applies feature ranges must give, bit for bit, what
/// <see cref="VaeFeatureRanges.Apply(Span{float}, IReadOnlyList{VaeCategoricalFeature})"/> gives: each categorical
/// column its most likely category.
/// </summary>
[TestClass]
public sealed class OnnxFeatureRangesTests
{
    public enum WholeFeatures
    {
        Some,
        All,
        None,
    }

    [TestMethod]
    [DataRow(WholeFeatures.Some)]
    [DataRow(WholeFeatures.All)]
    [DataRow(WholeFeatures.None)]
    public void TheRangedDecoderGivesThePlainDecodersRowsWithTheRangesApplied(WholeFeatures whole)
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 4);
        const int Rows = 2000;
        int d = model.InputDimension;
        float[] latent = ScoringTestModels.Rows(Rows, model.LatentDimension, seed: 5, low: -4f, high: 4f);
        float[] plain = Decode(model.ExportOnnx().Decoder, latent, Rows, d);
        VaeFeatureRanges ranges = MiddleOf(plain, d, whole);

        float[] ranged = Decode(model.ExportDecoderOnnx(ranges), latent, Rows, model.InputDimension);
        float[] expected = (float[])plain.Clone();
        ranges.Apply(expected);

        CollectionAssert.AreEqual(expected.Select(BitConverter.SingleToInt32Bits).ToArray(), ranged.Select(BitConverter.SingleToInt32Bits).ToArray());
        float[] clipped = [.. plain.Select((value, i) => Math.Clamp(value, ranges.Minimum[i % d], ranges.Maximum[i % d]))];
        Assert.IsTrue(plain.Where((value, i) => value != clipped[i]).Count() > Rows, "clipping is exercised");
        Assert.AreEqual(whole != WholeFeatures.None, ranged.Where((value, i) => value != clipped[i]).Count() > Rows, "rounding is exercised where features are whole");
    }

    [TestMethod]
    public void ACategoricalColumnComesOutAsTheOneHotOfItsMostLikelyCategoryWhereRoundingWouldLeaveNone()
    {
        (VaeModel model, VaeFeatureRanges ranges, float[] plain) = CategoricalModelDecoding(out float[] latent);

        float[] ranged = Decode(model.ExportDecoderOnnx(ranges), latent, CategoricalRows, CategoricalWidth);

        float[] numericExpected = (float[])plain.Clone();
        ranges.Apply(numericExpected);
        int undecided = 0;
        for (int row = 0; row < CategoricalRows; row++)
        {
            float[] probabilities = plain[((row * CategoricalWidth) + 1)..((row * CategoricalWidth) + 4)];
            undecided += probabilities.Max() < 0.5f ? 1 : 0;
            int likeliest = Array.IndexOf(probabilities, probabilities.Max());
            CollectionAssert.AreEqual(
                new[] { numericExpected[row * CategoricalWidth], likeliest == 0 ? 1f : 0f, likeliest == 1 ? 1f : 0f, likeliest == 2 ? 1f : 0f, numericExpected[(row * CategoricalWidth) + 4], numericExpected[(row * CategoricalWidth) + 5] },
                ranged[(row * CategoricalWidth)..((row + 1) * CategoricalWidth)],
                $"row {row}: probabilities {string.Join(", ", probabilities)}");
        }

        Assert.IsTrue(undecided > CategoricalRows / 10, $"{undecided} rows have no category above ½, which rounding one feature at a time would leave with none");
    }

    [TestMethod]
    public void ApplyGivenTheCategoricalColumnsGivesTheRangedDecodersRowsAndKeepsEachRowsCategory()
    {
        (VaeModel model, VaeFeatureRanges ranges, float[] plain) = CategoricalModelDecoding(out float[] latent);
        float[] ranged = Decode(model.ExportDecoderOnnx(ranges), latent, CategoricalRows, CategoricalWidth);

        float[] applied = (float[])plain.Clone();
        ranges.Apply(applied, model.CategoricalFeatures);

        CollectionAssert.AreEqual(ranged.Select(BitConverter.SingleToInt32Bits).ToArray(), applied.Select(BitConverter.SingleToInt32Bits).ToArray());
        VaeCategoricalFeature colours = model.CategoricalFeatures!.Single();
        for (int row = 0; row < CategoricalRows; row++)
        {
            Range features = (row * CategoricalWidth)..((row + 1) * CategoricalWidth);
            Assert.AreEqual(colours.CategoryOf(plain[features]), colours.CategoryOf(applied[features]), $"row {row}");
        }
    }

    [TestMethod]
    public void RoundingTakesHalvesToEvenAndGivesZeroWhereItWouldGiveMinusZero()
    {
        VaeModel model = DecodingAlways([2.5f, -0.5f, -0.3f, 3.5f, 0.5f, -2.5f, 1.7f, 100f, -100f]);
        int d = model.InputDimension;
        var ranges = new VaeFeatureRanges(Enumerable.Repeat(-10f, d).ToArray(), Enumerable.Repeat(10f, d).ToArray(), Enumerable.Repeat(true, d).ToArray());

        float[] generated = Decode(model.ExportDecoderOnnx(ranges), new float[model.LatentDimension], 1, d);

        CollectionAssert.AreEqual(new[] { 2f, 0f, 0f, 4f, 0f, -2f, 2f, 10f, -10f }, generated);
        Assert.IsFalse(generated.Any(value => value == 0f && float.IsNegative(value)), "no −0: " + string.Join(", ", generated.Select(value => BitConverter.SingleToInt32Bits(value).ToString("x8"))));
    }

    [TestMethod]
    public void InfinitiesHugeValuesAndOneValueRangesComeOutAsApplyGivesThemAndNaNComesOutAsNaN()
    {
        float[] decoded = [float.PositiveInfinity, float.NegativeInfinity, 1e30f, 4194304.5f, 8388609f, 2.5f, -1e-45f, 0.7f, 1e20f];
        var ranges = new VaeFeatureRanges(
            [-10f, -10f, 0f, 0f, 0f, 3f, -5f, 0.25f, -1e20f],
            [10f, 10f, 3e38f, 1e7f, 1e8f, 3f, 5f, 0.25f, 3e20f],
            [true, false, false, true, true, true, true, false, true]);
        float[] expected = (float[])decoded.Clone();
        ranges.Apply(expected);

        float[] generated = Decode(DecodingAlways(decoded).ExportDecoderOnnx(ranges), new float[ScoringTestModels.LatentDimension], 1, decoded.Length);
        decoded[1] = float.NaN;
        decoded[4] = float.NaN;
        float[] withNaN = Decode(DecodingAlways(decoded).ExportDecoderOnnx(ranges), new float[ScoringTestModels.LatentDimension], 1, decoded.Length);

        CollectionAssert.AreEqual(new[] { 10f, -10f, 1e30f, 4194304f, 8388609f, 3f, 0f, 0.25f, 1e20f }, expected);
        CollectionAssert.AreEqual(expected.Select(BitConverter.SingleToInt32Bits).ToArray(), generated.Select(BitConverter.SingleToInt32Bits).ToArray());
        Assert.IsTrue(float.IsNaN(withNaN[1]) && float.IsNaN(withNaN[4]), "NaN is not clipped to a bound, which would hide it");
        CollectionAssert.AreEqual(generated.Where((_, j) => j is not 1 and not 4).ToArray(), withNaN.Where((_, j) => j is not 1 and not 4).ToArray());
    }

    [TestMethod]
    public void TheRangedDecoderSaysSoInItsMetadataAndKeepsItsTensorNames()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Tanh, scaled: true, seed: 4);
        var names = new OnnxTensorNames { Latent = "z", Reconstruction = "rows", ReconstructionLogVar = "row_log_variances" };

        var graph = Vae.MLNet.Onnx.Protos.ModelProto.Parser.ParseFrom(model.ExportDecoderOnnx(model.FeatureRanges!, names));

        Assert.AreEqual("decoder_with_feature_ranges", graph.MetadataProps.Single(entry => entry.Key == "vae_mlnet.graph").Value);
        CollectionAssert.AreEqual(new[] { "z" }, graph.Graph.Input.Select(input => input.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "rows", "row_log_variances" }, graph.Graph.Output.Select(output => output.Name).ToArray());
    }

    /// <summary>
    /// A model saved with a name the ranged decoder gives one of its own values would keep it in its zip, and could never
    /// export that decoder: the command line renames no tensor.
    /// </summary>
    [TestMethod]
    [DataRow("Latent", "feature_ranges.minimum")]
    [DataRow("Reconstruction", "feature_ranges.clipped")]
    [DataRow("ReconstructionLogVar", "feature_ranges.whole")]
    [DataRow("Features", "feature_ranges.anything")]
    public void SavingAndExportingRefuseANameInTheScopeOfTheRangedDecodersValues(string property, string name)
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 4);
        OnnxTensorNames names = property switch
        {
            "Latent" => new OnnxTensorNames { Latent = name },
            "Reconstruction" => new OnnxTensorNames { Reconstruction = name },
            "ReconstructionLogVar" => new OnnxTensorNames { ReconstructionLogVar = name },
            _ => new OnnxTensorNames { Features = name },
        };
        using var zip = new MemoryStream();

        ArgumentException saving = Assert.ThrowsExactly<ArgumentException>(() => model.Save(zip, names));
        ArgumentException exporting = Assert.ThrowsExactly<ArgumentException>(() => model.ExportOnnx(names));

        Assert.AreEqual(0, zip.Length, "nothing is written");
        Assert.AreEqual(property, saving.ParamName);
        StringAssert.StartsWith(
            saving.Message,
            $"The ONNX tensor name {property} starts with 'feature_ranges.', which the decoder for generating with feature ranges (ExportDecoderOnnx(featureRanges), 'vae export-onnx --clip-and-round') keeps for values of its own; choose another name.");
        Assert.AreEqual(saving.Message, exporting.Message);
    }

    /// <summary>
    /// A zip saved before such names were refused, with one of them, loaded and trained further, ended in the refusal
    /// after every epoch and saved nothing; the names a model carries are its own, and only a new one is refused.
    /// </summary>
    [TestMethod]
    public void AModelCarryingANameInTheScopeSavesAndTrainsFurtherButRefusesANewOne()
    {
        var data = VaeDataset.FromArray([0f, 1f, 0.25f, 0.75f, 1f, 0f, 0.5f, 0.5f], featureCount: 2);
        var options = new VaeOptions { HiddenLayerSizes = [3], LatentDimension = 1, Epochs = 1, NumberOfThreads = 1, Gemm = GemmBackend.Managed };
        VaeModel trained = new VaeTrainer(options).Fit(data);
        var carried = new OnnxTensorNames { AnomalyScore = "feature_ranges.score" };
        var older = new VaeModel(trained.Network, trained.Scaling, options, trained.History, featureNames: null, trained.FeatureRanges, tensorNames: carried);
        using var zip = new MemoryStream();
        older.Save(zip);
        zip.Position = 0;

        VaeModel further = new VaeTrainer(options).Fit(data, VaeModel.Load(zip));
        using var again = new MemoryStream();
        further.Save(again);
        again.Position = 0;

        Assert.AreEqual(carried, VaeModel.Load(again).TensorNames);
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() => further.ExportOnnx(carried with { Latent = "feature_ranges.z" }));
        Assert.AreEqual(nameof(OnnxTensorNames.Latent), refused.ParamName);
    }

    [TestMethod]
    public void RangesOfAnotherWidthOrNoneAreRefusedNamingTheArgument()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 4);
        var narrower = new VaeFeatureRanges([0f, 0f], [1f, 1f], [false, false]);

        var wrongWidth = Assert.ThrowsExactly<ArgumentException>(() => model.ExportDecoderOnnx(narrower));
        var none = Assert.ThrowsExactly<ArgumentNullException>(() => model.ExportDecoderOnnx((VaeFeatureRanges)null!));

        Assert.AreEqual("featureRanges", wrongWidth.ParamName);
        StringAssert.StartsWith(wrongWidth.Message, $"The feature ranges cover 2 features but the model generates {model.InputDimension};");
        Assert.AreEqual("featureRanges", none.ParamName);
    }

    private const int CategoricalRows = 500;
    private const int CategoricalWidth = 6;

    /// <summary>
    /// An untrained Gaussian model of <see cref="CategoricalWidth"/> features, 1 to 3 a categorical column of three
    /// colours, with ranges, and its plain decoder's rows for <paramref name="latent"/>, <see cref="CategoricalRows"/>
    /// points spread so widely that many rows have no colour above ½.
    /// </summary>
    private static (VaeModel Model, VaeFeatureRanges Ranges, float[] Plain) CategoricalModelDecoding(out float[] latent)
    {
        var colours = new VaeCategoricalFeature(null, 1, ["red", "green", "blue"]);
        var options = new VaeOptions { HiddenLayerSizes = [8], LatentDimension = 2, Likelihood = VaeLikelihood.Gaussian, Gemm = GemmBackend.Managed, NumberOfThreads = 1 };
        VaeNetwork network = VaeNetwork.Create(options, CategoricalWidth, new Random(6), CategoricalGroups.Of([colours], CategoricalWidth));
        var model = new VaeModel(network, null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null, categoricalFeatures: [colours]);
        var ranges = new VaeFeatureRanges([-1f, 0f, 0f, 0f, -3f, 0f], [1f, 1f, 1f, 1f, 3f, 0.5f], [false, true, true, true, true, false]);
        latent = ScoringTestModels.Rows(CategoricalRows, model.LatentDimension, seed: 7, low: -3f, high: 3f);
        return (model, ranges, Decode(model.ExportOnnx().Decoder, latent, CategoricalRows, CategoricalWidth));
    }

    /// <summary>Each feature's range between its 20th and 80th percentile in <paramref name="rows"/>, widened to whole numbers where whole.</summary>
    private static VaeFeatureRanges MiddleOf(float[] rows, int width, WholeFeatures whole)
    {
        bool[] wholeNumbers = [.. Enumerable.Range(0, width).Select(j => whole switch { WholeFeatures.Some => j % 2 == 0, WholeFeatures.All => true, _ => false })];
        float[][] sorted = [.. Enumerable.Range(0, width).Select(j => rows.Where((_, i) => i % width == j).Order().ToArray())];
        return new VaeFeatureRanges(
            [.. sorted.Select((values, j) => wholeNumbers[j] ? MathF.Floor(values[values.Length / 5]) : values[values.Length / 5])],
            [.. sorted.Select((values, j) => wholeNumbers[j] ? MathF.Ceiling(values[values.Length * 4 / 5]) : values[values.Length * 4 / 5])],
            wholeNumbers);
    }

    /// <summary>An unscaled Gaussian model whose decoder gives <paramref name="row"/> for every latent point: the head's weights are zero and its bias is the row.</summary>
    private static VaeModel DecodingAlways(float[] row)
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 4);
        DenseLayer head = model.Network.DecoderHead;
        Array.Clear(head.Weights);
        row.CopyTo(head.Bias, 0);
        return model;
    }

    private static float[] Decode(byte[] decoder, float[] latent, int rows, int width)
    {
        using var session = new OnnxSession(decoder);
        var output = new float[rows * width];
        session.Run(rows, OnnxTensorNames.Default.Latent, latent, OnnxTensorNames.Default.Reconstruction, output);
        return output;
    }
}
