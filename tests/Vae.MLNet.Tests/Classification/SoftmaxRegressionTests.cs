using System.Runtime.InteropServices;
using Vae.MLNet.Classification;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Tests.Evaluation;

namespace Vae.MLNet.Tests.Classification;

[TestClass]
public sealed class SoftmaxRegressionTests
{
    private const int Features = 4;

    [TestMethod]
    public void TheTrainingLossCannotBeChangedThroughItsList()
    {
        SoftmaxRegressionModel model = new SoftmaxRegression(Options()).Fit(Blobs(60, seed: 1));

        Assert.IsNotInstanceOfType<double[]>(model.TrainingLoss);
    }

    [TestMethod]
    public void SeparatesGaussianBlobsOnHeldOutRows()
    {
        SoftmaxRegressionModel model = new SoftmaxRegression(Options()).Fit(Blobs(600, seed: 1));

        Assert.AreEqual(3, model.ClassCount);
        Assert.IsGreaterThan(0.97, model.Accuracy(Blobs(300, seed: 2)));
        Assert.IsLessThan(model.TrainingLoss[0], model.TrainingLoss[^1]);
    }

    [TestMethod]
    public void ProbabilitiesSumToOneAndAgreeWithPredict()
    {
        VaeDataset data = Blobs(90, seed: 3);
        SoftmaxRegressionModel model = new SoftmaxRegression(Options()).Fit(data);
        float[] features = data.ToArray();
        var probabilities = new float[data.RowCount * 3];
        var classes = new int[data.RowCount];
        model.PredictProbabilities(features, probabilities);
        model.Predict(features, classes);

        for (int r = 0; r < data.RowCount; r++)
        {
            float[] row = probabilities[(r * 3)..((r + 1) * 3)];
            Assert.AreEqual(1.0, row.Sum(), 1e-5);
            Assert.AreEqual(Array.IndexOf(row, row.Max()), classes[r]);
        }
    }

    [TestMethod]
    public void FiniteFeaturesWhoseLogitsOverflowAreRefusedNamingTheRow()
    {
        VaeDataset data = Blobs(30, seed: 13);
        SoftmaxRegressionModel model = new SoftmaxRegression(Options()).Fit(data);
        float[] features = data.ToArray();
        features.AsSpan(7 * Features, Features).Fill(float.MaxValue);

        var probabilities = Assert.ThrowsExactly<VaeOverflowException>(() => model.PredictProbabilities(features, new float[data.RowCount * 3]));
        var classes = Assert.ThrowsExactly<VaeOverflowException>(() => model.Predict(features, new int[data.RowCount]));
        var accuracy = Assert.ThrowsExactly<VaeOverflowException>(() => model.Accuracy(VaeDataset.FromArray(features, Features, data.Labels!.ToArray())));

        Assert.AreEqual((7L, 7L, 7L), (probabilities.Row, classes.Row, accuracy.Row));
        StringAssert.StartsWith(probabilities.Message, "Row 7: the logit vector overflowed float32");
        StringAssert.Contains(probabilities.Message, "features far outside the training data's range");
    }

    [TestMethod]
    public void SameSeedGivesIdenticalModels()
    {
        VaeDataset data = Blobs(200, seed: 4);
        float[] first = Probabilities(new SoftmaxRegression(Options(seed: 5)).Fit(data), data);
        float[] second = Probabilities(new SoftmaxRegression(Options(seed: 5)).Fit(data), data);
        float[] otherSeed = Probabilities(new SoftmaxRegression(Options(seed: 6)).Fit(data), data);

        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreNotEqual(first, otherSeed);
    }

    [TestMethod]
    public void StandardizationMakesRawRowsPredictAsIfScaled()
    {
        // An affine change of units leaves standardized features unchanged, so both models must agree row for row.
        VaeDataset data = Blobs(200, seed: 7);
        float[] features = data.ToArray();
        float[] rescaled = features.Select((x, i) => x * (i % Features + 1) * 100f + 50f).ToArray();
        VaeDataset rescaledData = VaeDataset.FromArray(rescaled, Features, data.Labels!.ToArray());
        float[] original = Probabilities(new SoftmaxRegression(Options()).Fit(data), data);
        float[] fromRescaled = Probabilities(new SoftmaxRegression(Options()).Fit(rescaledData), rescaledData);

        for (int i = 0; i < original.Length; i++)
        {
            Assert.AreEqual(original[i], fromRescaled[i], 2e-3, $"probability {i}");
        }
    }

