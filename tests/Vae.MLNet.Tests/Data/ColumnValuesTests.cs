using Vae.MLNet.Data;
using Vae.MLNet.Runtime;
using Vae.MLNet.Transforms;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class ColumnValuesTests
{
    // A number, a colour one-hot in features 1 to 3 (blue, green, red), another number.
    private static readonly float[] Rows =
    [
        3, 0, 0, 1, 1,
        4, 1, 0, 0, 2,
        5, 0, 1, 0, 3,
        6, 0, 0, 1, 1,
    ];

    private static VaeCategoricalFeature Colour(string? columnName) => new(columnName, 1, ["blue", "green", "red"]);

    private static VaeModel Train(IReadOnlyList<string>? featureNames, params VaeCategoricalFeature[] categorical) =>
        new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Likelihood = VaeLikelihood.Gaussian, Epochs = 1, BatchSize = 4, NumberOfThreads = 1 })
            .Fit(VaeDataset.FromArray(Rows, 5, null, featureNames, categorical));

    [TestMethod]
    public void ADecodedRowComesBackAsItsColumnsACategoricalOneAsItsLargestFeaturesCategory()
    {
        VaeModel model = Train(["n", "colour=blue", "colour=green", "colour=red", "w"], Colour("colour"));

        object?[] values = model.ToColumnValues([3.5f, 0.1f, 0.7f, 0.2f, 2.25f]);

        CollectionAssert.AreEqual(new object?[] { 3.5f, "green", 2.25f }, values);
        CollectionAssert.AreEqual(new[] { "n", "colour", "w" }, model.ColumnNames!.ToArray());
        Assert.IsTrue(((ICollection<string>)model.ColumnNames!).IsReadOnly, "a list that can be cast back and written would change the model's names");
    }

    [TestMethod]
    public void AGeneratedRowGivesTheCategoryCategoryOfReadsAndARowOfNoneGivesNull()
    {
        VaeModel model = Train(null, Colour(null));
        float[] generated = model.Generate(1, seed: 3);

        object?[] values = model.ToColumnValues(generated);
        object?[] none = model.ToColumnValues([1f, 0f, 0f, 0f, 2f]);

        Assert.IsNull(model.ColumnNames, "the training data named no features");
        CollectionAssert.AreEqual(new object?[] { generated[0], model.CategoricalFeatures![0].CategoryOf(generated), generated[4] }, values);
        CollectionAssert.AreEqual(new object?[] { 1f, null, 2f }, none);
    }

    [TestMethod]
    public void TheModelScoredByOnnxRuntimeAndItsDecoderGiveTheColumnsTheModelGives()
    {
        VaeModel model = Train(["n", "colour=blue", "colour=green", "colour=red", "w"], Colour("colour"));
        var zip = new MemoryStream();
        model.Save(zip);
        zip.Position = 0;
        float[] row = [3.5f, 0.1f, 0.7f, 0.2f, 2.25f];

        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(model);
        using VaeTransformer transformer = VaeTransformer.Load(zip);
        using VaeDecoderTransformer decoder = transformer.CreateDecoder();

        CollectionAssert.AreEqual(model.ColumnNames!.ToArray(), onnx.ColumnNames!.ToArray());
        CollectionAssert.AreEqual(model.ColumnNames!.ToArray(), decoder.ColumnNames!.ToArray());
        CollectionAssert.AreEqual(new object?[] { 3.5f, "green", 2.25f }, onnx.ToColumnValues(row));
        CollectionAssert.AreEqual(new object?[] { 3.5f, "green", 2.25f }, decoder.ToColumnValues(row));
        Assert.AreEqual("row", Assert.ThrowsExactly<ArgumentException>(() => decoder.ToColumnValues([1f])).ParamName);
        onnx.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => onnx.ToColumnValues(row));
    }

    [TestMethod]
    public void AModelWithoutCategoricalColumnsGivesEachFeatureAsAColumn()
    {
        VaeModel model = Train(["a", "b", "c", "d", "e"]);

        CollectionAssert.AreEqual(new object?[] { 1f, 0f, 1f, 0.5f, 7f }, model.ToColumnValues([1f, 0f, 1f, 0.5f, 7f]));
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "d", "e" }, model.ColumnNames!.ToArray());
    }

    [TestMethod]
    public void AColumnOfAnUnnamedCategoricalColumnAmongNamedFeaturesHasNoName()
    {
        VaeModel model = Train(["n", "blue", "green", "red", "w"], Colour(null));

        Assert.IsNull(model.ColumnNames, "the colour's three feature names cannot name its one column");
        Assert.HasCount(3, model.ToColumnValues(Rows.AsSpan(0, 5)));
    }

    [TestMethod]
    public void APartOfARowOrACategoricalColumnOfNaNIsRefusedNamingTheRow()
    {
        VaeModel model = Train(null, Colour(null));

        var part = Assert.ThrowsExactly<ArgumentException>(() => model.ToColumnValues([0f, 1f, 0f]));
        var nan = Assert.ThrowsExactly<ArgumentException>(() => model.ToColumnValues([1f, float.NaN, 0f, 0f, 2f]));

        Assert.AreEqual("row", part.ParamName);
        StringAssert.StartsWith(part.Message, "The row holds 3 values, but the model takes 5 features; pass one whole row of them.");
        Assert.AreEqual("row", nan.ParamName);
        StringAssert.StartsWith(nan.Message, "Feature 1 of the row, category \"blue\" of the categorical column at feature 1, is NaN");
    }
}
