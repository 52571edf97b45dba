using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;

namespace Vae.MLNet.Classification;

/// <summary>
/// Trains a multinomial logistic regression (one linear layer and a softmax) by minimizing the mean cross-entropy,
/// plus an optional L2 penalty, with Adam on shuffled mini-batches. Weights start at zero, so the seed only orders the
/// rows; the same options, data and thread count give identical models.
/// </summary>
public sealed class SoftmaxRegression
{
    /// <summary>
    /// Above this many values of one array of weights (256 MB of them), labels that leave most class numbers unused are
    /// refused as identifiers: the weights of classes that never occur would cost gigabytes.
    /// </summary>
    private const long MostValuesWithGaps = 1L << 26;

    private readonly SoftmaxRegressionOptions _options;

    /// <summary>Creates a trainer; the options are checked and copied, so later changes to them have no effect.</summary>
    /// <param name="options">Training settings; null takes the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range; the exception names it.</exception>
    public SoftmaxRegression(SoftmaxRegressionOptions? options = null)
    {
        options ??= new SoftmaxRegressionOptions();
        options.Validate();
        _options = options.Clone();
    }

    /// <summary>Trains a model on every row of <paramref name="data"/>.</summary>
    /// <param name="data">Rows with integer labels 0…C−1 (at least two distinct classes).</param>
    /// <exception cref="ArgumentException">
    /// The data has no rows, no labels or not one per row, a negative label, only one class, labels that look like identifiers (fewer than half of
    /// the class numbers occurring, with the weights or a batch's logits of all of them taking more than 256 MB), or so
    /// many classes and features that the weights are more values than one array holds.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A batch of <see cref="SoftmaxRegressionOptions.BatchSize"/> rows holds more features, or more logits, than one
    /// array can; the exception names <see cref="SoftmaxRegressionOptions.BatchSize"/> and the largest that fits.
    /// </exception>
    /// <exception cref="VaeDataException">
    /// A feature is not finite, or, with <see cref="SoftmaxRegressionOptions.StandardizeFeatures"/>, one that is not
    /// constant has a standard deviation below 1/<see cref="float.MaxValue"/>, about 2.9e-39, so its scale would not fit float32,
    /// or one has its mean plus 10 standard deviations, or a value's distance from its mean, past <see cref="float.MaxValue"/>.
    /// </exception>
    /// <exception cref="TrainingDivergedException">
    /// The loss stopped being finite (the learning rate is too high for the data), or a gradient overflowed the optimizer's
    /// second moment (features of about 1e19 and beyond, unstandardized, or weights grown by too high a learning rate or L2
    /// penalty); the message names the settings to change.
    /// </exception>
    public SoftmaxRegressionModel Fit(VaeDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] labels = data.Labels?.ToArray()
            ?? throw new ArgumentException("The dataset has no labels; a classifier needs a class label for every row.", nameof(data));
        ScoringArguments.RequireRows(data, nameof(data));
        SoftmaxRegressionOptions options = _options;
        int d = data.FeatureCount;
        int capacity = Math.Min(options.BatchSize, labels.Length);
        int classes = ClassCount(labels, d, capacity, nameof(data));
        RequireBatchFits(capacity, d, "features");
        RequireBatchFits(capacity, classes, "logits");
        FeatureScaling? scaling = options.StandardizeFeatures ? FeatureStatistics.Compute(data).CreateScaling(VaeInputScaling.Standardize) : null;

        var layer = new DenseLayer(d, classes);
        var gradient = new DenseLayer(d, classes);
        DenseLayer[] parameters = [layer];
        DenseLayer[] gradients = [gradient];
        var adam = new AdamOptimizer(parameters, new AdamOptimizer.Settings(options.LearningRate, 0.9f, 0.999f, 1e-8f, options.L2Regularization));
        IMatrixMultiplier gemm = MatrixMultipliers.Create(GemmBackend.Auto, options.EffectiveThreads);

