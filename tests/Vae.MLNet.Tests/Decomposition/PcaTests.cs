using System.Numerics.Tensors;
using Vae.MLNet.Data;
using Vae.MLNet.Decomposition;
using Vae.MLNet.Tests.Evaluation;

namespace Vae.MLNet.Tests.Decomposition;

[TestClass]
public sealed class PcaTests
{
    private const int Features = 10;
    private const float A = 3;
    private const float B = 1;
    private const int Rows = 8;

    private static readonly double[] U1 = Unit(Enumerable.Range(0, Features).Select(j => 1.0 + j).ToArray());
    private static readonly double[] U2 = Unit(Orthogonalize(Enumerable.Range(0, Features).Select(j => j % 2 == 0 ? 1.0 : -2.0).ToArray(), U1));
    private static readonly float[] Centre = Enumerable.Range(0, Features).Select(j => 0.5f * j - 1).ToArray();

    [TestMethod]
    public void AFittedPcaCannotBeChangedThroughTheListsItReports()
    {
        Pca pca = Pca.Fit(Corners(), componentCount: 3, numberOfThreads: 1);

        Assert.IsNotInstanceOfType<float[]>(pca.Mean);
        Assert.IsNotInstanceOfType<double[]>(pca.ExplainedVariance);
        Assert.IsNotInstanceOfType<double[]>(pca.ExplainedVarianceRatio);
    }

    [TestMethod]
    public void RecoversKnownAxesAndVariances()
    {
        // Rows centre ± A·u1 ± B·u2, each sign combination twice: the mean is the centre and the covariance is exactly
        // Rows/(Rows − 1)·(A²·u1u1ᵀ + B²·u2u2ᵀ), so the eigenvalues are those two and then zeros.
        Pca pca = Pca.Fit(Corners(), componentCount: 3, numberOfThreads: 1);

        Assert.AreEqual(A * A * Rows / (Rows - 1.0), pca.ExplainedVariance[0], 1e-4);
        Assert.AreEqual(B * B * Rows / (Rows - 1.0), pca.ExplainedVariance[1], 1e-4);
        Assert.AreEqual(0, pca.ExplainedVariance[2], 1e-4);
        Assert.AreEqual(A * A / (A * A + B * B), pca.ExplainedVarianceRatio[0], 1e-5);
        Assert.AreEqual(B * B / (A * A + B * B), pca.ExplainedVarianceRatio[1], 1e-5);
        for (int j = 0; j < Features; j++)
        {
            Assert.AreEqual(Centre[j], pca.Mean[j], 1e-5);
        }

        float[] components = pca.GetComponents();
        Assert.AreEqual(1, Math.Abs(Dot(components.AsSpan(0, Features), U1)), 1e-5);
        Assert.AreEqual(1, Math.Abs(Dot(components.AsSpan(Features, Features), U2)), 1e-5);
    }

    [TestMethod]
    public void LeadingVariancesTooCloseForSubspaceIterationAreFoundFromTheWholeCovariance()
    {
        // Rows ±aᵢ·eᵢ with aᵢ² = 1 − 10⁻⁴·i: the covariance is diag(2aᵢ²/(rows − 1)), whose leading eigenvalues lie so
        // close together that subspace iteration, which 5 components of 300 features would use, barely converges.
        const int d = 300;
        const int count = 5;
        var rows = new float[2 * d * d];
        for (int i = 0; i < d; i++)
        {
            float a = MathF.Sqrt(1 - (1e-4f * i));
            rows[(2 * i * d) + i] = a;
            rows[((2 * i + 1) * d) + i] = -a;
        }

        Pca pca = Pca.Fit(VaeDataset.FromArray(rows, d), count, numberOfThreads: 1);

        float[] components = pca.GetComponents();
        for (int c = 0; c < count; c++)
        {
            double variance = 2 * (1 - (1e-4 * c)) / (2 * d - 1);
            Assert.AreEqual(variance, pca.ExplainedVariance[c], 1e-6 * variance, $"component {c}");
            Assert.AreEqual(1, components[(c * d) + c], 1e-5, $"component {c}");
        }
    }

