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

    [TestMethod]
    public void ALongSkipHonoursCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsExactly<OperationCanceledException>(() => new GaussianNoise(3).Skip(1L << 40, cancelled.Token));
    }
}
