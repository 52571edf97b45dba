namespace Vae.MLNet.Numerics;

/// <summary>
/// Nearly equal contiguous parts of a count of items, cut by the count and the number of parts alone, wherever work or
/// weights are shared out: rows of a batch between shards and BLAS calls, k-blocks of a product, layers between runs.
/// </summary>
internal static class EqualParts
{
    /// <summary>
    /// Where the <paramref name="part"/>-th of <paramref name="parts"/> parts of <paramref name="length"/> items starts,
    /// ⌊length·part/parts⌋: part 0 starts at 0 and part <paramref name="parts"/> at <paramref name="length"/>.
    /// </summary>
    public static int Start(int length, int part, int parts) => (int)((long)length * part / parts);

    /// <summary>The <paramref name="part"/>-th of <paramref name="parts"/> parts of <paramref name="length"/> items.</summary>
    public static Range Of(int length, int part, int parts) => Start(length, part, parts)..Start(length, part + 1, parts);
}
