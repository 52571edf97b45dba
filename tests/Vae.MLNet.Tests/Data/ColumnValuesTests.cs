using System.Numerics;
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

    [TestMethod]
    public void ColumnValuesComeBackAsTheRowTheyWereMadeFromAndAsTheCsvReaderReadsThem()
    {
        VaeModel model = Train(["n", "colour=blue", "colour=green", "colour=red", "w"], Colour("colour"));
        var csv = new StringReader("n,colour,w\n3,red,1\n4, blue ,2\n5,green,3\n6,red,1\n");
        float[] read = CsvDatasetReader.Read(csv, new CsvDatasetOptions { CategoricalColumnNames = ["colour"], Categories = model.CategoricalFeatures }).ToArray();

        for (int row = 0; row < 4; row++)
        {
            float[] features = model.FromColumnValues(model.ToColumnValues(Rows.AsSpan(row * 5, 5)));

            CollectionAssert.AreEqual(Rows.AsSpan(row * 5, 5).ToArray(), features, $"row {row}");
            CollectionAssert.AreEqual(read.AsSpan(row * 5, 5).ToArray(), features, $"row {row}, as read from CSV");
        }

        CollectionAssert.AreEqual(new[] { 3.5f, 0f, 1f, 0f, 2.25f }, model.FromColumnValues(model.ToColumnValues([3.5f, 0.1f, 0.7f, 0.2f, 2.25f])));
        CollectionAssert.AreEqual(new[] { 4f, 1f, 0f, 0f, 2.5f }, model.FromColumnValues([4, " blue ", 2.5m]), "whole numbers, decimals and a cell's whitespace");
        CollectionAssert.AreEqual(new[] { 4f, 0f, 0f, 0f, 2.5f }, model.FromColumnValues([4.0, "purple", 2.5f], unknownCategoriesAsNone: true));
        CollectionAssert.AreEqual(new[] { 1f, 0f, 0f, 0f, 2f }, model.FromColumnValues(model.ToColumnValues([1f, 0f, 0f, 0f, 2f]), unknownCategoriesAsNone: true), "a row of none");
    }

    [TestMethod]
    [DataRow(new object?[] { 3f, "red" }, "The values hold 2 values, but the model's rows stand for 3 columns (\"n\", \"colour\", \"w\"); pass one value per column, in the order of ColumnNames.")]
    [DataRow(new object?[] { 3f, "purple", 1f }, "Value 1, of column \"colour\", is the category \"purple\", which the model was not trained on; its categories are \"blue\", \"green\", \"red\": map it to one of these, leave the row out, or pass unknownCategoriesAsNone: true to read it as none of them.")]
    [DataRow(new object?[] { 3f, null, 1f }, "Value 1, of column \"colour\", is null, a row of none of its categories; pass one of them (\"blue\", \"green\", \"red\"), or pass unknownCategoriesAsNone: true to read it as none of them.")]
    [DataRow(new object?[] { 3f, 2, 1f }, "Value 1, of column \"colour\", is of type Int32, but the column is categorical; pass the text of one of its categories: \"blue\", \"green\", \"red\".")]
    [DataRow(new object?[] { "3", "red", 1f }, "Value 0, of column \"n\", is the text \"3\", but the column is numeric; pass a number (float, double, Half, decimal or a whole number), parsed from the text first.")]
    [DataRow(new object?[] { 3f, "red", null }, "Value 2, of column \"w\", is null, but the column is numeric; pass a number (float, double, Half, decimal or a whole number).")]
    [DataRow(new object?[] { float.NaN, "red", 1f }, "Value 0, of column \"n\", is NaN, not finite; every feature must be a finite number (impute or drop missing values first).")]
    [DataRow(new object?[] { 3f, "red", double.NegativeInfinity }, "Value 2, of column \"w\", is -Infinity, not finite; every feature must be a finite number (impute or drop missing values first).")]
    [DataRow(new object?[] { 3f, "red", 1e300 }, "Value 2, of column \"w\", is 1E+300, beyond the range of a 32-bit float (its largest is 3.4e38), so it would read as infinity; every feature must be a number a 32-bit float holds: divide the feature by a power of ten that brings its values near 1 (take the logarithm of one that spans many powers of ten).")]
    [DataRow(new object?[] { 3f, "red", 1e-50 }, "Value 2, of column \"w\", is 1E-50, nearer 0 than a 32-bit float holds (its smallest is 1.4e-45), so it would read as 0; every feature must be a number a 32-bit float holds")]
    public void ColumnValuesOfTheWrongCountTypeOrCategoryOrNotFiniteAreRefusedNamingTheColumn(object?[] values, string message)
    {
        VaeModel model = Train(["n", "colour=blue", "colour=green", "colour=red", "w"], Colour("colour"));

        var refused = Assert.ThrowsExactly<ArgumentException>(() => model.FromColumnValues(values));

        Assert.AreEqual("values", refused.ParamName);
        StringAssert.StartsWith(refused.Message, message);
        Assert.AreEqual("values", Assert.ThrowsExactly<ArgumentNullException>(() => model.FromColumnValues(null!)).ParamName);
    }

    /// <summary>Int128, UInt128, BigInteger and Half, numbers as the documentation has them, were refused as not numbers.</summary>
    [TestMethod]
    public void EveryNumericTypeIsTakenAndANumberBeyondAFloatsRangeRefused()
    {
        VaeModel model = Train(["n", "colour=blue", "colour=green", "colour=red", "w"], Colour("colour"));

        CollectionAssert.AreEqual(new[] { 4f, 1f, 0f, 0f, 2.5f }, model.FromColumnValues([(Int128)4, "blue", (Half)2.5f]));
        CollectionAssert.AreEqual(new[] { -7f, 1f, 0f, 0f, 9f }, model.FromColumnValues([new BigInteger(-7), "blue", (UInt128)9]));
        CollectionAssert.AreEqual(new[] { 5f, 0f, 1f, 0f, 6f }, model.FromColumnValues([(nint)5, "green", (nuint)6]), "nint and nuint are integer types too");
        foreach (object huge in new object[] { UInt128.MaxValue, BigInteger.Pow(10, 400), -BigInteger.Pow(10, 400) })
        {
            var refused = Assert.ThrowsExactly<ArgumentException>(() => model.FromColumnValues([3f, "red", huge]));

            Assert.AreEqual("values", refused.ParamName);
            StringAssert.Contains(refused.Message, "beyond the range of a 32-bit float (its largest is 3.4e38)", huge.GetType().Name);
        }

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => model.FromColumnValues([Half.NaN, "red", 1f])).Message, "is NaN, not finite");
        Assert.IsLessThan(1000, Assert.ThrowsExactly<ArgumentException>(() => model.FromColumnValues([3f, "red", BigInteger.Pow(10, 100_000)])).Message.Length, "the number's 100 001 digits cut short");
    }

    [TestMethod]
    public void TheModelScoredByOnnxRuntimeAndItsDecoderTurnColumnValuesIntoTheFeaturesTheModelDoes()
    {
        VaeModel model = Train(["n", "colour=blue", "colour=green", "colour=red", "w"], Colour("colour"));
        var zip = new MemoryStream();
        model.Save(zip);
        zip.Position = 0;
        object?[] values = [3.5f, "green", 2.25f];

        using VaeOnnxModel onnx = VaeOnnxModel.Load(zip);
        using VaeTransformer transformer = VaeTransformer.Load(new MemoryStream(zip.ToArray()));
        using VaeDecoderTransformer decoder = transformer.CreateDecoder();

        CollectionAssert.AreEqual(new[] { 3.5f, 0f, 1f, 0f, 2.25f }, onnx.FromColumnValues(values));
        CollectionAssert.AreEqual(new[] { 3.5f, 0f, 0f, 0f, 2.25f }, decoder.FromColumnValues([3.5f, "teal", 2.25f], unknownCategoriesAsNone: true));
        onnx.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => onnx.FromColumnValues(values));
    }
}
