using Vae.MLNet.Numerics;

namespace Vae.MLNet.Data;

/// <summary>
/// A dataset over row-major float arrays read in place: a caller's one array, or the blocks of whole rows a CSV reading
/// keeps (<see cref="RowBlocks"/>), whose categorical cells stay codes until a row is copied out (<see cref="OneHotExpansion"/>).
/// </summary>
internal sealed class ArrayDataset : VaeDataset
{
    private readonly float[][] _blocks;

    // The index of each block's first row, ascending, for finding a row's block.
    private readonly int[] _firstRows;
    private readonly int _rowCount;
    private readonly int _featureCount;
    // Values a row is stored as: the features, or with an expansion, the values it expands.
    private readonly int _storedWidth;
    private readonly OneHotExpansion? _expansion;
    // Read-only: an array handed out as a list could be cast back and written.
    private readonly IReadOnlyList<int>? _labels;
    private readonly IReadOnlyList<string>? _labelNames;
    private readonly IReadOnlyList<string>? _featureNames;
    private readonly IReadOnlyList<VaeCategoricalFeature>? _categoricalFeatures;

    /// <summary>A dataset over a caller's one array of features, read in place; its labels are copied, as they are few beside the features.</summary>
    public ArrayDataset(float[] features, int featureCount, int[]? labels, IReadOnlyList<string>? featureNames, IReadOnlyList<VaeCategoricalFeature>? categoricalFeatures = null)
        : this([features ?? throw new ArgumentNullException(nameof(features))], featureCount, labels?.ToArray(), featureNames, nameof(features), categoricalFeatures)
    {
    }

    /// <param name="blocks">Row-major blocks of whole rows, in row order.</param>
    /// <param name="featureCount">Values per row.</param>
    /// <param name="labels">One label per row, or null.</param>
    /// <param name="featureNames">One name per feature, or null.</param>
    /// <param name="valuesName">How the caller names the values, for its exceptions.</param>
    /// <param name="categoricalFeatures">The one-hot features of categorical columns, or null.</param>
    /// <param name="labelNames">The class names <paramref name="labels"/> index, or null.</param>
    /// <param name="expansion">
    /// How a stored row becomes its <paramref name="featureCount"/> features, the blocks holding rows of its
    /// <see cref="OneHotExpansion.ReadWidth"/> values; or null for blocks of the features themselves.
    /// </param>
    public ArrayDataset(
        float[][] blocks,
        int featureCount,
        int[]? labels,
        IReadOnlyList<string>? featureNames,
        string valuesName = "blocks",
        IReadOnlyList<VaeCategoricalFeature>? categoricalFeatures = null,
        IReadOnlyList<string>? labelNames = null,
        OneHotExpansion? expansion = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        int width = expansion?.ReadWidth ?? featureCount;
        _firstRows = new int[blocks.Length];
        long rows = 0;
        for (int b = 0; b < blocks.Length; b++)
        {
            float[] block = blocks[b];

            // An empty block would share its first row with the next one, and a row's search could land on it.
            if (block.Length == 0 && blocks.Length > 1)
            {
                throw new ArgumentException($"Block {b} of {blocks.Length} is empty; every block must hold at least one row.", valuesName);
            }

            if (block.Length % width != 0)
            {
                throw new ArgumentException(
                    $"{block.Length} values do not split into rows of {width} features; the array must hold rows × {nameof(featureCount)} values.",
                    valuesName);
            }

            int bad = FiniteValues.IndexOfNonFinite(block);
            if (bad >= 0)
            {
                throw VaeDataException.InFeature(
                    rows + (bad / width), expansion?.FeatureOf(bad % width) ?? bad % width, block[bad], FiniteValues.Requirement, featureNames);
            }

            _firstRows[b] = (int)rows;
            rows += block.Length / width;
        }

        if (rows == 0)
        {
            throw new ArgumentException("The dataset has no rows; pass at least one row of features.", valuesName);
        }

        if (labels is not null && labels.Length != rows)
        {
            throw new ArgumentException($"There are {labels.Length} labels for {rows} rows; give one label per row.", nameof(labels));
        }

        _blocks = blocks;
        _rowCount = (int)rows;
        _featureCount = featureCount;
        _storedWidth = width;
        _expansion = expansion;
        _labels = labels is null ? null : Array.AsReadOnly(labels);
        _labelNames = labelNames;
        _featureNames = featureNames is null ? null : Array.AsReadOnly(FeatureNaming.Validated(featureNames, featureCount, nameof(featureNames)));
        _categoricalFeatures = categoricalFeatures is null ? null
            : VaeCategoricalFeature.Validated(categoricalFeatures, featureCount, _featureNames, nameof(categoricalFeatures)) is { } valid ? Array.AsReadOnly(valid)
            : null;
    }

    public override int RowCount => _rowCount;

    public override int FeatureCount => _featureCount;

    public override IReadOnlyList<int>? Labels => _labels;

    public override IReadOnlyList<string>? LabelNames => _labelNames;

    public override IReadOnlyList<string>? FeatureNames => _featureNames;

    public override IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => _categoricalFeatures;

    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        CheckCopyArguments(rowIndices, destination);
        for (int i = 0; i < rowIndices.Length; i++)
        {
            int row = rowIndices[i];
            int block = _blocks.Length == 1 ? 0 : BlockOf(row);
            ReadOnlySpan<float> stored = _blocks[block].AsSpan((row - _firstRows[block]) * _storedWidth, _storedWidth);
            Span<float> features = destination.Slice(i * _featureCount, _featureCount);
            if (_expansion is null)
            {
                stored.CopyTo(features);
            }
            else
            {
                _expansion.Expand(stored, features);
            }
        }
    }

    private int BlockOf(int row)
    {
        int found = Array.BinarySearch(_firstRows, row);
        return found >= 0 ? found : ~found - 1;
    }
}
