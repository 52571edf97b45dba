using System.Text;
using Vae.MLNet.Data;
using Vae.MLNet.Persistence;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class FeatureRangesTests
{
    // Three features: children (whole, 0 to 4), a price (−2.5 to 10.75), a count recorded as 1e6 and 3e6.
    private static readonly float[] Rows =
    [
        0f, -2.5f, 1e6f,
        4f, 10.75f, 3e6f,
        2f, 3.25f, 1e6f,
        1f, 0.5f, 3e6f,
        3f, 7f, 1e6f,
        2f, 1.125f, 3e6f,
        0f, 9f, 3e6f,
        4f, -1f, 1e6f,
    ];

    private static readonly Lazy<VaeModel> Trained = new(() => Train(VaeDataset.FromArray(Rows, 3)));

    private static VaeModel Train(VaeDataset data, VaeModel? initial = null) => TinyGaussianTraining.Fit(data, initial, VaeInputScaling.Standardize);

    [TestMethod]
    public void ApplyClipsEachFeatureToItsRangeAndRoundsTheWholeNumberOnesHalvesToEven()
    {
        var ranges = new VaeFeatureRanges([-3f, -2.5f], [4f, 10.75f], [true, false]);
        float[] rows = [2.5f, 11f, 3.5f, -3f, -0.4f, 0.1f, 9.2f, float.NegativeInfinity, float.PositiveInfinity, 4.5f];

        ranges.Apply(rows);

        CollectionAssert.AreEqual(new[] { 2f, 10.75f, 4f, -2.5f, 0f, 0.1f, 4f, -2.5f, 4f, 4.5f }, rows);
        Assert.IsTrue(float.IsPositive(rows[4]), "a count rounded from just below 0 reads 0, not -0");
    }

    [TestMethod]
    public void ApplyRefusesPartRowsAndNaNAndLeavesTheRowsAsTheyWere()
    {
        var ranges = new VaeFeatureRanges([0f, 0f], [1f, 1f], [false, false]);
        float[] rows = [5f, 5f, 5f, float.NaN];

        var partial = Assert.ThrowsExactly<ArgumentException>(() => ranges.Apply(rows.AsSpan(0, 3)));
        var nan = Assert.ThrowsExactly<ArgumentException>(() => ranges.Apply(rows));

        Assert.AreEqual("rows", partial.ParamName);
        Assert.Contains("3 values are not whole rows of 2 features", partial.Message);
        Assert.AreEqual("rows", nan.ParamName);
        Assert.Contains("Row 1, feature 1 is NaN", nan.Message);
        CollectionAssert.AreEqual(new[] { 5f, 5f, 5f, float.NaN }, rows);
    }

    [TestMethod]
    public void ApplyGivenTheCategoricalColumnsGivesEachTheOneHotOfItsMostLikelyCategoryWhereRoundingAloneWouldLeaveNone()
    {
        var colours = new VaeCategoricalFeature("colour", 1, ["red", "green", "blue"]);
        var ranges = new VaeFeatureRanges([0f, 0f, 0f, 0f, -1f], [10f, 1f, 1f, 1f, 1f], [true, true, true, true, false]);
        float[] decoded =
        [
            12.4f, 0.3f, 0.3f, 0.4f, -2f,
            3.6f, 0.45f, 0.1f, 0.45f, 0.5f,
            -1f, 0.2f, 0.7f, 0.1f, 0.25f,
            1f, 0f, 0f, 0f, 0f,
        ];
        float[] roundedAlone = (float[])decoded.Clone();
        float[] applied = (float[])decoded.Clone();

        ranges.Apply(roundedAlone);
        ranges.Apply(applied, [colours]);

        CollectionAssert.AreEqual(new[] { 10f, 0f, 0f, 0f, -1f }, roundedAlone[..5], "rounded one at a time, no colour passes ½");
        CollectionAssert.AreEqual(
            new[]
            {
                10f, 0f, 0f, 1f, -1f,
                4f, 1f, 0f, 0f, 0.5f,
                0f, 0f, 1f, 0f, 0.25f,
                1f, 0f, 0f, 0f, 0f,
            },
            applied,
            "the likeliest colour, the first of equals, and none where the decoder gave none");
        Assert.AreEqual("blue", colours.CategoryOf(applied.AsSpan(0, 5)));
    }

    [TestMethod]
    public void ApplyRefusesCategoricalColumnsBeyondTheFeaturesNamingTheArgumentAndLeavesTheRowsAsTheyWere()
    {
        var ranges = new VaeFeatureRanges([0f, 0f], [1f, 1f], [true, true]);
        float[] rows = [0.4f, 0.3f];

        var beyond = Assert.ThrowsExactly<ArgumentException>(() => ranges.Apply(rows, [new VaeCategoricalFeature(null, 1, ["a", "b"])]));
        var missing = Assert.ThrowsExactly<ArgumentException>(() => ranges.Apply(rows, [null!]));

        Assert.AreEqual("categoricalFeatures", beyond.ParamName);
        Assert.Contains("Categorical feature 0 takes features 1 to 2", beyond.Message);
        Assert.AreEqual("categoricalFeatures", missing.ParamName);
        CollectionAssert.AreEqual(new[] { 0.4f, 0.3f }, rows);
    }

    [TestMethod]
    public void TheConstructorRefusesRangesThatCannotBeAppliedNamingTheArgument()
    {
        (string Name, string Message) Refusal(Func<VaeFeatureRanges> create)
        {
            var error = Assert.Throws<ArgumentException>(() => create());
            return (error.ParamName!, error.Message);
        }

        Assert.AreEqual("minimum", Refusal(() => new VaeFeatureRanges(null!, [1f], [false])).Name);
        (string emptyName, string emptyMessage) = Refusal(() => new VaeFeatureRanges([], [], []));
        Assert.AreEqual("minimum", emptyName);
        Assert.Contains("No feature has a range", emptyMessage);
        Assert.AreEqual("maximum", Refusal(() => new VaeFeatureRanges([0f, 0f], [1f], [false, false])).Name);
        Assert.AreEqual("wholeNumbers", Refusal(() => new VaeFeatureRanges([0f], [1f], [false, true])).Name);
        Assert.Contains("Feature 1's minimum 2 and maximum 1 have the maximum below the minimum", Refusal(() => new VaeFeatureRanges([0f, 2f], [1f, 1f], [false, false])).Message);
        Assert.AreEqual("minimum", Refusal(() => new VaeFeatureRanges([float.NaN], [1f], [false])).Name);
        Assert.AreEqual("maximum", Refusal(() => new VaeFeatureRanges([0f], [float.PositiveInfinity], [false])).Name);
        (string fractionalName, string fractionalMessage) = Refusal(() => new VaeFeatureRanges([0.5f], [3f], [true]));
        Assert.AreEqual("minimum", fractionalName);
        Assert.Contains("must be whole numbers", fractionalMessage);
        Assert.AreEqual("maximum", Refusal(() => new VaeFeatureRanges([0f], [3.5f], [true])).Name);
    }

    [TestMethod]
    public void TheListsAreCopiesThatCallersCannotChange()
    {
        float[] minimum = [0f];
        var ranges = new VaeFeatureRanges(minimum, [1f], [false]);
        minimum[0] = 5f;

        Assert.AreEqual(0f, ranges.Minimum[0]);
        Assert.ThrowsExactly<NotSupportedException>(() => ((IList<float>)ranges.Maximum)[0] = 3f);
    }

    [TestMethod]
    public void TrainingRecordsEachFeaturesRangeAndWhetherItHeldWholeNumbersOnly()
    {
        VaeFeatureRanges ranges = Trained.Value.FeatureRanges!;

        CollectionAssert.AreEqual(new[] { 0f, -2.5f, 1e6f }, ranges.Minimum.ToArray());
        CollectionAssert.AreEqual(new[] { 4f, 10.75f, 3e6f }, ranges.Maximum.ToArray());
        CollectionAssert.AreEqual(new[] { true, false, true }, ranges.WholeNumbers.ToArray());
    }

    [TestMethod]
    public void TrainingFurtherWidensTheRangesToTheNewDataAndKeepsWholeOnlyWhatBothHeldWhole()
    {
        float[] more = [5f, 0f, 2.5e6f, 1f, 11f, 0.5f];

        VaeFeatureRanges ranges = Train(VaeDataset.FromArray(more, 3), Trained.Value).FeatureRanges!;

        CollectionAssert.AreEqual(new[] { 0f, -2.5f, 0.5f }, ranges.Minimum.ToArray());
        CollectionAssert.AreEqual(new[] { 5f, 11f, 3e6f }, ranges.Maximum.ToArray());
        CollectionAssert.AreEqual(new[] { true, false, false }, ranges.WholeNumbers.ToArray());
    }

    [TestMethod]
    public void ABernoulliModelWithMinMaxScalingIsNotTrainedFurtherOnDataBeyondItsRange()
    {
        var options = new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 1, Epochs = 1, BatchSize = 4, InputScaling = VaeInputScaling.MinMax, NumberOfThreads = 1 };
        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray([0f, 5f, 4f, 10f, 2f, 6f, 1f, 9f], 2));
        var further = new VaeTrainer(new VaeOptions { Epochs = 1 });

        VaeFeatureRanges within = further.Fit(VaeDataset.FromArray([1f, 6f, 3f, 8f], 2), model).FeatureRanges!;
        var beyond = Assert.ThrowsExactly<VaeDataException>(() => further.Fit(VaeDataset.FromArray([1f, 6f, 5f, 8f], 2), model));

        CollectionAssert.AreEqual(new[] { 0f, 5f }, within.Minimum.ToArray());
        CollectionAssert.AreEqual(new[] { 4f, 10f }, within.Maximum.ToArray());
        Assert.AreEqual(1, beyond.Row);
        StringAssert.StartsWith(
            beyond.Message,
            "Row 1, feature 0 is 5, which the model's min-max scaling maps to 1.25 (it maps the feature's training range, 0 to 4, to [0, 1]), but the Bernoulli "
            + "likelihood needs every feature in [0, 1] after scaling. The model's min-max scaling was learned on other data; leave out the rows beyond "
            + "its training range or clip them into it before training the model further, or train a new model, whose scaling is learned from data that spans them.");
    }

    [TestMethod]
    public void AModelSavedBeforeRangesWereKeptLoadsWithoutThemAndTrainingItFurtherRecordsTheNewDatas()
    {
        byte[] older = ZipBeforeFeatureRanges.Of(ModelZip.Save(Trained.Value));

        VaeModel loaded = ModelZip.Load(older);
        using VaeOnnxModel runtime = VaeOnnxModel.Load(new MemoryStream(older));
        VaeModel continued = Train(VaeDataset.FromArray(Rows.AsSpan(0, 6).ToArray(), 3), loaded);

        Assert.IsNull(loaded.FeatureRanges);
        Assert.IsNull(runtime.FeatureRanges);
        Assert.DoesNotContain(FeatureRangesJson.File, Encoding.UTF8.GetString(ModelZip.Entries(ModelZip.Save(loaded))[ModelArchive.ManifestFile]));
        CollectionAssert.AreEqual(new[] { 0f, -2.5f, 1e6f }, continued.FeatureRanges!.Minimum.ToArray());
        CollectionAssert.AreEqual(new[] { 4f, 10.75f, 3e6f }, continued.FeatureRanges.Maximum.ToArray());
    }

    [TestMethod]
    public void RangesRoundTripThroughTheModelZipInACompactEntryOfTheirOwn()
    {
        byte[] zip = ModelZip.Save(Trained.Value);
        using VaeOnnxModel runtime = VaeOnnxModel.Load(new MemoryStream(zip));

        foreach (VaeFeatureRanges ranges in new[] { ModelZip.Load(zip).FeatureRanges!, runtime.FeatureRanges! })
        {
            CollectionAssert.AreEqual(Trained.Value.FeatureRanges!.Minimum.ToArray(), ranges.Minimum.ToArray());
            CollectionAssert.AreEqual(Trained.Value.FeatureRanges.Maximum.ToArray(), ranges.Maximum.ToArray());
            CollectionAssert.AreEqual(Trained.Value.FeatureRanges.WholeNumbers.ToArray(), ranges.WholeNumbers.ToArray());
        }

        Assert.AreEqual(FeatureRangesJson.File, runtime.Manifest.FeatureRangesFile);
        Assert.AreEqual(
            """{"minimum":[0,-2.5,1000000],"maximum":[4,10.75,3000000],"wholeNumbers":[true,false,true]}""",
            Encoding.UTF8.GetString(ModelZip.Entries(zip)[FeatureRangesJson.File]));
    }

    [TestMethod]
    [DataRow("""{"minimum":[0,-2.5],"maximum":[4,10.75],"wholeNumbers":[true,false]}""", "holds the ranges of 2 features, where the model takes 3")]
    [DataRow("""{"minimum":[0,-2.5,1000000],"maximum":[4,-3,3000000],"wholeNumbers":[true,false,true]}""", "Feature 1's minimum -2.5 and maximum -3 have the maximum below the minimum")]
    [DataRow("""{"minimum":[0,-2.5,1000000],"maximum":[4,10.75,3000000]}""", "is not valid: required members are missing")]
    [DataRow("""{"minimum":[0,"NaN",1000000],"maximum":[4,10.75,3000000],"wholeNumbers":[true,false,true]}""", "is not valid")]
    [DataRow("""{"minimum":[0,-1e39,1000000],"maximum":[4,10.75,3000000],"wholeNumbers":[true,false,true]}""", "is not valid: the number -1e39 lies beyond float32's range, ±3.4028235E+38, which this member is held in (at $.minimum[1], line 1).")]
    [DataRow("null", "is 'null' instead of the features' ranges")]
    [DataRow(" \n", "is not valid: the file holds no JSON, only white space or nothing (line 2).")]
    [DataRow("""{"extra":[[[[0]]]]}""", "is not valid: arrays and objects nest more than 4 deep, deeper than the format goes")]
    public void DamagedRangesAreRefusedNamingTheirFile(string json, string expected)
    {
        Dictionary<string, byte[]> entries = ModelZip.Entries(ModelZip.Save(Trained.Value));
        entries[FeatureRangesJson.File] = Encoding.UTF8.GetBytes(json);

        var error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(ModelZip.Build(entries)));

        Assert.AreEqual(FeatureRangesJson.Part, error.ModelPart);
        Assert.StartsWith(FeatureRangesJson.File, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.EndsWith("save the model again.", error.Message);
    }

    [TestMethod]
    public void AMissingRangesEntryOrOneStatedLongerThanRangesTakeIsRefused()
    {
        byte[] zip = ModelZip.Save(Trained.Value);
        Dictionary<string, byte[]> entries = ModelZip.Entries(zip);
        entries.Remove(FeatureRangesJson.File);

        var missing = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(ModelZip.Build(entries)));
        var overstated = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(ModelZip.WithStatedLength(zip, FeatureRangesJson.File, 40 * 3 + 257)));

        Assert.Contains($"The zip has no '{FeatureRangesJson.File}'", missing.Message);
        Assert.Contains("more than the 376 bytes the ranges of the model's 3 features take", overstated.Message);
        Assert.AreEqual(FeatureRangesJson.Part, overstated.ModelPart);
    }

    [TestMethod]
    public void AManifestNamingTheRangesFileAsAGraphIsRefused()
    {
        byte[] zip = ModelZip.EditManifest(ModelZip.Save(Trained.Value), manifest => manifest["featureRangesFile"] = "decoder.onnx");

        var error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(zip));

        Assert.Contains("the encoder, decoder, autoencoder, feature ranges and optimizer state need distinct file names", error.Message);
    }
}
