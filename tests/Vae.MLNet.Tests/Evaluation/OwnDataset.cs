using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Evaluation;

/// <summary>A dataset of one's own: the first <paramref name="rowCount"/> rows of the source, row <paramref name="nanRow"/> reading NaN in column 1.</summary>
internal sealed class OwnDataset(VaeDataset source, int rowCount, int? nanRow) : VaeDataset
{
    public override int RowCount => rowCount;

    public override int FeatureCount => source.FeatureCount;

    public override IReadOnlyList<int>? Labels => null;

    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        source.CopyRows(rowIndices, destination);
        int at = nanRow is { } row ? rowIndices.IndexOf(row) : -1;
        if (at >= 0)
        {
            destination[(at * FeatureCount) + 1] = float.NaN;
        }
    }
}