        var input = new float[capacity * d];
        var logits = new float[capacity * classes];
        var batchLabels = new int[capacity];
        int[] order = Enumerable.Range(0, labels.Length).ToArray();
        var shuffle = new SeededRandom(options.Seed);
        var trainingLoss = new double[options.Epochs];
        string learningRate = string.Create(CultureInfo.InvariantCulture, $"{nameof(SoftmaxRegressionOptions.LearningRate)} (now {options.LearningRate})");
        string orStandardize = options.StandardizeFeatures ? string.Empty : $", or set {nameof(SoftmaxRegressionOptions.StandardizeFeatures)}";
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            double lossSum = 0;
            foreach ((int start, int rows) in new RowRanges(order.Length, capacity))
            {
                ReadOnlySpan<int> batch = order.AsSpan(start, rows);
                Span<float> batchInput = input.AsSpan(0, rows * d);
                data.CopyRows(batch, batchInput);

                // Standardizing has checked every feature; unstandardized, a NaN would surface as a diverged loss.
                if (scaling is null && FiniteValues.IndexOfNonFinite(batchInput) is var bad and >= 0)
                {
                    throw VaeDataException.InFeature(batch[bad / d], bad % d, batchInput[bad], FiniteValues.Requirement, data.FeatureNames);
                }

                scaling?.Apply(batchInput);
                for (int i = 0; i < rows; i++)
                {
                    batchLabels[i] = labels[batch[i]];
                }

                double loss = SoftmaxCrossEntropy.LossAndGradient(gemm, layer, batchInput, batchLabels.AsSpan(0, rows), logits, gradient);
                if (!double.IsFinite(loss))
                {
                    throw new TrainingDivergedException(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Training diverged in epoch {epoch + 1}: the cross-entropy is {loss}. Lower {learningRate}{orStandardize}."),
                        epoch + 1);
                }

                adam.Step(parameters, gradients, gradientScale: 1f);
                lossSum += loss * rows;
            }

            // A weight whose moment overflowed steps by 0 from then on, which the loss does not show. Features of about
            // 1e19 overflow it, and so does the L2 term of weights that steps too large or an L2 too strong have grown.
            if (!adam.SecondMomentsFinite())
            {
                throw new TrainingDivergedException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Training diverged in epoch {epoch + 1}: a gradient, L2 term included, passed about 1.8e19 and overflowed Adam's second moment, which stops its weight for good. " +
                        $"Lower {learningRate} or {nameof(SoftmaxRegressionOptions.L2Regularization)} (now {options.L2Regularization}){orStandardize}."),
                    epoch + 1);
            }

            trainingLoss[epoch] = lossSum / order.Length;
        }

        return new SoftmaxRegressionModel(layer, scaling, trainingLoss, options.EffectiveThreads);
    }

    /// <summary>
    /// The classes the labels number, checked to be no identifiers and to have weights for <paramref name="features"/>
    /// features that one array holds; a batch's logits, for <paramref name="capacity"/> rows, are the caller's to check.
    /// </summary>
    private static int ClassCount(int[] labels, int features, int capacity, string parameterName)
    {
        int negative = Array.FindIndex(labels, l => l < 0);
        if (negative >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {negative} has label {labels[negative]}; labels must be class numbers 0, 1, 2, …."), parameterName);
        }

        if (labels.All(l => l == labels[0]))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Every row has label {labels[0]}; a classifier needs at least two classes."), parameterName);
        }

        int largest = labels.Max();
        long classes = largest + 1L;

        // Every class number up to the largest gets weights and logits, so identifiers taken for class numbers would cost
        // gigabytes for classes that never occur; gaps are fine where the arrays stay small (a subset may miss classes),
        // and there the labels need no second pass to count them. Checked first, so identifiers are called that even
        // where their classes would pass an array.
        if (classes * Math.Max(features, capacity) > MostValuesWithGaps)
        {
            int distinct = labels.Distinct().Count();
            if (distinct < classes / 2)
            {
                throw new ArgumentException(
                    $"The largest label, {largest}, makes {classes} classes, of which only {distinct} occur in the data; "
                        + "labels must be class numbers 0, 1, 2, …: number the classes in order rather than using identifiers.",
                    parameterName);
            }
        }

        if (classes * features > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The largest label, {largest}, makes {classes} classes, whose weights for {features} features are {classes * features} values, "
                    + $"more than one array holds ({Array.MaxLength}); reduce the features first, for example to a VAE's latent means or PCA components.",
                parameterName);
        }

        return (int)classes;
    }

    /// <summary>
    /// Refuses a batch of <paramref name="capacity"/> rows of <paramref name="width"/> <paramref name="values"/> that one
    /// array cannot hold, before any pass over the data.
    /// </summary>
    private static void RequireBatchFits(int capacity, int width, string values)
    {
        long total = (long)capacity * width;
        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(SoftmaxRegressionOptions.BatchSize),
                $"A batch of {capacity} rows of {width} {values} is {total} values, more than one array holds ({Array.MaxLength}); " +
                $"lower {nameof(SoftmaxRegressionOptions.BatchSize)} to {Array.MaxLength / width} or fewer.");
        }
    }
}
