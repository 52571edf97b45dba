using System.Globalization;
using System.Numerics.Tensors;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Data;

/// <summary>
/// A {0, 1} view of a dataset whose features lie in [0, 1], as the Bernoulli likelihood's log-probabilities need.
/// <see cref="Stochastic"/> draws each feature as Bernoulli(value) once, the protocol of the binarized-MNIST likelihood
/// benchmarks; <see cref="Resampled"/> draws anew at every read, for training; <see cref="Threshold"/> rounds at a
/// cut-off. Rows are converted when read and share the source's storage.
/// </summary>
public sealed class BinarizedDataset : VaeDataset
{
    private readonly VaeDataset _source;
    private readonly ulong _seed;
    private readonly float? _threshold;

    // How many times each row has been read, for Resampled; null when a row reads the same every time.
    private readonly int[]? _reads;

    // The draw every read takes when a row reads the same every time: 0 for Stochastic, any for a fixed view of Resampled's.
    private readonly ulong _draw;

    private BinarizedDataset(VaeDataset source, VaeBinarization binarization, ulong seed, float? threshold, bool resampled = false, ulong draw = 0)
    {
        _source = source;
        Binarization = binarization;
        _seed = seed;
        _threshold = threshold;
        _reads = resampled ? new int[source.RowCount] : null;
        _draw = draw;
    }

    /// <inheritdoc />
    public override int RowCount => _source.RowCount;

    /// <inheritdoc />
    public override int FeatureCount => _source.FeatureCount;

    /// <inheritdoc />
    public override IReadOnlyList<int>? Labels => _source.Labels;

    /// <inheritdoc />
    public override IReadOnlyList<string>? LabelNames => _source.LabelNames;

    /// <inheritdoc />
    public override IReadOnlyList<string>? FeatureNames => _source.FeatureNames;

    /// <inheritdoc />
    public override VaeImageShape? ImageShape => _source.ImageShape;

    /// <inheritdoc />
    public override IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => _source.CategoricalFeatures;

    /// <summary>
    /// How this view turns features into 0 or 1, which a model trained on it records (<see cref="VaeTrainingHistory.Binarization"/>).
    /// </summary>
    public VaeBinarization Binarization { get; }

    /// <inheritdoc />
    internal override VaeBinarization? RowBinarization => Binarization;

    /// <summary>
    /// Each feature becomes 1 with probability equal to its value. The draw depends only on <paramref name="seed"/>, the
    /// row index and the feature index, so a row reads the same every time and in every batch, and one seed gives one
    /// fixed binarization of the whole dataset.
    /// </summary>
    /// <param name="source">Rows whose features lie in [0, 1].</param>
    /// <param name="seed">Fixes the draws.</param>
    public static BinarizedDataset Stochastic(VaeDataset source, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new BinarizedDataset(source, new VaeBinarization(VaeBinarizationKind.Stochastic, seed: seed), unchecked((ulong)seed), threshold: null);
    }

    /// <summary>
    /// Each feature becomes 1 with probability equal to its value, drawn anew every time the row is read: the draw
    /// depends on <paramref name="seed"/>, the row, the feature and the draw's number. Trained on, it is "dynamic
    /// binarization": every epoch sees a fresh binarization of the same images, which keeps a large model from
    /// memorizing one. Training reads epoch e of the model's history (counted over every run that trained it) at draw
    /// e − 1, whatever the view was read before: a run of E epochs sees draws 0 to E − 1 and is repeatable on this view
    /// or a new one, and training a model further with the same seed goes on with the draws after its epochs, as one
    /// longer run would. Rows held out for validation are read at draw 0 every epoch, the bits of
    /// <see cref="Stochastic"/> with this seed, so that the validation loss moves with the model alone. Other reads,
    /// such as evaluating on the view, take each row's next draw, counted per row (thread-safe) from 0. Training reads
    /// by epoch through this library's views of the dataset (a subset, a binarization of it), not through a
    /// <see cref="VaeDataset"/> of one's own that wraps it: through that, every read, training's included, takes the
    /// row's next draw. Evaluate on <see cref="Stochastic"/>, whose rows stay fixed.
    /// </summary>
    /// <param name="source">Rows whose features lie in [0, 1].</param>
    /// <param name="seed">Fixes the sequence of draws.</param>
    public static BinarizedDataset Resampled(VaeDataset source, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new BinarizedDataset(source, new VaeBinarization(VaeBinarizationKind.Resampled, seed: seed), unchecked((ulong)seed), threshold: null, resampled: true);
    }

