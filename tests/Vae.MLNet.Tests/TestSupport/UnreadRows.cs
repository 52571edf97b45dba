using Vae.MLNet.Data;

namespace Vae.MLNet.Tests;

/// <summary>A dataset whose rows are never to be read: its shape and labels alone must decide.</summary>
internal sealed class UnreadRows(int rows, int features, IReadOnlyList<int>? labels = null) : VaeDataset
{
    public override int RowCount => rows;

    public override int FeatureCount => features;

    public override IReadOnlyList<int>? Labels => labels;

    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination) =>
        throw new AssertFailedException("no row should be read");
}
