using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class FeatureStatisticsTests
{
    [TestMethod]
    public void AConstantFeatureOfAnyValueIsStandardizedWithScaleOne()
    {
        // 0.7f has no exact binary square, so plain sums of squares cancel to a spread of about 1e-7 here.
        const int rows = 1000;
        var random = new Random(3);
        float[] features = new float[rows * 2];
        for (int r = 0; r < rows; r++)
        {
            features[r * 2] = (float)random.NextDouble();
            features[(r * 2) + 1] = 0.7f;
        }

        FeatureStatistics statistics = FeatureStatistics.Compute(VaeDataset.FromArray(features, 2));
        FeatureScaling scaling = statistics.CreateScaling(VaeInputScaling.Standardize)!;

        Assert.AreEqual(0.0, statistics.StandardDeviation[1]);
        Assert.AreEqual(0.7f, scaling.Offset[1]);
        Assert.AreEqual(1f, scaling.Scale[1]);
        double mean = features.Where((_, i) => i % 2 == 0).Average(v => (double)v);
        double deviation = Math.Sqrt(features.Where((_, i) => i % 2 == 0).Average(v => (v - mean) * (v - mean)));
        Assert.AreEqual(mean, statistics.Mean[0], 1e-12);
        Assert.AreEqual(deviation, statistics.StandardDeviation[0], 1e-12);
    }

    [TestMethod]
    public void MinMaxScalingMapsTwoValuedDataToExactlyZeroAndOne()
    {
        // Maxima whose inverse rounds down, such as 1.5714285 (11/7), used to map to 0.99999994.
        for (int numerator = 1; numerator <= 200; numerator++)
        {
            for (int denominator = 1; denominator <= 20; denominator++)
            {
                float maximum = numerator / (float)denominator;
                float[] features = [0f, maximum, maximum, 0f];
                FeatureScaling scaling = FeatureStatistics.Compute(VaeDataset.FromArray(features, 1))
                    .CreateScaling(VaeInputScaling.MinMax)!
                    .For(VaeLikelihood.Bernoulli);

                scaling.Apply(features);

                CollectionAssert.AreEqual(new[] { 0f, 1f, 1f, 0f }, features, $"maximum {maximum}");
            }
        }
    }

    [TestMethod]
    public void AClippingMinMaxScalingLeavesAConstantWithinZeroAndOneAsItIs()
    {
        // Columns constant at 1, 0.5, 0 and 7. Mapped to 0 and clipped, a constant 1 would read a 0 as the 1 itself.
        FeatureStatistics statistics = FeatureStatistics.Compute(VaeDataset.FromArray([1f, 0.5f, 0f, 7f, 1f, 0.5f, 0f, 7f], 4));

        FeatureScaling clipped = statistics.CreateScaling(VaeInputScaling.MinMax, clipsToUnitInterval: true)!;
        FeatureScaling unclipped = statistics.CreateScaling(VaeInputScaling.MinMax)!;

        Assert.IsTrue(clipped.ClipsToUnitInterval);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f, 7f }, clipped.Offset);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f, 1f }, clipped.Scale);
        float[] flipped = [0f, 1f, 1f, 8f];
        clipped.Apply(flipped);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 1f, 1f }, flipped);

        // Unclipped, as a Gaussian model's, a constant maps to 0 and the values around it stay apart.
        Assert.IsFalse(unclipped.ClipsToUnitInterval);
        CollectionAssert.AreEqual(new[] { 1f, 0.5f, 0f, 7f }, unclipped.Offset);
    }

    [TestMethod]
    public void MinMaxScalingKeepsTheWidestRangeFinite()
    {
        // The range is 3.4e38, float32's largest value: x − min stays finite for every value within it, and the inverse,
        // about 2.9e-39, is subnormal, with some 20 significant bits: the maximum comes within 1e-6 of 1.
        float[] features = [-1.7e38f, -0.5e38f, 0f, 0.5e38f, 1.7e38f];
        FeatureScaling scaling = FeatureStatistics.Compute(VaeDataset.FromArray(features, 1)).CreateScaling(VaeInputScaling.MinMax)!;

        scaling.Apply(features);

        float[] expected = [0f, 1.2f / 3.4f, 0.5f, 2.2f / 3.4f, 1f];
        for (int i = 0; i < features.Length; i++)
        {
            Assert.AreEqual(expected[i], features[i], 1e-5f, $"value {i}");
        }
    }

    [TestMethod]
    public void MinMaxScalingRefusesARangeBeyondFloat32()
    {
        // Scaling such a feature stays finite, but reconstructions mapped back to its units overflowed, with an error
        // blaming the inputs, which were the training rows themselves.
        FeatureStatistics statistics = FeatureStatistics.Compute(VaeDataset.FromArray([0f, -3e38f, 1f, 3e38f], 2));

        var error = Assert.ThrowsExactly<VaeDataException>(() => statistics.CreateScaling(VaeInputScaling.MinMax));

        Assert.AreEqual(1, error.Column);
        StringAssert.StartsWith(error.Message, "Feature 1 ranges from -3E+38 to 3E+38, wider than float32's largest value (3.4028235E+38), so min-max scaling could not map reconstructions back to its units;");
        var named = FeatureStatistics.Compute(VaeDataset.FromArray([0f, -3e38f, 1f, 3e38f], 2, null, ["a", "b"]));
        StringAssert.StartsWith(Assert.ThrowsExactly<VaeDataException>(() => named.CreateScaling(VaeInputScaling.MinMax)).Message, "Feature 1 (\"b\") ranges from");
    }

    [TestMethod]
    public void StandardizingRefusesAFeatureThatLeavesNoRoomForOutputsTenStandardDeviationsOut()
    {
        // ±3e38 has a standard deviation of 3e38: generated rows beyond about 1.1σ overflowed float32 when mapped back,
        // and generating at temperature 1 failed blaming the temperature. ±3e37 leaves room for 11σ.
        float[] rows = [1f, -3e37f, -3e38f, 2f, 3e37f, 3e38f];
        var statistics = FeatureStatistics.Compute(VaeDataset.FromArray(rows, 3, null, ["a", "tenth", "huge"]));

        var error = Assert.ThrowsExactly<VaeDataException>(() => statistics.CreateScaling(VaeInputScaling.Standardize));

        Assert.AreEqual(2, error.Column);
        Assert.AreEqual(
            "Feature 2 (\"huge\") has a mean of 0 and a standard deviation of 3E+38, so standardizing leaves no room to map outputs back to its units: "
            + "a reconstruction or generated value 10 standard deviations from the mean, 3E+39, would pass float32's largest value (3.4028235E+38); divide the feature by 10 or more before training.",
            error.Message);
        Assert.IsNotNull(FeatureStatistics.Compute(VaeDataset.FromArray([1f, -3e37f, 2f, 3e37f], 2)).CreateScaling(VaeInputScaling.Standardize));
    }

    [TestMethod]
    public void StandardizingRefusesAFeatureWithAValueFurtherFromItsMeanThanFloat32Holds()
    {
        // One value of 3.4e38 among 1 999 near -2e37: the mean, -2e37, and 10 standard deviations, 7.6e37, leave room,
        // but the exported graphs' 3.4e38 − (−2e37) overflowed, and ONNX Runtime refused a row the model trained on.
        float[] rows = [.. Enumerable.Range(0, 2000).SelectMany(i => new[] { i % 5, i == 0 ? 3.4e38f : -1e37f * (1 + (i % 3)) })];
        var statistics = FeatureStatistics.Compute(VaeDataset.FromArray(rows, 2, null, ["a", "far"]));

        var error = Assert.ThrowsExactly<VaeDataException>(() => statistics.CreateScaling(VaeInputScaling.Standardize));

        Assert.AreEqual(1, error.Column);
        Assert.AreEqual(
            "Feature 1 (\"far\") has a mean of -1.98E+37 and values from -3E+37 to 3.4E+38, so standardizing overflows float32: "
            + "a value lies more than float32's largest value (3.4028235E+38) from the mean, and its difference from the mean does not fit; divide the feature by 10 or more before training.",
            error.Message);
        Assert.IsNotNull(FeatureStatistics.Compute(VaeDataset.FromArray([.. rows.Select(value => value / 10)], 2)).CreateScaling(VaeInputScaling.Standardize));
    }

    [TestMethod]
    public void AFeatureSpreadTooThinForAFloat32ScaleIsRefusedRatherThanScaledAsConstant()
    {
        // Standard deviation 2e-39 and range 1e-39: their inverses pass float32's 3.4e38. Scaled by 1, as a constant
        // feature is, their reconstructions came back some 1e36 times their spread off.
        float[] rows = [1f, -1.3e-38f, 0f, 2f, -1.7e-38f, 1e-39f];
        var named = FeatureStatistics.Compute(VaeDataset.FromArray(rows, 3, null, ["a", "neg", "tiny"]));
        var unnamed = FeatureStatistics.Compute(VaeDataset.FromArray(rows, 3));

        var standardizing = Assert.ThrowsExactly<VaeDataException>(() => named.CreateScaling(VaeInputScaling.Standardize));
        var minMax = Assert.ThrowsExactly<VaeDataException>(() => unnamed.CreateScaling(VaeInputScaling.MinMax));

        Assert.AreEqual(1, standardizing.Column);
        StringAssert.StartsWith(standardizing.Message, "Feature 1 (\"neg\") has a standard deviation of only 2E-39, too small for standardizing:");
        StringAssert.EndsWith(standardizing.Message, "multiply the feature by 1e30 or drop it before training.");
        Assert.AreEqual(2, minMax.Column, "the range of feature 1, 4e-39, has an inverse within float32");
        StringAssert.StartsWith(minMax.Message, "Feature 2 ranges from 0 to 1E-39, a range of only 1E-39, too narrow for min-max scaling:");
    }

    [TestMethod]
    public void TheBernoulliRangeCheckScalesTheWidestRangeAsTrainingDoes()
    {
        VaeDataset data = VaeDataset.FromArray([-1.7e38f, 0f, 1e38f, 1.7e38f], 1);
        FeatureStatistics statistics = FeatureStatistics.Compute(data);

        statistics.RequireUnitInterval(data, VaeLikelihood.Bernoulli, CategoricalGroups.None(1), statistics.CreateScaling(VaeInputScaling.MinMax), continuing: false, validating: false, trainingRanges: null);

        Assert.ThrowsExactly<VaeDataException>(
            () => statistics.RequireUnitInterval(data, VaeLikelihood.Bernoulli, CategoricalGroups.None(1), scaling: null, continuing: false, validating: false, trainingRanges: null), "unscaled, the data is far outside [0, 1]");
    }

    [TestMethod]
    public void ScalingIsBitForBitTheFloat32DifferenceTimesTheScale()
    {
        // The exported ONNX graphs compute (x − offset)·scale in float32; the library must agree with them.
        var random = new Random(8);
        const int features = 37;
        float[] offset = Enumerable.Range(0, features).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7)))).ToArray();
        float[] scale = Enumerable.Range(0, features).Select(_ => (float)(random.NextDouble() * Math.Pow(10, random.Next(-6, 7)))).ToArray();
        float[] rows = Enumerable.Range(0, 50 * features).Select(i => offset[i % features] + (float)((random.NextDouble() - 0.3) / scale[i % features])).ToArray();
        float[] expected = rows.Select((x, i) => (x - offset[i % features]) * scale[i % features]).ToArray();

        new FeatureScaling(offset, scale).Apply(rows);

        CollectionAssert.AreEqual(expected, rows);
    }
}