    /// <summary>
    /// Each feature becomes 1 when its value exceeds <paramref name="threshold"/> and 0 otherwise. The source is read
    /// once here, to refuse a threshold that would turn data whose values differ into all zeros or all ones.
    /// </summary>
    /// <param name="source">Rows of features.</param>
    /// <param name="threshold">
    /// The cut-off; a finite number from the data's smallest value up to, not including, its largest: 0.5 for pixel
    /// intensities in [0, 1].
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="threshold"/> is not finite, or lies outside that range while the data's values differ.
    /// </exception>
    /// <exception cref="ArgumentException">The source reports no rows or no features, or not one label per row.</exception>
    public static BinarizedDataset Threshold(VaeDataset source, float threshold = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ScoringArguments.RequireRows(source, nameof(source));
        if (!float.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a finite number.");
        }

        FeatureStatistics statistics = FeatureStatistics.Compute(source);
        (float smallest, float largest) = (TensorPrimitives.Min<float>(statistics.Min), TensorPrimitives.Max<float>(statistics.Max));
        if (smallest < largest && !(smallest <= threshold && threshold < largest))
        {
            throw new ArgumentOutOfRangeException(
                nameof(threshold),
                threshold,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Every feature would become {(threshold >= largest ? 0 : 1)}: the data's values lie in [{smallest}, {largest}] and a feature becomes 1 when it exceeds the threshold. " +
                    $"Choose a threshold from {smallest} up to, not including, {largest}."));
        }

        return new BinarizedDataset(source, new VaeBinarization(VaeBinarizationKind.Threshold, threshold), seed: 0, threshold);
    }

    /// <inheritdoc />
    internal override VaeDataset WithFixedRows(int draw) => _reads is not null
        ? new BinarizedDataset(_source.WithFixedRows(draw), Binarization, _seed, threshold: null, draw: (ulong)draw)
        : WithFixedRowsOf(_source, draw, fixedSource => new BinarizedDataset(fixedSource, Binarization, _seed, _threshold, draw: _draw));

    /// <inheritdoc />
    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        CheckCopyArguments(rowIndices, destination);
        int d = FeatureCount;

        // Resampling counts each row's reads in an array sized by the source's rows when the view was made.
        if (_reads is not null)
        {
            RequireUnchanged(_reads.Length, d);
        }

        _source.CopyRows(rowIndices, destination);
        for (int i = 0; i < rowIndices.Length; i++)
        {
            Span<float> row = destination.Slice(i * d, d);
            if (_threshold is float threshold)
            {
                for (int j = 0; j < d; j++)
                {
                    row[j] = row[j] > threshold ? 1f : 0f;
                }
            }
            else
            {
                Draw(rowIndices[i], row);
            }
        }
    }

    private void Draw(int rowIndex, Span<float> row)
    {
        ulong read = _reads is null ? _draw : (ulong)(Interlocked.Increment(ref _reads[rowIndex]) - 1);
        for (int j = 0; j < row.Length; j++)
        {
            float p = row[j];
            // The model's input scaling reads this view, so it scales the bits drawn, never the probabilities.
            if (!(p >= 0f && p <= 1f))
            {
                throw VaeDataException.InFeature(
                    rowIndex, j, p,
                    $"; stochastic binarization takes each value, as the data holds it, for the probability of a 1, before any input scaling ({nameof(VaeOptions.InputScaling)}), "
                    + $"which scales only the 0s and 1s drawn; so the values must already lie in [0, 1]: rescale the data beforehand, or binarize at a threshold within their range ({nameof(Threshold)}).",
                    FeatureNames);
            }

            row[j] = Uniform((((read * (ulong)RowCount) + (ulong)rowIndex) * (ulong)row.Length) + (ulong)j) < p ? 1f : 0f;
        }
    }

    /// <summary>
    /// A uniform in [0, 1) from the SplitMix64 finalizer of (seed, position). Hashing the position instead of advancing
    /// a generator is what makes a row's draws independent of which rows were read before it.
    /// </summary>
    private float Uniform(ulong position) =>
        SeededRandom.UnitSingle(SeededRandom.Mix(unchecked(position + (_seed * SeededRandom.GoldenGamma) + 0x632BE59BD9B4E019UL)));
}