    [TestMethod]
    public void FeaturesFarFromZeroPredictAsTheRowsStandardizedBeforeTraining()
    {
        // Feature 0 lies within 1/2 of 1e6, in steps of 1/16, feature 1 within 1 of 0; rows come in mirror-image pairs of
        // opposite labels, so the means, 1e6 and 0, are exact in float32 too. Folded into the bias, b − 1e6·W′ cancelled
        // x·W′ in float32 and moved the probabilities by 0.07 from those of a model trained on rows standardized beforehand.
        const int pairs = 200;
        var random = new Random(15);
        var raw = new float[4 * pairs];
        var labels = new int[2 * pairs];
        for (int p = 0; p < pairs; p++)
        {
            int steps = random.Next(-8, 9);
            float other = (float)((random.NextDouble() * 2) - 1);
            int label = (steps / 16.0) + (0.3 * other) + (0.2 * (random.NextDouble() - 0.5)) > 0 ? 1 : 0;
            (raw[4 * p], raw[(4 * p) + 1], raw[(4 * p) + 2], raw[(4 * p) + 3]) = (1e6f + (steps / 16f), other, 1e6f - (steps / 16f), -other);
            (labels[2 * p], labels[(2 * p) + 1]) = (label, 1 - label);
        }

        double[] mean = [1e6, 0];
        double[] deviation = [.. Enumerable.Range(0, 2).Select(j => Math.Sqrt(Enumerable.Range(0, 2 * pairs).Average(r => Math.Pow(raw[(2 * r) + j] - mean[j], 2))))];
        float[] standardized = [.. raw.Select((x, i) => (float)((x - mean[i % 2]) / deviation[i % 2]))];
        VaeDataset rawData = VaeDataset.FromArray(raw, 2, labels);
        VaeDataset standardizedData = VaeDataset.FromArray(standardized, 2, labels);
        SoftmaxRegressionOptions unstandardized = Options();
        unstandardized.StandardizeFeatures = false;

        float[] fromRaw = Probabilities(new SoftmaxRegression(Options()).Fit(rawData), rawData);
        float[] fromStandardized = Probabilities(new SoftmaxRegression(unstandardized).Fit(standardizedData), standardizedData);

        float largest = fromRaw.Zip(fromStandardized, (a, b) => MathF.Abs(a - b)).Max();
        Assert.IsLessThan(1e-5f, largest, $"probabilities differ by up to {largest}");
    }

    [TestMethod]
    public void StrongL2PullsProbabilitiesTowardUniform()
    {
        VaeDataset data = Blobs(200, seed: 8);
        float[] free = Probabilities(new SoftmaxRegression(Options(l2: 0f)).Fit(data), data);
        float[] penalized = Probabilities(new SoftmaxRegression(Options(l2: 5f)).Fit(data), data);

        Assert.IsLessThan(free.Max() - 0.2f, penalized.Max());
    }

    [TestMethod]
    public void UnlabelledDataIsRejectedNamingTheArgument()
    {
        VaeDataset unlabelled = VaeDataset.FromArray(Blobs(30, seed: 9).ToArray(), Features);

        var error = Assert.ThrowsExactly<ArgumentException>(() => new SoftmaxRegression(Options()).Fit(unlabelled));
        Assert.AreEqual("data", error.ParamName);
        StringAssert.Contains(error.Message, "no labels");
    }

