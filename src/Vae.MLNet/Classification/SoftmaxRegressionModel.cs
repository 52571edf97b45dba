using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Classification;

/// <summary>
/// A trained multinomial logistic regression: p(class | x) = softmax(x′·W + b), where x′ is x standardized as in training
/// when <see cref="SoftmaxRegressionOptions.StandardizeFeatures"/> was set, and x itself otherwise. It takes rows in the
/// units it was trained on. All methods are safe to call from several threads at once.
/// </summary>
public sealed class SoftmaxRegressionModel
{
    private const int MaxChunkRows = 1024;

    private readonly DenseLayer _layer;

    // Applied to each row before the product rather than folded into W and b: folded, the offsets made a float32 bias
    // b − Σ offset·W′ that cancelled x·W′, so features far from zero (at 1e6) lost their spread.
    private readonly FeatureScaling? _scaling;
    private readonly Lazy<IMatrixMultiplier> _gemm;

    internal SoftmaxRegressionModel(DenseLayer layer, FeatureScaling? scaling, double[] trainingLoss, int threads)
    {
        _layer = layer;
        _scaling = scaling;
        TrainingLoss = Array.AsReadOnly(trainingLoss);
        _gemm = new Lazy<IMatrixMultiplier>(() => MatrixMultipliers.Create(GemmBackend.Auto, threads));
    }

    /// <summary>
    /// Rows scored at once: <see cref="MaxChunkRows"/>, fewer where rows of features or of logits are so wide that the
    /// buffers would pass 16M values.
    /// </summary>
    private int ChunkRows => BufferRows.Fitting(Math.Max(FeatureCount, ClassCount), MaxChunkRows);

    /// <summary>Number of features each row must have.</summary>
    public int FeatureCount => _layer.InputSize;

    /// <summary>Number of classes: one more than the largest training label.</summary>
    public int ClassCount => _layer.OutputSize;

    /// <summary>Mean cross-entropy (without the L2 term) over the training rows of each epoch, as seen during the epoch.</summary>
    public IReadOnlyList<double> TrainingLoss { get; }

    /// <summary>Writes the class probabilities of each row (<see cref="ClassCount"/> values per row, summing to 1).</summary>
    /// <param name="features">Rows of <see cref="FeatureCount"/> values, row-major.</param>
    /// <param name="probabilities">Receives rows × <see cref="ClassCount"/> values.</param>
    /// <exception cref="ArgumentException">
    /// A span does not hold whole rows or the matching length, the two share memory, or a feature is not finite.
    /// </exception>
    /// <exception cref="VaeOverflowException">A class's logit came out infinite: features far outside the training data's range.</exception>
    public void PredictProbabilities(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        int rows = ScoringArguments.RowCount(features, FeatureCount, nameof(features));
        ScoringArguments.RequireLength(probabilities, rows, ClassCount, nameof(probabilities));
        ScoringArguments.RequireSeparate(features, nameof(features), probabilities, nameof(probabilities));
        ScoringArguments.RequireFinite(features, FeatureCount, "feature", nameof(features));
        float[]? scaled = ScalingBuffer(rows);
        foreach ((int start, int n) in new RowRanges(rows, ChunkRows))
        {
            Logits(features.Slice(start * FeatureCount, n * FeatureCount), n, probabilities.Slice(start * ClassCount, n * ClassCount), scaled, start);
        }

        for (int r = 0; r < rows; r++)
        {
            Activations.Softmax(probabilities.Slice(r * ClassCount, ClassCount));
        }
    }

    /// <summary>Writes the most probable class of each row.</summary>
    /// <param name="features">Rows of <see cref="FeatureCount"/> values, row-major.</param>
    /// <param name="classes">Receives one class per row.</param>
    /// <exception cref="ArgumentException">
    /// A span does not hold whole rows or the matching length, the two share memory, or a feature is not finite.
    /// </exception>
    /// <exception cref="VaeOverflowException">A class's logit came out infinite: features far outside the training data's range.</exception>
    public void Predict(ReadOnlySpan<float> features, Span<int> classes)
    {
        int rows = ScoringArguments.RowCount(features, FeatureCount, nameof(features));

        // The same memory as floats: the shared checks measure and compare memory, not the values in it.
        Span<float> classMemory = MemoryMarshal.Cast<int, float>(classes);
        ScoringArguments.RequireLength(classMemory, rows, 1, nameof(classes));
        ScoringArguments.RequireSeparate(features, nameof(features), classMemory, nameof(classes));
        ScoringArguments.RequireFinite(features, FeatureCount, "feature", nameof(features));
        Classify(features, rows, classes, firstRow: 0);
    }

