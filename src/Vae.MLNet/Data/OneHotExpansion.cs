namespace Vae.MLNet.Data;

/// <summary>
/// How a row kept as read, one value per feature column with a category's code in a categorical one, becomes its
/// features: a numeric value as it is, a code as its column's one-hot features. Rows are kept as read and expanded only
/// as they are copied out, so a categorical column costs one value a row rather than one per category.
/// </summary>
internal sealed class OneHotExpansion
{
    // Where the features of each value read start, and for a categorical one the place of each code's category among
    // its column's features; null for a numeric one.
    private readonly int[] _offsets;
    private readonly int[]?[] _ranks;

    /// <param name="offsets">The first feature of each value of a row as read.</param>
    /// <param name="ranks">For each value of a row as read, the feature (after its offset) of each code, or null for a numeric value.</param>
    /// <param name="featureCount">Features of a row once expanded.</param>
    public OneHotExpansion(int[] offsets, int[]?[] ranks, int featureCount)
    {
        _offsets = offsets;
        _ranks = ranks;
        FeatureCount = featureCount;
    }

    /// <summary>Values of a row as read.</summary>
    public int ReadWidth => _offsets.Length;

    /// <summary>Features of a row once expanded.</summary>
    public int FeatureCount { get; }

    /// <summary>The feature at which the value at <paramref name="readColumn"/> of a row as read starts.</summary>
    public int FeatureOf(int readColumn) => _offsets[readColumn];

    /// <summary>
    /// Writes the features of the row <paramref name="read"/> into <paramref name="features"/>: a category the known
    /// ones lack (<see cref="TextCodes.Unknown"/>) makes all its column's features 0.
    /// </summary>
    public void Expand(ReadOnlySpan<float> read, Span<float> features)
    {
        features[..FeatureCount].Clear();
        for (int f = 0; f < _offsets.Length; f++)
        {
            if (_ranks[f] is not { } rank)
            {
                features[_offsets[f]] = read[f];
            }
            else if (read[f] != TextCodes.Unknown)
            {
                features[_offsets[f] + rank[(int)read[f]]] = 1f;
            }
        }
    }
}