    [TestMethod]
    public void BadInputsAreRejectedNamingTheArgument()
    {
        Assert.AreEqual("Epochs", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SoftmaxRegression(new SoftmaxRegressionOptions { Epochs = 0 })).ParamName);
        Assert.AreEqual("NumberOfThreads", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SoftmaxRegression(new SoftmaxRegressionOptions { NumberOfThreads = int.MaxValue })).ParamName);
        Assert.AreEqual("LearningRate", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SoftmaxRegression(new SoftmaxRegressionOptions { LearningRate = float.NaN })).ParamName);
        var oneClass = VaeDataset.FromArray([1f, 2f, 3f, 4f], 2, [1, 1]);
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentException>(() => new SoftmaxRegression(Options()).Fit(oneClass)).ParamName);
        var negative = VaeDataset.FromArray([1f, 2f, 3f, 4f], 2, [0, -1]);
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentException>(() => new SoftmaxRegression(Options()).Fit(negative)).ParamName);
        foreach (int identifier in new[] { int.MaxValue, 1_500_000_000 })
        {
            // An identifier taken for a class number would make more classes than arrays can hold: int.MaxValue + 1 overflowed.
            var identifiers = VaeDataset.FromArray([1f, 2f, 3f, 4f], 2, [0, identifier]);
            var error = Assert.ThrowsExactly<ArgumentException>(() => new SoftmaxRegression(Options()).Fit(identifiers));
            Assert.AreEqual("data", error.ParamName);
            StringAssert.Contains(error.Message, $"The largest label, {identifier}, makes {identifier + 1L} classes");
        }

        // Within what arrays hold but far beyond the classes that occur: the weights alone would take gigabytes.
        var sparse = VaeDataset.FromArray([1f, 2f, 3f, 4f], 1, [0, 500_000_000, 3, 3]);
        var sparseError = Assert.ThrowsExactly<ArgumentException>(() => new SoftmaxRegression(Options()).Fit(sparse));
        Assert.AreEqual("data", sparseError.ParamName);
        StringAssert.Contains(sparseError.Message, "makes 500000001 classes, of which only 3 occur in the data");
        // Most class numbers unused, but their weights take kilobytes: a subset of data with many classes.
        var gaps = VaeDataset.FromArray([1f, 2f, 3f, 4f], 1, [0, 1500, 3, 3]);
        Assert.AreEqual(1501, new SoftmaxRegression(Options()).Fit(gaps).ClassCount);

        SoftmaxRegressionModel model = new SoftmaxRegression(Options()).Fit(Blobs(30, seed: 10));
        Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => model.Predict(new float[Features + 1], new int[1])).ParamName);
        Assert.AreEqual("classes", Assert.ThrowsExactly<ArgumentException>(() => model.Predict(new float[Features], new int[2])).ParamName);
        Assert.AreEqual("probabilities", Assert.ThrowsExactly<ArgumentException>(() => model.PredictProbabilities(new float[Features], new float[2])).ParamName);
    }

    [TestMethod]
    public void AccuracyOfAFewRowsOfMillionsOfFeaturesTakesBuffersForThoseRowsOnly()
    {
        // Two rows of 2 100 000 features, which feature 0 tells apart: a buffer for 1024 such rows, whatever the rows,
        // passed int's range (an OverflowException), and at 300 000 features took 1.2 GB.
        const int features = 2_100_000;
        var layer = new DenseLayer(features, 2);
        (layer.Weights[0], layer.Weights[1]) = (1f, -1f);
        var model = new SoftmaxRegressionModel(layer, scaling: null, trainingLoss: [], threads: 1);

        Assert.AreEqual(1.0, model.Accuracy(new FirstFeatureOnly(features, [1f, -1f], labels: [0, 1])));
        Assert.AreEqual(0.5, model.Accuracy(new FirstFeatureOnly(features, [1f, 1f], labels: [0, 1])));
    }

    /// <summary>Rows of zeros but for feature 0, which reads <paramref name="firstFeatures"/>.</summary>
    private sealed class FirstFeatureOnly(int featureCount, float[] firstFeatures, int[] labels) : VaeDataset
    {
        public override int RowCount => labels.Length;

        public override int FeatureCount => featureCount;

        public override IReadOnlyList<int>? Labels => labels;

        public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
        {
            destination[..(rowIndices.Length * featureCount)].Clear();
            for (int i = 0; i < rowIndices.Length; i++)
            {
                destination[i * featureCount] = firstFeatures[rowIndices[i]];
            }
        }
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void ABatchOfMoreFeaturesThanAnArrayHoldsIsRefusedNamingBatchSizeBeforeAnyRowIsRead(bool standardize)
    {
        // 65 536 rows of 32 769 features in one batch overflowed int: an OverflowException, after the standardizing pass.
        var data = new UnreadRows(rows: 65_536, features: 32_769, labels: [.. Enumerable.Range(0, 65_536).Select(row => row % 2)]);
        var trainer = new SoftmaxRegression(new SoftmaxRegressionOptions { BatchSize = 65_536, StandardizeFeatures = standardize });

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(data));

        Assert.AreEqual("BatchSize", error.ParamName);
        StringAssert.StartsWith(error.Message, "A batch of 65536 rows of 32769 features is 2147549184 values, more than one array holds (2147483591); lower BatchSize to 65533 or fewer.");
    }

    [TestMethod]
    public void ClassesWhoseLogitsOverflowABatchAreRefusedNamingBatchSizeAndWhoseWeightsOverflowNamingTheFeatures()
    {
        // 46 341 classes, each occurring once: 46 341² passes one array. Both were blamed on the labels, as identifiers.
        int[] everyClass = [.. Enumerable.Range(0, 46_341)];

        var logits = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new SoftmaxRegression(new SoftmaxRegressionOptions { BatchSize = 46_341 }).Fit(new UnreadRows(46_341, features: 1, everyClass)));
        Assert.AreEqual("BatchSize", logits.ParamName);
        StringAssert.StartsWith(logits.Message, "A batch of 46341 rows of 46341 logits is 2147488281 values, more than one array holds (2147483591); lower BatchSize to 46340 or fewer.");

        var weights = Assert.ThrowsExactly<ArgumentException>(() => new SoftmaxRegression(Options()).Fit(new UnreadRows(46_341, features: 46_341, everyClass)));
        Assert.AreEqual("data", weights.ParamName);
        StringAssert.StartsWith(
            weights.Message,
            "The largest label, 46340, makes 46341 classes, whose weights for 46341 features are 2147488281 values, more than one array holds (2147483591); reduce the features first");
    }

    [TestMethod]
    public void PredictionRefusesNonFiniteFeaturesAndSharedBuffersAsTheVaeScorersDo()
    {
        VaeDataset data = Blobs(30, seed: 12);
        SoftmaxRegressionModel model = new SoftmaxRegression(Options()).Fit(data);
        float[] row = data.ToArray()[..Features];
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
        {
            float[] features = (float[])row.Clone();
            features[2] = bad;
            var predict = Assert.ThrowsExactly<ArgumentException>(() => model.Predict(features, new int[1]));
            Assert.AreEqual("features", predict.ParamName);
            StringAssert.StartsWith(predict.Message, "Row 0, feature 2 is");
            Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => model.PredictProbabilities(features, new float[3])).ParamName);
        }

        // Written in place, the probabilities would overwrite features the product still reads.
        float[] shared = (float[])row.Clone();
        Assert.AreEqual("probabilities", Assert.ThrowsExactly<ArgumentException>(() => model.PredictProbabilities(shared, shared.AsSpan(0, 3))).ParamName);
        Assert.AreEqual(
            "classes",
            Assert.ThrowsExactly<ArgumentException>(() => model.Predict(shared, MemoryMarshal.Cast<float, int>(shared.AsSpan(0, 1)))).ParamName);

        var missing = Assert.ThrowsExactly<VaeDataException>(() => model.Accuracy(new OwnDataset(data, data.RowCount, nanRow: 4, labels: data.Labels)));
        Assert.AreEqual(4, missing.Row);
    }

    [TestMethod]
    [DataRow(true, float.NaN)]
    [DataRow(false, float.NaN)]
    [DataRow(false, float.NegativeInfinity)]
    public void TrainingRefusesANonFiniteFeatureNamingItsRowWhetherOrNotItStandardizes(bool standardize, float badValue)
    {
        VaeDataset data = Blobs(30, seed: 14);
        var trainer = new SoftmaxRegression(new SoftmaxRegressionOptions { Epochs = 2, StandardizeFeatures = standardize });

        var error = Assert.ThrowsExactly<VaeDataException>(() => trainer.Fit(new OwnDataset(data, data.RowCount, nanRow: 17, badValue, labels: data.Labels)));

        Assert.AreEqual(17, error.Row);
        Assert.AreEqual(1, error.Column);
    }

    [TestMethod]
    public void DataWithoutOneLabelPerRowIsRefusedNamingTheArgument()
    {
        VaeDataset data = Blobs(30, seed: 13);
        var shortLabels = new OwnDataset(data, data.RowCount, nanRow: null, labels: data.Labels!.Take(2).ToArray());

        // It trained on the first two rows alone.
        var fit = Assert.ThrowsExactly<ArgumentException>(() => new SoftmaxRegression(Options()).Fit(shortLabels));
        Assert.AreEqual("data", fit.ParamName);
        StringAssert.Contains(fit.Message, "The data reports 30 rows but 2 labels");
        SoftmaxRegressionModel model = new SoftmaxRegression(Options()).Fit(data);
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentException>(() => model.Accuracy(shortLabels)).ParamName);
    }

    [TestMethod]
    public void AGradientThatOverflowsAdamsMomentsStopsTrainingInsteadOfFreezingWeightsQuietly()
    {
        // A feature of ±1e20, unstandardized: its weight's gradient squares past float32, and its steps were 0 from then
        // on, so training ended with accuracy 0.5 and no error.
        float[] features = Enumerable.Range(0, 40).SelectMany(i => new[] { i % 2 == 0 ? 1e20f : -1e20f, 0.5f }).ToArray();
        int[] labels = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        SoftmaxRegressionOptions options = Options();
        options.StandardizeFeatures = false;

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new SoftmaxRegression(options).Fit(VaeDataset.FromArray(features, 2, labels)));

        StringAssert.Contains(error.Message, "overflowed Adam's second moment");
        StringAssert.Contains(error.Message, "or set StandardizeFeatures.");
    }

    [TestMethod]
    public void AnOverflowOfStandardizedFeaturesNamesTheLearningRateNotStandardizing()
    {
        // Steps of 1e30 make weights whose L2 term squares past float32; the message said to set StandardizeFeatures,
        // which is the default, and to lower L2Regularization, but not the learning rate that caused it.
        var options = new SoftmaxRegressionOptions { LearningRate = 1e30f, NumberOfThreads = 1 };

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new SoftmaxRegression(options).Fit(Blobs(60, seed: 3)));

        StringAssert.Contains(error.Message, "overflowed Adam's second moment");
        StringAssert.EndsWith(error.Message, "Lower LearningRate (now 1E+30) or L2Regularization (now 0.0001).");
    }

    [TestMethod]
    public void ANonFiniteLossOfStandardizedFeaturesNamesOnlyTheLearningRate()
    {
        SoftmaxRegressionOptions options = Options();
        options.LearningRate = 1e30f;

        // The type VaeTrainer's divergence derives from, so one handler catches either trainer's, and no wrong state.
        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new SoftmaxRegression(options).Fit(Blobs(60, seed: 3)));

        Assert.AreEqual(1, error.Epoch);
        StringAssert.StartsWith(error.Message, "Training diverged in epoch 1:");
        StringAssert.Contains(error.Message, "the cross-entropy is NaN");
        StringAssert.EndsWith(error.Message, "Lower LearningRate (now 1E+30).");
    }

    internal static SoftmaxRegressionOptions Options(int seed = 0, float l2 = 1e-4f) =>
        new() { Epochs = 30, BatchSize = 16, LearningRate = 0.05f, L2Regularization = l2, Seed = seed, NumberOfThreads = 1 };

    /// <summary>Three well-separated Gaussian clusters in <see cref="Features"/> dimensions, labels 0–2.</summary>
    internal static VaeDataset Blobs(int rows, int seed)
    {
        var random = new Random(seed);
        float[][] centres = [[3, 0, 0, 1], [0, 3, 0, -1], [0, 0, 3, 0]];
        var features = new float[rows * Features];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = r % 3;
            for (int j = 0; j < Features; j++)
            {
                features[r * Features + j] = centres[labels[r]][j] + (float)(random.NextDouble() - 0.5);
            }
        }

        return VaeDataset.FromArray(features, Features, labels);
    }

    private static float[] Probabilities(SoftmaxRegressionModel model, VaeDataset data)
    {
        var probabilities = new float[data.RowCount * model.ClassCount];
        model.PredictProbabilities(data.ToArray(), probabilities);
        return probabilities;
    }
}