    /// <summary>
    /// Writes the most probable class of each of <paramref name="rows"/> checked rows, which an overflow names counting
    /// from <paramref name="firstRow"/>.
    /// </summary>
    private void Classify(ReadOnlySpan<float> features, int rows, Span<int> classes, long firstRow)
    {
        // The softmax is monotonic, so the largest logit already names the class.
        var logits = new float[Math.Min(rows, ChunkRows) * ClassCount];
        float[]? scaled = ScalingBuffer(rows);
        foreach ((int start, int n) in new RowRanges(rows, ChunkRows))
        {
            Logits(features.Slice(start * FeatureCount, n * FeatureCount), n, logits.AsSpan(0, n * ClassCount), scaled, firstRow + start);
            for (int r = 0; r < n; r++)
            {
                classes[start + r] = TensorPrimitives.IndexOfMax<float>(logits.AsSpan(r * ClassCount, ClassCount));
            }
        }
    }

    /// <summary>
    /// Where a standardized model scales a chunk of up to <paramref name="rows"/> rows, leaving the caller's as they are;
    /// null for a model without scaling. Each call takes its own, so that threads can predict at once.
    /// </summary>
    private float[]? ScalingBuffer(int rows) => _scaling is null ? null : new float[Math.Min(rows, ChunkRows) * FeatureCount];

    /// <summary>
    /// Writes the logits of <paramref name="rows"/> checked rows, scaled first in <paramref name="scaled"/> (from
    /// <see cref="ScalingBuffer"/>) if the model was trained standardized; an overflow names rows counting from
    /// <paramref name="firstRow"/>.
    /// </summary>
    private void Logits(ReadOnlySpan<float> features, int rows, Span<float> logits, float[]? scaled, long firstRow)
    {
        if (_scaling is not null)
        {
            Span<float> scaledRows = scaled.AsSpan(0, features.Length);
            features.CopyTo(scaledRows);
            _scaling.Apply(scaledRows);
            features = scaledRows;
        }

        ForwardPass.Dense(_gemm.Value, _layer, features, rows, logits);
        RequireFiniteLogits(logits, firstRow);
    }

    /// <summary>
    /// Refuses logits past float32, which finite features far larger than the training data's give: the softmax of ∞
    /// is NaN, and the largest of several infinite logits names no class.
    /// </summary>
    private void RequireFiniteLogits(ReadOnlySpan<float> logits, long firstRow) =>
        ScoringArguments.RequireFiniteOutput(logits, ClassCount, "logit vector", ScoringArguments.FeaturesFarOutside, firstRow);

    /// <summary>The fraction of rows of <paramref name="data"/> whose predicted class equals their label.</summary>
    /// <param name="data">Labelled rows with <see cref="FeatureCount"/> features.</param>
    /// <exception cref="ArgumentException">The data has no rows, no labels or not one per row, or not <see cref="FeatureCount"/> features.</exception>
    /// <exception cref="VaeDataException">A feature is not finite; the exception names its row and column.</exception>
    /// <exception cref="VaeOverflowException">A class's logit came out infinite: features far outside the training data's range.</exception>
    public double Accuracy(VaeDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        IReadOnlyList<int> labels = data.Labels
            ?? throw new ArgumentException("The dataset has no labels, so accuracy cannot be measured; load it with its labels.", nameof(data));
        ScoringArguments.RequireRows(data, nameof(data));
        if (data.FeatureCount != FeatureCount)
        {
            throw new ArgumentException($"The data has {data.FeatureCount} features but the model takes {FeatureCount}.", nameof(data));
        }

        int rowCount = data.RowCount;
        int correct = 0;
        var predicted = new int[Math.Min(VaeDataset.ChunkRowsOf(FeatureCount), rowCount)];
        data.ForEachChunk(rowCount, FeatureCount, (start, features) =>
        {
            int n = features.Length / FeatureCount;

            // Checked here rather than by Predict, whose ArgumentException names no dataset's row.
            ScoringArguments.RequireFiniteRows(features, start, FeatureCount, data.FeatureNames);
            Classify(features, n, predicted.AsSpan(0, n), start);
            for (int i = 0; i < n; i++)
            {
                correct += predicted[i] == labels[start + i] ? 1 : 0;
            }
        });

        return correct / (double)rowCount;
    }
}
