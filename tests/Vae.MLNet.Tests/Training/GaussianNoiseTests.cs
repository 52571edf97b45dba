using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class GaussianNoiseTests
{
    /// <summary>Values drawn before the skip (0 or 1 leaves a pending spare) and skips of odd and even lengths.</summary>
    [TestMethod]
    [DataRow(0, 0L)]
    [DataRow(0, 5L)]
    [DataRow(1, 1L)]
    [DataRow(1, 4L)]
    [DataRow(3, 7L)]
    [DataRow(2, 50_000_000L)]
    public void SkippingValuesLandsWhereDrawingThemDoes(int drawnFirst, long count)
    {
        var drawn = new GaussianNoise(11);
        var skipped = new GaussianNoise(11);
        var first = new float[drawnFirst];
        drawn.Fill(first);
        skipped.Fill(first);
        var chunk = new float[1 << 16];
        for (long left = count; left > 0; left -= chunk.Length)
        {
            drawn.Fill(chunk.AsSpan(0, (int)Math.Min(left, chunk.Length)));
        }

        skipped.Skip(count, CancellationToken.None);

        var (next, nextSkipped) = (new float[3], new float[3]);
        drawn.Fill(next);
        skipped.Fill(nextSkipped);
        CollectionAssert.AreEqual(next, nextSkipped);
    }

    /// <summary>
    /// Both values of each Box–Muller pair are used, so a spare that repeated or correlated with its partner would show
    /// as lag-1 correlation, and a wrong radius as a variance away from 1. With 200 000 values each bound is over 4
    /// standard errors wide.
    /// </summary>
    [TestMethod]
    public void ValuesAreStandardNormalAndConsecutiveValuesUncorrelated()
    {
        var values = new float[200_000];
        new GaussianNoise(11).Fill(values);

        double mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        double lagged = 0;
        for (int i = 1; i < values.Length; i++)
        {
            lagged += (values[i - 1] - mean) * (values[i] - mean);
        }

        double correlation = lagged / (values.Length - 1) / variance;
        Assert.IsLessThan(0.01, Math.Abs(mean));
        Assert.IsLessThan(0.015, Math.Abs(variance - 1));
        Assert.IsLessThan(0.01, Math.Abs(correlation));
    }

    [TestMethod]
    public void ALongSkipHonoursCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsExactly<OperationCanceledException>(() => new GaussianNoise(3).Skip(1L << 40, cancelled.Token));
    }
}
