namespace Vae.MLNet.Data;

/// <summary>
/// Builds an in-memory dataset by passing another dataset's rows, a chunk of <see cref="VaeDataset.ForEachChunk"/> at a
/// time, through a row transform.
/// </summary>
internal static class DatasetMap
{
    /// <summary>
    /// The values of an output block, unless one chunk's outputs are more. A dataset of one's own may have more rows than
    /// one array could hold outputs for, so the outputs go into blocks of whole chunks: each chunk lands in one block, and
    /// chunks are cut short where the outputs of <see cref="VaeDataset.ChunkRows"/> rows would not fit in one array.
    /// </summary>
    public const int BlockValues = 1 << 24;

    /// <summary>
    /// Applies <paramref name="transform"/> (the dataset's row of the first row in the chunk, rows of
    /// <see cref="VaeDataset.FeatureCount"/> values in, rows of <paramref name="outputWidth"/> values out) to every row and
    /// keeps the labels and their class names.
    /// </summary>
    public static VaeDataset Apply(
        VaeDataset data, int outputWidth, Action<long, ReadOnlySpan<float>, Span<float>> transform, int blockValues = BlockValues)
    {
        // Chunk row counts are powers of two, the narrower rows' no fewer than the wider's, so chunks tile these blocks.
        int outputChunkRows = VaeDataset.ChunkRowsOf(outputWidth);
        int blockRows = outputChunkRows * Math.Max(1, blockValues / (outputChunkRows * outputWidth));
        int rowCount = data.RowCount;
        int featureCount = data.FeatureCount;
        var blocks = new float[((rowCount - 1) / blockRows) + 1][];
        for (int b = 0; b < blocks.Length; b++)
        {
            blocks[b] = new float[Math.Min(blockRows, rowCount - (b * blockRows)) * outputWidth];
        }

        data.ForEachChunk(rowCount, featureCount, (start, chunk) =>
        {
            int rows = chunk.Length / featureCount;
            transform(start, chunk, blocks[start / blockRows].AsSpan(start % blockRows * outputWidth, rows * outputWidth));
        },
        outputWidth);

        return new ArrayDataset(blocks, outputWidth, data.Labels?.ToArray(), featureNames: null, labelNames: data.LabelNames);
    }
}
