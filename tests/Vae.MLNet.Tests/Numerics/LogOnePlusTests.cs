using System.Numerics;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class LogOnePlusTests
{
    [TestMethod]
    public void MatchesTheDoublePrecisionLogarithmAcrossTheUnitInterval()
    {
        // Evenly spread values, the ends, and values so small that 1 + t rounds to 1 even in double precision (where the
        // reference takes the Taylor series instead), down to subnormals, which only need to come within a few of their steps.
        float[] values = Enumerable.Range(0, 1001).Select(i => i / 1000f)
            .Concat([1e-3f, 1e-6f, 3e-8f, 1e-20f, 1e-38f, float.Epsilon])
            .ToArray();
        int count = Vector<float>.Count;
        float[] padded = values.Concat(new float[count - (values.Length % count)]).ToArray();
        for (int i = 0; i < values.Length; i += count)
        {
            Vector<float> result = LogOnePlus.OfUnitInterval(new Vector<float>(padded, i));
            for (int lane = 0; lane < count && i + lane < values.Length; lane++)
            {
                double t = values[i + lane];
                double expected = t < 1e-4 ? t - (t * t / 2) + (t * t * t / 3) : Math.Log(1 + t);
                double actual = result[lane];
                Assert.AreEqual(expected, actual, (2e-7 * expected) + 1e-44, $"log(1 + {t:R})");
            }
        }
    }
}
