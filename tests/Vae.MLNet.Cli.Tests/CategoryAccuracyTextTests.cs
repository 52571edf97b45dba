using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class CategoryAccuracyTextTests
{
    // A number, then an unnamed colour column in features 1 to 3 and an unnamed flag in feature 4, which no row holds.
    private static readonly float[] Rows =
    [
        1, 0, 0, 1, 0,
        2, 1, 0, 0, 0,
        3, 0, 1, 0, 0,
        4, 0, 0, 1, 0,
    ];

    private static VaeModel Train(VaeDataset data) =>
        new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Likelihood = VaeLikelihood.Gaussian, Epochs = 1, BatchSize = 4, NumberOfThreads = 1 }).Fit(data);

    private static IEnumerable<string> Lines(VaeDataset data)
    {
        VaeModel model = Train(data);
        return CategoryAccuracyText.Lines(model, model.MeasureCategoryAccuracy(data));
    }

    [TestMethod]
    public void AnUnnamedColumnIsNamedByItsFeaturesAndOneWithoutRowsHasNoShares()
    {
        VaeDataset data = VaeDataset.FromArray(Rows, 5, null, null, [new(null, 1, ["blue", "green", "red"]), new(null, 4, ["yes"])]);

        string[] lines = [.. Lines(data)];

        Assert.HasCount(3, lines);
        Assert.AreEqual("categorical column          rows  kept at z = μ  most common", lines[0]);
        StringAssert.StartsWith(lines[1], "x_1 (features 1 to 3)          4 ");
        StringAssert.EndsWith(lines[1], "       0.5000", "the two red rows of four");
        Assert.AreEqual("x_2 (feature 4)                0           none         none", lines[2], "the colour's three features are one column before it");
    }

    [TestMethod]
    public void AnUnnamedColumnOfAModelWithFeatureNamesIsNumberedAsGenerateNumbersIt()
    {
        // Its features' names cannot name the one column, so generate's header numbers every column.
        VaeDataset data = VaeDataset.FromArray(Rows, 5, null, ["n", "blue", "green", "red", "yes"], [new(null, 1, ["blue", "green", "red"])]);

        string[] lines = [.. Lines(data)];

        StringAssert.StartsWith(lines[1], "x_1 (features 1 to 3)          4 ");
    }

    [TestMethod]
    public void AnUnnamedOneCategoryColumnIsNamedAsItsFeatureIsInGeneratesHeader()
    {
        VaeDataset data = VaeDataset.FromArray(Rows, 5, null, ["n", "colour=blue", "colour=green", "colour=red", "yes"], [new("colour", 1, ["blue", "green", "red"]), new(null, 4, ["yes"])]);

        string[] lines = [.. Lines(data)];

        StringAssert.StartsWith(lines[2], "yes (feature 4)             0 ");
    }

    [TestMethod]
    public void AModelWithoutCategoricalColumnsHasNoTable()
    {
        VaeDataset data = VaeDataset.FromArray(Rows, 5);

        Assert.IsFalse(Lines(data).Any());
    }
}
