namespace Vae.MLNet.Data;

/// <summary>
/// Builds an in-memory dataset by passing another dataset's rows, <see cref="VaeDataset.ChunkRows"/> at a time, through
/// a row transform.
/// </summary>
internal static class DatasetMap
{
    /// <summary>
    /// Applies <paramref name="transform"/> (the dataset's row of the first row in the chunk, rows of
    /// <see cref="VaeDataset.FeatureCount"/> values in, rows of <paramref name="outputWidth"/> values out) to every row and
    /// keeps the labels and their class names.
    /// </summary>
    public static VaeDataset Apply(VaeDataset data, int outputWidth, Action<long, ReadOnlySpan<float>, Span<float>> transform)
    {
        var output = new float[checked(data.RowCount * outputWidth)];
        data.ForEachChunk((start, chunk) =>
        {
            int rows = chunk.Length / data.FeatureCount;
            transform(start, chunk, output.AsSpan(start * outputWidth, rows * outputWidth));
        });

        return new ArrayDataset([output], outputWidth, data.Labels?.ToArray(), featureNames: null, labelNames: data.LabelNames);
    }
}
