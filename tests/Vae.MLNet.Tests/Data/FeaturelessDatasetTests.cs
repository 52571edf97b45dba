using Vae.MLNet.Data;
using Vae.MLNet.Decomposition;

namespace Vae.MLNet.Tests.Data;

/// <summary>A dataset of one's own that reports rows without features is refused by name, not divided by.</summary>
[TestClass]
public sealed class FeaturelessDatasetTests
{
    [TestMethod]
    public void ThresholdingNamesTheSource()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => BinarizedDataset.Threshold(new Featureless()));

        Assert.AreEqual("source", error.ParamName);
        StringAssert.StartsWith(error.Message, "The data reports 0 features; a row needs at least one.");
    }

    [TestMethod]
    public void PcaNamesTheDataRatherThanTheComponentCount()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Pca.Fit(new Featureless(), componentCount: 1));

        Assert.AreEqual("data", error.ParamName);
        StringAssert.StartsWith(error.Message, "The data reports 0 features");
    }

    private sealed class Featureless : VaeDataset
    {
        public override int RowCount => 3;

        public override int FeatureCount => 0;

        public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
        {
        }
    }
}
