using Vae.MLNet.Data;

namespace Vae.MLNet.Tests;

/// <summary>A dataset of one's own: another dataset's rows and categorical features under names it chooses, for tests of what is done with such names.</summary>
internal sealed class RenamedRows(VaeDataset rows, IReadOnlyList<string> names) : VaeDataset
{
    public override int RowCount => rows.RowCount;

    public override int FeatureCount => rows.FeatureCount;

    public override IReadOnlyList<string>? FeatureNames => names;

    public override IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => rows.CategoricalFeatures;

    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination) => rows.CopyRows(rowIndices, destination);
}
