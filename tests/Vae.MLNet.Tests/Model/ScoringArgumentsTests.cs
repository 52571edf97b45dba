using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class ScoringArgumentsTests
{
    [TestMethod]
    public void An_overflowed_output_is_named_by_its_row_and_by_its_value_only_when_a_row_has_several()
    {
        var vector = Assert.ThrowsExactly<OverflowException>(() => ScoringArguments.RequireFiniteOutput([1f, 2f, 3f, 4f, float.NaN, 6f], 3, "latent mean", firstRow: 10));
        var scalar = Assert.ThrowsExactly<OverflowException>(() => ScoringArguments.RequireFiniteOutput([1f, float.PositiveInfinity], 1, "anomaly score"));

        StringAssert.StartsWith(vector.Message, "The latent mean of row 11 overflowed float32 (value 1 is NaN) although its inputs are finite");
        StringAssert.StartsWith(scalar.Message, "The anomaly score of row 1 overflowed float32 (it is Infinity) although its inputs are finite");
    }
}
