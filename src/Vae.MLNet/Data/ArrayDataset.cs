using Vae.MLNet.Numerics;

namespace Vae.MLNet.Data;

/// <summary>A dataset over a caller's row-major float array.</summary>
internal sealed class ArrayDataset : VaeDataset
{
    private readonly float[] _features;
    private readonly int _featureCount;
    private readonly int[]? _labels;
    private readonly IReadOnlyList<string>? _featureNames;

    public ArrayDataset(float[] features, int featureCount, int[]? labels, IReadOnlyList<string>? featureNames)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (features.Length == 0)
        {
            throw new ArgumentException("The dataset has no rows; pass at least one row of features.", nameof(features));
        }

        if (features.Length % featureCount != 0)
        {
            throw new ArgumentException(
                $"{features.Length} values do not split into rows of {featureCount} features; the array must hold rows × {nameof(featureCount)} values.",
                nameof(features));
        }

        int rows = features.Length / featureCount;
        if (labels is not null && labels.Length != rows)
        {
            throw new ArgumentException($"There are {labels.Length} labels for {rows} rows; give one label per row.", nameof(labels));
        }

        int bad = FiniteValues.IndexOfNonFinite(features);
        if (bad >= 0)
        {
            throw VaeDataException.InFeature(bad / featureCount, bad % featureCount, features[bad], FiniteValues.Requirement);
        }

        _features = features;
        _featureCount = featureCount;
        _labels = labels;
        _featureNames = featureNames is null ? null : Array.AsReadOnly(FeatureNaming.Validated(featureNames, featureCount, nameof(featureNames)));
    }

    /// <summary>The rows as stored, row-major, for a caller that needs them whole (the command line); not to be written.</summary>
    internal float[] Values => _features;

    public override int RowCount => _features.Length / _featureCount;

    public override int FeatureCount => _featureCount;

    public override IReadOnlyList<int>? Labels => _labels;

    public override IReadOnlyList<string>? FeatureNames => _featureNames;

    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        CheckCopyArguments(rowIndices, destination);
        for (int i = 0; i < rowIndices.Length; i++)
        {
            _features.AsSpan(rowIndices[i] * _featureCount, _featureCount).CopyTo(destination.Slice(i * _featureCount, _featureCount));
        }
    }
}
