using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class SeededRandomTests
{
    /// <summary>Outputs of an independent Python implementation of SplitMix64-seeded xoshiro256**.</summary>
    [TestMethod]
    [DataRow(42, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL)]
    [DataRow(-1, 0x8f5520d52a7ead08UL, 0xc476a018caa1802dUL, 0x81de31c0d260469eUL)]
    public void StreamIsXoshiro256StarStarSeededBySplitMix64(int seed, ulong first, ulong second, ulong third)
    {
        var random = new SeededRandom(seed);
        CollectionAssert.AreEqual(new[] { first, second, third }, new[] { random.NextUInt64(), random.NextUInt64(), random.NextUInt64() });
    }

    [TestMethod]
    [DataRow(0L)]
    [DataRow(1L)]
    [DataRow(1_000L)]
    public void SkippingOutputsLandsWhereDrawingThemDoes(long count)
    {
        var drawn = new SeededRandom(7);
        var skipped = new SeededRandom(7);
        for (long i = 0; i < count; i++)
        {
            drawn.NextUInt64();
        }

        skipped.Skip(count);

        Assert.AreEqual(drawn.NextUInt64(), skipped.NextUInt64());
    }

    [TestMethod]
    public void SameSeedRepeatsAndOtherSeedsDiffer()
    {
        double[] Draw(int seed)
        {
            var random = new SeededRandom(seed);
            return Enumerable.Range(0, 100).Select(_ => random.NextDouble()).ToArray();
        }

        CollectionAssert.AreEqual(Draw(7), Draw(7));
        Assert.AreEqual(0, Draw(7).Intersect(Draw(8)).Count());
    }

    [TestMethod]
    public void BoundedIntegersAreUniformOverTheirRange()
    {
        var random = new SeededRandom(3);
        var counts = new int[10];
        const int draws = 100_000;
        for (int i = 0; i < draws; i++)
        {
            counts[random.Next(10)]++;
        }

        double expected = draws / 10.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.IsLessThan(30.0, chiSquare, $"counts {string.Join(", ", counts)}");
    }

    [TestMethod]
    public void RangesIncludeTheMinimumAndExcludeTheMaximum()
    {
        var random = new SeededRandom(5);
        int[] values = Enumerable.Range(0, 2000).Select(_ => random.Next(-3, 3)).ToArray();
        CollectionAssert.AreEquivalent(new[] { -3, -2, -1, 0, 1, 2 }, values.Distinct().ToArray());
        Assert.AreEqual(4, random.Next(4, 4));
        Assert.AreEqual(0, random.Next(0));
        long wide = random.NextInt64(long.MinValue, long.MaxValue);
        Assert.AreNotEqual(long.MaxValue, wide);
        Assert.IsTrue(Enumerable.Range(0, 1000).All(_ => random.Next() is >= 0 and < int.MaxValue));
    }

    [TestMethod]
    public void InvalidRangesAreRefusedByName()
    {
        var random = new SeededRandom(1);
        Assert.AreEqual("maxValue", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => random.Next(-1)).ParamName);
        Assert.AreEqual("minValue", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => random.Next(2, 1)).ParamName);
        Assert.AreEqual("maxValue", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => random.NextInt64(-1)).ParamName);
    }

    [TestMethod]
    public void UnitIntervalDrawsHaveTheUniformMoments()
    {
        var random = new SeededRandom(11);
        double[] doubles = Enumerable.Range(0, 200_000).Select(_ => random.NextDouble()).ToArray();
        float[] singles = Enumerable.Range(0, 200_000).Select(_ => random.NextSingle()).ToArray();
        Assert.IsTrue(doubles.All(d => d is >= 0 and < 1) && singles.All(s => s is >= 0 and < 1));
        Assert.AreEqual(0.5, doubles.Average(), 0.003);
        Assert.AreEqual(1 / 12.0, doubles.Average(d => (d - 0.5) * (d - 0.5)), 0.001);
        Assert.AreEqual(0.5, singles.Average(s => (double)s), 0.003);
    }

    [TestMethod]
    public void AUnitSingleTakesTheTop24BitsExactly()
    {
        var words = new SeededRandom(12);
        var singles = new SeededRandom(12);

        Assert.AreEqual(0f, SeededRandom.UnitSingle((1UL << 40) - 1));
        Assert.AreEqual(1f / (1 << 24), SeededRandom.UnitSingle(1UL << 40));
        Assert.AreEqual(1f - (1f / (1 << 24)), SeededRandom.UnitSingle(ulong.MaxValue));
        Assert.AreEqual(SeededRandom.UnitSingle(words.NextUInt64()), singles.NextSingle(), "NextSingle is the unit single of the next word");
    }

    [TestMethod]
    public void BytesFollowTheWordStreamAndFillOddLengths()
    {
        var words = new SeededRandom(9);
        byte[] expected = [.. BitConverter.GetBytes(words.NextUInt64()), .. BitConverter.GetBytes(words.NextUInt64())];
        var random = new SeededRandom(9);
        var bytes = new byte[11];
        random.NextBytes(bytes);
        CollectionAssert.AreEqual(expected[..11], bytes);
    }

    [TestMethod]
    public void ShuffleThroughTheBaseClassIsASeededPermutation()
    {
        int[] Shuffled(int seed)
        {
            int[] values = Enumerable.Range(0, 50).ToArray();
            new SeededRandom(seed).Shuffle(values);
            return values;
        }

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 50).ToArray(), Shuffled(4));
        CollectionAssert.AreEqual(Shuffled(4), Shuffled(4));
        CollectionAssert.AreNotEqual(Enumerable.Range(0, 50).ToArray(), Shuffled(4));
    }
}
