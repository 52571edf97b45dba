using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class InMemoryCategoricalFeaturesTests
{
    // The rows of "3,red,1\n4,blue,2\n…" with the colour one-hot in features 1 to 3 (blue, green, red).
    private static readonly float[] Rows =
    [
        3, 0, 0, 1, 1,
        4, 1, 0, 0, 2,
        5, 0, 0, 1, 1,
        6, 0, 1, 0, 3,
        7, 1, 0, 0, 2,
        8, 0, 0, 1, 1,
        9, 0, 1, 0, 3,
        10, 1, 0, 0, 2,
    ];

    private static VaeCategoricalFeature Colour(string? columnName = null, int firstFeature = 1) => new(columnName, firstFeature, ["blue", "green", "red"]);

    private static float[] Reconstructed(VaeModel model, float[] rows)
    {
        var reconstruction = new float[rows.Length];
        model.Reconstruct(rows, reconstruction);
        return reconstruction;
    }

    [TestMethod]
    public void ACategoricalFeaturePrintsItsColumnFeaturesAndCategories()
    {
        Assert.AreEqual("column \"colour\" at feature 1: 3 categories (\"blue\", \"green\", \"red\")", Colour("colour").ToString());
        Assert.AreEqual("the categorical column at feature 4: 1 category (\"red\")", new VaeCategoricalFeature(null, 4, ["red"]).ToString());

        var many = new VaeCategoricalFeature("country", 0, Enumerable.Range(0, 300).Select(i => $"country {i}"));
        Assert.AreEqual(
            "column \"country\" at feature 0: 300 categories (\"country 0\", \"country 1\", \"country 2\", \"country 3\", \"country 4\" and 295 more)",
            many.ToString());
    }

    [TestMethod]
    public void ACategoricalFeatureRefusesFeaturesPastTheLastARowCanHave()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeCategoricalFeature("c", int.MaxValue, ["x", "y"]));

        Assert.AreEqual("firstFeature", error.ParamName);
        StringAssert.StartsWith(error.Message, "The 2 categories from feature 2147483647 on would take features up to 2147483648, past the last a row can have (2147483646);");
    }

    [TestMethod]
    public void ACategoricalFeatureAtTheLastFeaturesARowCanHaveTellsAShortRowSo()
    {
        var column = new VaeCategoricalFeature("c", int.MaxValue - 2, ["x", "y"]);

        var error = Assert.ThrowsExactly<ArgumentException>(() => column.CategoryOf(new float[4]));

        Assert.AreEqual("row", error.ParamName);
        StringAssert.StartsWith(error.Message, "The row holds 4 features, but the categories of column \"c\" take features 2147483645 to 2147483646; pass a whole row.");
    }

    [TestMethod]
    public void ACategoricalFeatureRefusesWhatCannotNameItsFeatures()
    {
        Assert.AreEqual("categories", Assert.ThrowsExactly<ArgumentNullException>(() => new VaeCategoricalFeature("colour", 0, null!)).ParamName);
        Assert.AreEqual("firstFeature", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeCategoricalFeature("colour", -1, ["red"])).ParamName);

        (Func<VaeCategoricalFeature> Create, string ParamName, string Message)[] refused =
        [
            (() => new VaeCategoricalFeature("colour", 0, []), "categories", "The categorical column at feature 0 has no categories; give at least one."),
            (() => new VaeCategoricalFeature(null, 2, ["red", "blue", "red"]), "categories", "The categorical column at feature 2 has categories unfit to name features: \"red\" comes twice."),
            (() => new VaeCategoricalFeature("colour", 1, ["red", "red "]), "categories", "The categorical column at feature 1 holds \"red\" and \"red \", which are one text once the whitespace around them is taken off, as the CSV reader takes it off a cell; give categories that differ in their text."),
            (() => new VaeCategoricalFeature("colour", 0, ["red", " "]), "categories", "one is blank"),
            (() => new VaeCategoricalFeature("colour", 0, ["red", null!]), "categories", "one is null"),
            (() => new VaeCategoricalFeature("\t", 0, ["red"]), "columnName", "The categorical column at feature 0 has a column name that is blank"),
            (() => new VaeCategoricalFeature("colour\ud800", 0, ["red"]), "columnName", "half a surrogate pair"),
        ];
        foreach ((Func<VaeCategoricalFeature> create, string paramName, string message) in refused)
        {
            ArgumentException exception = Assert.ThrowsExactly<ArgumentException>(() => create());
            Assert.AreEqual(paramName, exception.ParamName);
            StringAssert.Contains(exception.Message, message);
        }
    }

    [TestMethod]
    public void ArraysWithCategoricalFeaturesTrainTheModelACsvFileOfTheSameRowsTrains()
    {
        VaeDataset csv = CsvDatasetReader.Read(
            new StringReader("3,red,1\n4,blue,2\n5,red,1\n6,green,3\n7,blue,2\n8,red,1\n9,green,3\n10,blue,2\n"),
            new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] });
        CollectionAssert.AreEqual(csv.ToArray(), Rows, "the arrays hold the file's features");

        VaeModel fromFile = TinyGaussianTraining.Fit(csv);
        VaeModel fromArrays = TinyGaussianTraining.Fit(VaeDataset.FromArray(Rows, 5, null, null, [Colour()]));

        CollectionAssert.AreEqual(Reconstructed(fromFile, Rows), Reconstructed(fromArrays, Rows));
        VaeCategoricalFeature kept = fromArrays.CategoricalFeatures!.Single();
        Assert.AreEqual(1, kept.FirstFeature);
        CollectionAssert.AreEqual(new[] { "blue", "green", "red" }, kept.Categories.ToArray());
        float[] reconstruction = Reconstructed(fromArrays, Rows);
        Assert.AreEqual(1f, reconstruction[1] + reconstruction[2] + reconstruction[3], 1e-6f, "the colour is reconstructed as probabilities");
    }

    [TestMethod]
    public void NamedArraysNameTheirCategoricalFeaturesColumnEqualsCategory()
    {
        string[] names = ["n", "colour=blue", "colour=green", "colour=red", "m"];

        VaeModel model = TinyGaussianTraining.Fit(VaeDataset.FromArray(Rows, 5, null, names, [Colour("colour")]));

        Assert.AreEqual("colour", model.CategoricalFeatures!.Single().ColumnName);
        CollectionAssert.AreEqual(names, model.FeatureNames!.ToArray());
        var misnamed = Assert.ThrowsExactly<ArgumentException>(() => VaeDataset.FromArray(Rows, 5, null, ["n", "blue", "green", "red", "m"], [Colour("colour")]));
        Assert.AreEqual("categoricalFeatures", misnamed.ParamName);
        StringAssert.StartsWith(misnamed.Message, "Feature 1 is named \"blue\", but as category \"blue\" of column \"colour\" it is named \"colour=blue\".");
    }

    [TestMethod]
    public void CategoricalFeaturesThatOverlapOrLeaveTheRowAreRefused()
    {
        (VaeCategoricalFeature[] Features, string Message)[] refused =
        [
            ([Colour(firstFeature: 3)], "Categorical feature 0 takes features 3 to 5, but each must come after the one before it (from feature 0 on) and within the 5 features."),
            ([Colour(), new VaeCategoricalFeature(null, 2, ["a", "b"])], "Categorical feature 1 takes features 2 to 3, but each must come after the one before it (from feature 4 on)"),
            ([Colour(), null!], "Categorical feature 1 is null"),
        ];
        foreach ((VaeCategoricalFeature[] features, string message) in refused)
        {
            var exception = Assert.ThrowsExactly<ArgumentException>(() => VaeDataset.FromArray(Rows, 5, null, null, features));
            Assert.AreEqual("categoricalFeatures", exception.ParamName);
            StringAssert.StartsWith(exception.Message, message);
        }

        Assert.AreEqual("categoricalFeatures", Assert.ThrowsExactly<ArgumentNullException>(() => VaeDataset.FromArray(Rows, 5, null, null, null!)).ParamName);
        Assert.IsNull(VaeDataset.FromArray(Rows, 5, null, null, []).CategoricalFeatures, "no categorical columns");
    }

    [TestMethod]
    public void TrainingRefusesOneHotFeaturesOutsideTheUnitIntervalAndTakesRowsOfAnUnknownCategory()
    {
        float[] negative = (float[])Rows.Clone();
        negative[(2 * 5) + 3] = -1f;

        var refused = Assert.ThrowsExactly<VaeDataException>(() => TinyGaussianTraining.Fit(VaeDataset.FromArray(negative, 5, null, null, [Colour()])));

        StringAssert.StartsWith(refused.Message, "Row 2, feature 3 is -1, but it is a one-hot feature of a categorical column, modelled by a softmax over the column's categories, which needs it in [0, 1]");

        float[] unknown = (float[])Rows.Clone();
        unknown[(2 * 5) + 3] = 0f;
        VaeModel model = TinyGaussianTraining.Fit(VaeDataset.FromArray(unknown, 5, null, null, [Colour()]));
        Assert.IsTrue(double.IsFinite(model.History.Epochs.Single().Loss), "a row with none of the categories trains like the others");
        float[] reconstruction = Reconstructed(model, unknown);
        Assert.AreEqual(1f, reconstruction[(2 * 5) + 1] + reconstruction[(2 * 5) + 2] + reconstruction[(2 * 5) + 3], 1e-6f, "and is reconstructed as the categories' probabilities");
    }

    [TestMethod]
    public void AnUnscaledBernoulliModelRefusesAOneHotFeatureOutsideTheUnitIntervalAsOneHot()
    {
        float[] inUnitInterval = [.. Rows.Select((value, i) => (i % 5) switch { 0 => value / 10f, 4 => value / 3f, _ => value })];
        VaeModel model = new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 1, BatchSize = 4, Gemm = GemmBackend.Managed, NumberOfThreads = 1 })
            .Fit(VaeDataset.FromArray(inUnitInterval, 5, null, null, [Colour()]));
        float[] oneHotOutside = [0.5f, 2f, 0f, 0f, 0.5f];
        float[] numericOutside = [0.5f, 1f, 0f, 0f, 2f];

        var oneHot = Assert.ThrowsExactly<ArgumentException>(() => model.ScoreRows(oneHotOutside, new float[1], default));
        var numeric = Assert.ThrowsExactly<ArgumentException>(() => model.ScoreRows(numericOutside, new float[1], default));

        StringAssert.StartsWith(oneHot.Message, "Row 0, feature 1 is 2, but it is a one-hot feature of a categorical column", "min-max scaling, which the advice for other features offers, leaves one-hot features as they are");
        StringAssert.StartsWith(numeric.Message, "Row 0, feature 4 is 2, but this Bernoulli model scores features in [0, 1] only.");
    }
}
