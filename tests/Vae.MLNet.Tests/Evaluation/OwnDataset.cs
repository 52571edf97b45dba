using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Evaluation;

/// <summary>
/// A dataset of one's own: the first <paramref name="rowCount"/> rows of the source, row <paramref name="nanRow"/> reading
/// <paramref name="badValue"/> (NaN unless given) in column <paramref name="badColumn"/> (1 unless given), with the
/// <paramref name="labels"/> given (none unless given).
/// </summary>
internal sealed class OwnDataset(
    VaeDataset source, int rowCount, int? nanRow, float badValue = float.NaN, IReadOnlyList<int>? labels = null, IReadOnlyList<string>? labelNames = null, int badColumn = 1)
    : VaeDataset
{
    public override int RowCount => rowCount;

    public override int FeatureCount => source.FeatureCount;

    public override IReadOnlyList<int>? Labels => labels;

    public override IReadOnlyList<string>? LabelNames => labelNames;

    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        source.CopyRows(rowIndices, destination);
        int at = nanRow is { } row ? rowIndices.IndexOf(row) : -1;
        if (at >= 0)
        {
            destination[(at * FeatureCount) + badColumn] = badValue;
        }
    }
}
