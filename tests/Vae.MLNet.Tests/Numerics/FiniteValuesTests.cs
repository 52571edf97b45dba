using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class FiniteValuesTests
{
    [TestMethod]
    public void FindsTheFirstNonFiniteValueWhereverTheVectorsSplitTheSpan()
    {
        float[] finite = [float.MaxValue, float.MinValue, float.Epsilon, -0f, 0f, 1e-42f, 3.5f];
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            foreach (int length in new[] { 1, 7, 15, 16, 17, 33, 100 })
            {
                float[] values = Enumerable.Range(0, length).Select(i => finite[i % finite.Length]).ToArray();
                Assert.AreEqual(-1, FiniteValues.IndexOfNonFinite(values), $"all finite, length {length}");
                foreach (int at in new[] { 0, length / 2, length - 1 })
                {
                    float[] withBad = (float[])values.Clone();
                    withBad[at] = bad;
                    withBad[length - 1] = length - 1 == at ? bad : float.NaN;
                    Assert.AreEqual(at, FiniteValues.IndexOfNonFinite(withBad), $"{bad} at {at} of {length}");
                }
            }
        }

        Assert.AreEqual(-1, FiniteValues.IndexOfNonFinite([]));
    }
}