    [TestMethod]
    public void AFeatureWhoseOffsetDwarfsItsSpreadKeepsItsVariance()
    {
        // 1e6 and 1e6 + 1/16 in turn: the mean, 1e6 + 1/32, lies halfway between two float32 values, so rounding it for
        // centring leaves 1/32 in every centred value, which once doubled the variance.
        float[] rows = Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? 1e6f : 1e6f + 0.0625f).ToArray();

        Pca pca = Pca.Fit(VaeDataset.FromArray(rows, 1), componentCount: 1, numberOfThreads: 1);

        double variance = 1000.0 / 999 * (0.03125 * 0.03125);
        Assert.AreEqual(variance, pca.ExplainedVariance[0], 1e-9 * variance);
    }

    [TestMethod]
    public void TransformKeepsTheSpreadOfFeaturesWhoseOffsetDwarfsIt()
    {
        // 1e6 and 1e6 + 1/16 in turn project to ∓1/32. With the mean folded into a float32 bias, x·c − mean·c cancelled
        // to 0 and 1/16; centring on the float32 mean (1e6) alone would leave the same 1/32 in every projection.
        float[] alternating = Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? 1e6f : 1e6f + 0.0625f).ToArray();
        Pca pca = Pca.Fit(VaeDataset.FromArray(alternating, 1), componentCount: 1, numberOfThreads: 1);
        var projected = new float[alternating.Length];
        pca.Transform(alternating, projected);

        float[] expected = alternating.Select(x => x == 1e6f ? -0.03125f : 0.03125f).ToArray();
        CollectionAssert.AreEqual(expected, projected);
        CollectionAssert.AreEqual(expected, pca.Transform(VaeDataset.FromArray(alternating, 1)).ToArray());

        // Three features at 1e6, −3e5 and 0 with spreads about 1, against (x − mean)·Cᵀ taken in double.
        const int features = 3;
        const int rows = 2000;
        var random = new Random(4);
        float[] offsets = [1e6f, -3e5f, 0f];
        float[] values = Enumerable.Range(0, rows * features).Select(i => offsets[i % features] + (float)((random.NextDouble() * 2) - 1)).ToArray();
        Pca offset = Pca.Fit(VaeDataset.FromArray(values, features), componentCount: 2, numberOfThreads: 1);
        var projections = new float[rows * 2];
        offset.Transform(values, projections);

        float[] components = offset.GetComponents();
        double[] mean = Enumerable.Range(0, features).Select(j => Enumerable.Range(0, rows).Average(r => (double)values[r * features + j])).ToArray();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 2; c++)
            {
                double exact = Enumerable.Range(0, features).Sum(j => (values[r * features + j] - mean[j]) * components[c * features + j]);
                Assert.AreEqual(exact, projections[r * 2 + c], 1e-6, $"row {r}, component {c}");
            }
        }
    }

    [TestMethod]
    public void TransformGivesTheCoordinatesAlongTheAxes()
    {
        VaeDataset data = Corners();
        Pca pca = Pca.Fit(data, componentCount: 2, numberOfThreads: 1);
        float[] components = pca.GetComponents();
        float sign1 = MathF.Sign((float)Dot(components.AsSpan(0, Features), U1));
        float sign2 = MathF.Sign((float)Dot(components.AsSpan(Features, Features), U2));
        var projected = new float[data.RowCount * 2];
        pca.Transform(data.ToArray(), projected);

        for (int r = 0; r < data.RowCount; r++)
        {
            (float s1, float s2) = Signs(r);
            Assert.AreEqual(sign1 * s1 * A, projected[2 * r], 1e-4);
            Assert.AreEqual(sign2 * s2 * B, projected[2 * r + 1], 1e-4);
        }

        VaeDataset transformed = pca.Transform(data);
        CollectionAssert.AreEqual(projected, transformed.ToArray());
        CollectionAssert.AreEqual(data.Labels!.ToArray(), transformed.Labels!.ToArray());
    }

    [TestMethod]
    public void BadInputsAreRejectedNamingTheArgument()
    {
        VaeDataset data = Corners();
        Assert.AreEqual("componentCount", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Pca.Fit(data, 0)).ParamName);
        Assert.AreEqual("componentCount", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Pca.Fit(data, Features + 1)).ParamName);

        // 50 000² overflowed int, and the covariance's allocation failed as an OverflowException.
        var wide = Assert.ThrowsExactly<ArgumentException>(() => Pca.Fit(VaeDataset.FromArray(new float[2 * 50_000], 50_000), 1));
        Assert.AreEqual("data", wide.ParamName);
        StringAssert.StartsWith(wide.Message, "The data has 50000 features, whose 50000 × 50000 covariance matrix is larger than one array can hold");

        // Each thread gets buffers of its own: int.MaxValue of them was an OutOfMemoryException.
        var tooMany = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Pca.Fit(data, 1, numberOfThreads: int.MaxValue));
        Assert.AreEqual("numberOfThreads", tooMany.ParamName);
        StringAssert.StartsWith(tooMany.Message, "numberOfThreads must be at most 256; leave it unset to use every processor.");
        Assert.AreEqual("numberOfThreads", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Pca.Fit(data, 1, numberOfThreads: 0)).ParamName);
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentException>(() => Pca.Fit(VaeDataset.FromArray([1f, 2f], 2), 1)).ParamName);

        Pca pca = Pca.Fit(data, 2, numberOfThreads: 1);
        Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => pca.Transform(new float[Features + 1], new float[2])).ParamName);
        Assert.AreEqual("destination", Assert.ThrowsExactly<ArgumentException>(() => pca.Transform(new float[Features], new float[3])).ParamName);
    }

    [TestMethod]
    public void TransformRefusesNonFiniteFeaturesAndSharedBuffersAsTheVaeScorersDo()
    {
        VaeDataset data = Corners();
        Pca pca = Pca.Fit(data, 2, numberOfThreads: 1);
        float[] row = data.ToArray()[..Features];
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
        {
            float[] features = (float[])row.Clone();
            features[3] = bad;
            var error = Assert.ThrowsExactly<ArgumentException>(() => pca.Transform(features, new float[2]));
            Assert.AreEqual("features", error.ParamName);
            StringAssert.StartsWith(error.Message, "Row 0, feature 3 is");
        }

        // Written in place, the first projection would overwrite features the second still reads.
        float[] shared = (float[])row.Clone();
        Assert.AreEqual("destination", Assert.ThrowsExactly<ArgumentException>(() => pca.Transform(shared, shared.AsSpan(0, 2))).ParamName);

        var missing = Assert.ThrowsExactly<VaeDataException>(() => pca.Transform(new OwnDataset(data, data.RowCount, nanRow: 5)));
        Assert.AreEqual(5, missing.Row);
        Assert.AreEqual(1, missing.Column);
    }

    [TestMethod]
    public void FiniteFeaturesWhoseProjectionOverflowsAreRefusedNamingTheRow()
    {
        VaeDataset data = Corners();
        Pca pca = Pca.Fit(data, 2, numberOfThreads: 1);
        float[] features = data.ToArray();
        features.AsSpan(5 * Features, Features).Fill(float.MaxValue);

        var span = Assert.ThrowsExactly<VaeOverflowException>(() => pca.Transform(features, new float[data.RowCount * 2]));
        var dataset = Assert.ThrowsExactly<VaeOverflowException>(() => pca.Transform(VaeDataset.FromArray(features, Features)));

        Assert.AreEqual((5L, 5L), (span.Row, dataset.Row));
        StringAssert.StartsWith(span.Message, "Row 5: the projection overflowed float32");
    }

    [TestMethod]
    public void DataWhoseOwnProjectionsWouldOverflowIsRefusedAtFit()
    {
        // Two equal features of about ±3e38 project onto (1, 1)/√2 as far as 4.2e38: fitting took them, and transforming
        // the very rows fitted on then failed, blaming them for lying far outside the training data.
        float[] rows = [.. Enumerable.Range(0, 20).SelectMany(i => Enumerable.Repeat((i % 2 == 0 ? 3e38f : -3e38f) * (1 - (i / 100f)), 2))];

        var error = Assert.ThrowsExactly<VaeDataException>(() => Pca.Fit(VaeDataset.FromArray(rows, 2), 1, numberOfThreads: 1));

        Assert.AreEqual(
            "The features are so large that a row within their ranges could project to 4.22E+38 (centred on the mean, then summed along a component), past float32's largest value (3.4028235E+38), "
            + "so projections, those of the rows fitted on among them, would overflow float32; divide the features by 10 or more before fitting.",
            error.Message);
        VaeDataset tenth = VaeDataset.FromArray([.. rows.Select(value => value / 10)], 2);
        Assert.IsTrue(Pca.Fit(tenth, 1, numberOfThreads: 1).Transform(tenth).ToArray().All(float.IsFinite));
    }

    [TestMethod]
    public void APcaFittedOnNamedFeaturesKeepsTheNamesAndRefusesDataNamedOtherwise()
    {
        float[] values = Corners().ToArray();
        string[] names = Enumerable.Range(0, Features).Select(j => $"f{j}").ToArray();
        VaeDataset Named(string[]? featureNames) =>
            featureNames is null ? VaeDataset.FromArray(values, Features) : VaeDataset.FromArray(values, Features, null, featureNames);

        Pca pca = Pca.Fit(Named(names), 2, numberOfThreads: 1);

        CollectionAssert.AreEqual(names, pca.FeatureNames!.ToArray());
        Assert.IsNull(Pca.Fit(Named(null), 2, numberOfThreads: 1).FeatureNames);
        var reordered = Assert.ThrowsExactly<ArgumentException>(() => pca.Transform(Named(names.Reverse().ToArray())));
        Assert.AreEqual("data", reordered.ParamName);
        StringAssert.Contains(reordered.Message, "the same names come in another order: feature 0 is \"f9\"");
        var renamed = Assert.ThrowsExactly<ArgumentException>(() => pca.Transform(Named(names.Select(n => n + "x").ToArray())));
        StringAssert.Contains(renamed.Message, "the data lacks \"f0\"");
        StringAssert.Contains(renamed.Message, "set to the PCA's FeatureNames");
        Assert.AreEqual(Rows, pca.Transform(Named(null)).RowCount, "unnamed data is projected");
        Assert.IsNull(Pca.Fit(new SameNames(Named(null), "x", Features), 2, numberOfThreads: 1).FeatureNames, "names that cannot tell features apart are not kept");
        var miscounted = Assert.ThrowsExactly<ArgumentException>(() => Pca.Fit(new SameNames(Named(null), "x", Features - 1), 2, numberOfThreads: 1));
        StringAssert.Contains(miscounted.Message, $"There are {Features - 1} feature names for {Features} features; give one name per feature.");
        Assert.AreEqual("data", miscounted.ParamName);
    }

    /// <summary>A dataset of one's own giving <paramref name="count"/> names, all the same, which a model zip could not keep.</summary>
    private sealed class SameNames(VaeDataset source, string name, int count) : VaeDataset
    {
        public override int RowCount => source.RowCount;

        public override int FeatureCount => source.FeatureCount;

        public override IReadOnlyList<string>? FeatureNames => Enumerable.Repeat(name, count).ToArray();

        public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination) => source.CopyRows(rowIndices, destination);
    }

    [TestMethod]
    public void SubspaceIterationAndTheDenseSolverGiveTheSameComponents()
    {
        // 256 features of decreasing spread: one or two components are found by subspace iteration, forty by solving the
        // whole covariance (the switch is at a block of 2K + 16 vectors against 1/8 of the features).
        const int features = 256;
        const int rows = 400;
        var random = new Random(11);
        var values = new float[rows * features];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * Math.Pow(0.97, i % features));
        }

        VaeDataset data = VaeDataset.FromArray(values, features);

        // One thread count for both, so both solve the same covariance: under OpenBLAS (GemmBackend.Auto without
        // AVX-512) each thread's stripe of its product is summed by a kernel picked for that stripe's shape, so another
        // count gives a covariance whose trace, and with it every ratio, differs by about 2e-11.
        Pca iterated = Pca.Fit(data, componentCount: 2, numberOfThreads: 2);
        Pca dense = Pca.Fit(data, componentCount: 40, numberOfThreads: 2);

        float[] iteratedComponents = iterated.GetComponents();
        float[] denseComponents = dense.GetComponents();
        for (int c = 0; c < 2; c++)
        {
            Assert.AreEqual(dense.ExplainedVariance[c], iterated.ExplainedVariance[c], 1e-12 * dense.ExplainedVariance[c], $"variance {c}");
            Assert.AreEqual(dense.ExplainedVarianceRatio[c], iterated.ExplainedVarianceRatio[c], 1e-12, $"ratio {c}");
            for (int j = 0; j < features; j++)
            {
                // The same sign too: each component's largest entry is positive.
                Assert.AreEqual(denseComponents[c * features + j], iteratedComponents[c * features + j], 1e-6, $"component {c}, feature {j}");
            }
        }

        for (int c = 0; c + 1 < dense.ComponentCount; c++)
        {
            Assert.IsTrue(dense.ExplainedVariance[c] >= dense.ExplainedVariance[c + 1], $"variance {c} is below the next");
            ReadOnlySpan<float> component = denseComponents.AsSpan(c * features, features);
            Assert.IsTrue(component[TensorPrimitives.IndexOfMaxMagnitude(component)] > 0, $"component {c}'s largest entry is negative");
        }
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    public void ComponentsFarSmallerThanTheFirstAreFoundAsAccuratelyAsByTheDenseSolver(int seed)
    {
        // One feature of spread 1000 among 199 of spread about 1: λ₁ ≈ 10⁶ against λ₂ ≈ 1.5. Subspace iteration, which 3
        // components of 200 features use, stopped once every residual was below 1e-9·λ₁, when the second and third
        // components were still 2e-3 and 5e-3 rad from the dense solver's, by an amount that changed with the seed.
        const int features = 200;
        const int rows = 3000;
        var random = new Random(17);
        var values = new float[rows * features];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * (i % features == 0 ? 1000 * Math.Sqrt(3) : Math.Sqrt(3)));
        }

        VaeDataset data = VaeDataset.FromArray(values, features);

        Pca iterated = Pca.Fit(data, componentCount: 3, seed, numberOfThreads: 1);
        Pca dense = Pca.Fit(data, componentCount: 40, numberOfThreads: 1);

        float[] iteratedComponents = iterated.GetComponents();
        float[] denseComponents = dense.GetComponents();
        for (int c = 0; c < 3; c++)
        {
            Assert.AreEqual(dense.ExplainedVariance[c], iterated.ExplainedVariance[c], 1e-9 * dense.ExplainedVariance[c], $"variance {c}");
            for (int j = 0; j < features; j++)
            {
                Assert.AreEqual(denseComponents[c * features + j], iteratedComponents[c * features + j], 1e-6, $"component {c}, feature {j}");
            }
        }
    }

    [TestMethod]
    public void ComponentsWithTiedLargestEntriesTakeTheSameSignForEverySeedAndSolver()
    {
        // Features x and −x make the leading component ±(1, −1, 0, …)/√2: which of its two largest entries comes out
        // larger is the solvers' rounding, so a sign taken from it changed with the seed of subspace iteration.
        const int features = 300;
        const int rows = 500;
        var random = new Random(3);
        var values = new float[rows * features];
        for (int r = 0; r < rows; r++)
        {
            float x = 10 * (float)((random.NextDouble() * 2) - 1);
            values[r * features] = x;
            values[(r * features) + 1] = -x;
            for (int j = 2; j < features; j++)
            {
                values[(r * features) + j] = 0.01f * (float)((random.NextDouble() * 2) - 1);
            }
        }

        VaeDataset data = VaeDataset.FromArray(values, features);
        var fits = Enumerable.Range(0, 8).Select(seed => Pca.Fit(data, componentCount: 1, seed, numberOfThreads: 1))
            .Append(Pca.Fit(data, componentCount: 40, numberOfThreads: 1));
        foreach (Pca pca in fits)
        {
            float[] components = pca.GetComponents();
            Assert.AreEqual(1 / MathF.Sqrt(2), components[0], 1e-5, "the first of the tied entries is the positive one");
            Assert.AreEqual(-1 / MathF.Sqrt(2), components[1], 1e-5);
        }
    }

    [TestMethod]
    [DataRow(4, 1)]
    [DataRow(256, 1)]
    public void NonFiniteFeaturesAreRefused(int features, int components)
    {
        // Small integers, with one NaN or one infinity.
        float[] Rows(float bad)
        {
            float[] values = Enumerable.Range(0, 10 * features).Select(i => (float)(i % 7)).ToArray();
            values[features + 1] = bad;
            return values;
        }

        VaeDataException nan = Assert.ThrowsExactly<VaeDataException>(() => Pca.Fit(VaeDataset.FromArray(Rows(float.NaN), features), components, numberOfThreads: 1));
        StringAssert.Contains(nan.Message, "NaN");
        Assert.ThrowsExactly<VaeDataException>(() => Pca.Fit(VaeDataset.FromArray(Rows(float.PositiveInfinity), features), components, numberOfThreads: 1));
    }

    [TestMethod]
    [DataRow(1e18f)]
    [DataRow(1e30f)]
    [DataRow(3e38f)]
    public void FeaturesWhoseSquaresPassFloat32AreFittedAsTheSameFeaturesScaledDown(float magnitude)
    {
        // 2 000 rows of two features up to 1e18 overflowed a chunk's float32 sums of squares; scaling by a power of two is exact.
        var random = new Random(5);
        float[] small = [.. Enumerable.Range(0, 2000 * 2).Select(i => (float)((random.NextDouble() * 2) - 1) * (i % 2 == 0 ? 1f : 0.25f))];
        float factor = magnitude;
        float[] large = [.. small.Select(value => value * factor)];

        Pca reference = Pca.Fit(VaeDataset.FromArray(small, 2), 2, numberOfThreads: 1);
        Pca scaled = Pca.Fit(VaeDataset.FromArray(large, 2), 2, numberOfThreads: 1);

        for (int i = 0; i < 2; i++)
        {
            double expected = reference.ExplainedVariance[i] * factor * (double)factor;
            Assert.AreEqual(expected, scaled.ExplainedVariance[i], expected * 1e-5, $"component {i}");
            Assert.AreEqual(reference.ExplainedVarianceRatio[i], scaled.ExplainedVarianceRatio[i], 1e-6);
        }

        CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, Pca.Fit(VaeDataset.FromArray(new float[20], 2), 2, numberOfThreads: 1).ExplainedVariance.ToArray(), "rows of zeros have no variance");
    }

    [TestMethod]
    [DataRow(1e-21f)]
    [DataRow(1e-23f)]
    [DataRow(1e-25f)]
    [DataRow(1e-39f)]
    public void FeaturesWhoseProductsPassBelowFloat32AreFittedAsTheSameFeaturesScaledUp(float magnitude)
    {
        // 2 000 rows of two correlated features near 1e-25 squared into float32 zeros in a chunk's sums, and Fit returned
        // variances of about 0 on components at random; features scaled up by a power of two, which is exact, are the reference.
        var random = new Random(5);
        float[] tiny = new float[2000 * 2];
        for (int i = 0; i < tiny.Length; i += 2)
        {
            float x = (float)((random.NextDouble() * 2) - 1);
            tiny[i] = x * magnitude;
            tiny[i + 1] = ((0.5f * x) + (0.25f * (float)((random.NextDouble() * 2) - 1))) * magnitude;
        }

        int exponent = MathF.ILogB(magnitude);
        float[] unit = [.. tiny.Select(value => MathF.ScaleB(value, -exponent))];

        Pca reference = Pca.Fit(VaeDataset.FromArray(unit, 2), 2, numberOfThreads: 1);
        Pca scaled = Pca.Fit(VaeDataset.FromArray(tiny, 2), 2, numberOfThreads: 1);

        for (int i = 0; i < 2; i++)
        {
            double expected = Math.ScaleB(reference.ExplainedVariance[i], 2 * exponent);
            Assert.AreEqual(expected, scaled.ExplainedVariance[i], expected * 1e-5, $"component {i}");
            Assert.AreEqual(reference.ExplainedVarianceRatio[i], scaled.ExplainedVarianceRatio[i], 1e-6);
        }

        float[] expectedComponents = reference.GetComponents();
        float[] components = scaled.GetComponents();
        for (int i = 0; i < components.Length; i++)
        {
            Assert.AreEqual(expectedComponents[i], components[i], 1e-5, $"component entry {i}");
        }
    }

    [TestMethod]
    public void EveryComponentOfRankDeficientDataExplainsAVarianceOfAtLeastZero()
    {
        // Eight rows of ten features span two directions: the other eight eigenvalues are zero up to rounding, either side.
        Pca pca = Pca.Fit(Corners(), componentCount: Features, numberOfThreads: 1);

        Assert.IsTrue(pca.ExplainedVariance.All(variance => variance >= 0), string.Join(", ", pca.ExplainedVariance));
        Assert.IsTrue(pca.ExplainedVarianceRatio.All(ratio => ratio >= 0), string.Join(", ", pca.ExplainedVarianceRatio));
    }

    [TestMethod]
    public void DataWithoutSpreadExplainsNoVarianceRatherThanNaN()
    {
        Pca pca = Pca.Fit(VaeDataset.FromArray(Enumerable.Repeat(2.5f, 8 * 3).ToArray(), 3), componentCount: 2, numberOfThreads: 1);

        CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, pca.ExplainedVariance.ToArray());
        CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, pca.ExplainedVarianceRatio.ToArray());
    }

    private static VaeDataset Corners()
    {
        var features = new float[Rows * Features];
        for (int r = 0; r < Rows; r++)
        {
            (float s1, float s2) = Signs(r);
            for (int j = 0; j < Features; j++)
            {
                features[r * Features + j] = Centre[j] + (float)((s1 * A * U1[j]) + (s2 * B * U2[j]));
            }
        }

        return VaeDataset.FromArray(features, Features, Enumerable.Range(0, Rows).ToArray());
    }

    private static (float S1, float S2) Signs(int row) => ((row & 1) == 0 ? 1 : -1, (row & 2) == 0 ? 1 : -1);

    private static double Dot(ReadOnlySpan<float> a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < b.Length; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }

    private static double[] Orthogonalize(double[] v, double[] unit)
    {
        double dot = v.Zip(unit, (x, y) => x * y).Sum();
        return v.Zip(unit, (x, y) => x - dot * y).ToArray();
    }

    private static double[] Unit(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
