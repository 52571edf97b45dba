namespace Vae.MLNet.Data;

/// <summary>A view of another dataset whose labels are the indices of the given class names, sharing its storage.</summary>
internal sealed class LabelNamedDataset : VaeDataset
{
    private readonly VaeDataset _source;
    private readonly IReadOnlyList<string> _labelNames;

    public LabelNamedDataset(VaeDataset source, IReadOnlyList<string> labelNames)
    {
        _source = source;
        _labelNames = labelNames;
    }

    public override int RowCount => _source.RowCount;

    public override int FeatureCount => _source.FeatureCount;

    public override IReadOnlyList<int>? Labels => _source.Labels;

    public override IReadOnlyList<string>? LabelNames => _labelNames;

    public override IReadOnlyList<string>? FeatureNames => _source.FeatureNames;

    public override VaeImageShape? ImageShape => _source.ImageShape;

    public override IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => _source.CategoricalFeatures;

    internal override VaeBinarization? RowBinarization => _source.RowBinarization;

    internal override VaeDataset WithFixedRows(int draw) => WithFixedRowsOf(_source, draw, fixedSource => new LabelNamedDataset(fixedSource, _labelNames));

    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        CheckCopyArguments(rowIndices, destination);
        _source.CopyRows(rowIndices, destination);
    }
}
