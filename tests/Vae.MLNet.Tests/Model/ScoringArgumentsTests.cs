using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class ScoringArgumentsTests
{
    [TestMethod]
    public void AnOverflowedOutputIsNamedByItsRowAndByItsValueOnlyWhenARowHasSeveral()
    {
        var vector = Assert.ThrowsExactly<VaeOverflowException>(() => ScoringArguments.RequireFiniteOutput([1f, 2f, 3f, 4f, float.NaN, 6f], 3, "latent mean", "features far off", firstRow: 10));
        var scalar = Assert.ThrowsExactly<VaeOverflowException>(() => ScoringArguments.RequireFiniteOutput([1f, float.PositiveInfinity], 1, "anomaly score", "features far off"));

        StringAssert.StartsWith(vector.Message, "Row 11: the latent mean overflowed float32 (its value at index 1 is NaN) although its inputs are finite");
        StringAssert.StartsWith(scalar.Message, "Row 1: the anomaly score overflowed float32 (it is Infinity) although its inputs are finite");
        StringAssert.Contains(vector.Message, "(features far off). Bring such rows back");
        Assert.AreEqual((11L, 1L), (vector.Row, scalar.Row));
    }
}
