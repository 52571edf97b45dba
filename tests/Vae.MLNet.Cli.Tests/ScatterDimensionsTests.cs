using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class ScatterDimensionsTests
{
    [TestMethod]
    public void TheMostVariedDimensionsAreTheTwoOfLargestVarianceInTheOrderOfTheirIndices()
    {
        // As the review's model of eight dimensions had them: only z4 active, z6 the next.
        double[] meanVariances = [0.003, 0.004, 0.005, 0.003, 0.0109, 0.006, 0.007, 0.004];

        Assert.AreEqual(new ScatterDimensions(4, 6), ScatterDimensions.MostVaried(meanVariances));
    }

    [TestMethod]
    public void AmongEqualVariancesTheLowerDimensionsAreChosen()
    {
        Assert.AreEqual(new ScatterDimensions(0, 1), ScatterDimensions.MostVaried([0.0, 0.0, 0.0]));
    }

    [TestMethod]
    [DataRow("0,3", 0, 3)]
    [DataRow("5, 2", 5, 2)]
    public void TwoDifferentDimensionsParseInTheirOrder(string text, int x, int y)
    {
        Assert.IsTrue(ScatterDimensions.TryParse(text, out ScatterDimensions dimensions));
        Assert.AreEqual(new ScatterDimensions(x, y), dimensions);
    }

    [TestMethod]
    [DataRow("3,3")]
    [DataRow("1")]
    [DataRow("1,2,3")]
    [DataRow("-1,2")]
    [DataRow("a,b")]
    [DataRow("")]
    public void AnythingButTwoDifferentDimensionsIsRefused(string text)
    {
        Assert.IsFalse(ScatterDimensions.TryParse(text, out _));
    }

    [TestMethod]
    public void AModelOfOneLatentDimensionRefusesDimensionsAsItGetsNoScatter()
    {
        var exception = Assert.ThrowsExactly<CommandLineException>(() => new ScatterDimensions(0, 1).RequireWithin(1));

        Assert.AreEqual("--dimensions chooses the dimensions of the latent scatter, which a model of one latent dimension does not get; leave --dimensions out.", exception.Message);
    }
}
