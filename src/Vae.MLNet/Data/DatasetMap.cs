namespace Vae.MLNet.Data;

/// <summary>Builds an in-memory dataset by passing another dataset's rows, chunk by chunk, through a row transform.</summary>
internal static class DatasetMap
{
    /// <summary>Rows per call of the transform, so a large dataset is never copied whole as floats.</summary>
    public const int ChunkRows = 1024;

    /// <summary>
    /// Applies <paramref name="transform"/> (rows of <see cref="VaeDataset.FeatureCount"/> values in, rows of
    /// <paramref name="outputWidth"/> values out) to every row and keeps the labels.
    /// </summary>
    public static VaeDataset Apply(VaeDataset data, int outputWidth, Action<ReadOnlySpan<float>, Span<float>> transform)
    {
        int d = data.FeatureCount;
        var output = new float[checked(data.RowCount * outputWidth)];
        var indices = new int[ChunkRows];
        var chunk = new float[ChunkRows * d];
        for (int start = 0; start < data.RowCount; start += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, data.RowCount - start);
            for (int i = 0; i < rows; i++)
            {
                indices[i] = start + i;
            }

            data.CopyRows(indices.AsSpan(0, rows), chunk);
            transform(chunk.AsSpan(0, rows * d), output.AsSpan(start * outputWidth, rows * outputWidth));
        }

        return VaeDataset.FromArray(output, outputWidth, data.Labels?.ToArray());
    }
}
