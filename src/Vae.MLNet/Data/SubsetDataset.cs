namespace Vae.MLNet.Data;

/// <summary>A view of some rows of another dataset, in a given order, sharing its storage.</summary>
internal sealed class SubsetDataset : VaeDataset
{
    private readonly VaeDataset _source;
    private readonly int[] _rows;
    // Read-only: an array handed out as a list could be cast back and written.
    private readonly IReadOnlyList<int>? _labels;

    public SubsetDataset(VaeDataset source, int[] rows)
    {
        _source = source;
        _rows = rows;
        _labels = source.Labels is { } labels ? Array.AsReadOnly(rows.Select(r => labels[r]).ToArray()) : null;
    }

    public override int RowCount => _rows.Length;

    public override int FeatureCount => _source.FeatureCount;

    public override IReadOnlyList<int>? Labels => _labels;

    public override IReadOnlyList<string>? LabelNames => _source.LabelNames;

    public override IReadOnlyList<string>? FeatureNames => _source.FeatureNames;

    public override VaeImageShape? ImageShape => _source.ImageShape;

    public override IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => _source.CategoricalFeatures;

    internal override VaeBinarization? RowBinarization => _source.RowBinarization;

    internal override VaeDataset WithFixedRows(int draw) => WithFixedRowsOf(_source, draw, fixedSource => new SubsetDataset(fixedSource, _rows));

    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        CheckCopyArguments(rowIndices, destination);
        Span<int> sourceRows = rowIndices.Length <= 1024 ? stackalloc int[rowIndices.Length] : new int[rowIndices.Length];
        for (int i = 0; i < rowIndices.Length; i++)
        {
            sourceRows[i] = _rows[rowIndices[i]];
        }

        _source.CopyRows(sourceRows, destination);
    }
}
