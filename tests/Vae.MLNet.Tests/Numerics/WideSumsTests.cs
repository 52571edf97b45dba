using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class WideSumsTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(33)]
    [DataRow(1000)]
    public void SumOfSquaresEqualsTheSumInDoubleForEveryLength(int length)
    {
        var random = new Random(length);
        float[] values = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5) * 4f).ToArray();

        double expected = values.Sum(v => (double)v * v);

        Assert.AreEqual(expected, WideSums.SumOfSquares(values), 1e-12 * Math.Max(1, expected));
    }

    [TestMethod]
    public void SquaresBeyondFloat32StayFinite()
    {
        float[] values = [.. Enumerable.Repeat(3e19f, 17), -2e20f];

        double sum = WideSums.SumOfSquares(values);

        Assert.AreEqual((17 * 9e38) + 4e40, sum, 1e-6 * sum);
    }
}
