namespace Vae.MLNet.Imaging;

/// <summary>
/// PNG filter method 0: each scanline is stored as a filter-type byte followed by the row's bytes transformed by one
/// of five predictors (None, Sub, Up, Average, Paeth). The choice only affects file size, so the row gets the
/// predictor whose output has the smallest sum of magnitudes (bytes read as signed), the heuristic the PNG
/// specification suggests: small residuals compress well.
/// </summary>
internal static class PngRowFilter
{
    private const int FilterCount = 5;

    /// <summary>
    /// Writes the filter-type byte and filtered bytes of <paramref name="row"/> into <paramref name="destination"/>
    /// (length row + 1), using <paramref name="scratch"/> (same length) for trial encodings.
    /// </summary>
    /// <param name="row">The raw scanline.</param>
    /// <param name="prior">The previous raw scanline; all zeros for the first row, as the specification defines.</param>
    /// <param name="bytesPerPixel">Distance to the corresponding byte of the pixel on the left.</param>
    /// <param name="destination">Receives the chosen encoding.</param>
    /// <param name="scratch">Working space.</param>
    public static void EncodeBest(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bytesPerPixel, Span<byte> destination, Span<byte> scratch)
    {
        long bestScore = long.MaxValue;
        for (byte type = 0; type < FilterCount; type++)
        {
            Span<byte> candidate = bestScore == long.MaxValue ? destination : scratch;
            long score = Encode(type, row, prior, bytesPerPixel, candidate);
            if (score < bestScore)
            {
                bestScore = score;
                if (candidate != destination)
                {
                    candidate.CopyTo(destination);
                }
            }
        }
    }

    /// <summary>Encodes with one filter type and returns the sum-of-magnitudes score.</summary>
    internal static long Encode(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bytesPerPixel, Span<byte> destination)
    {
        destination[0] = type;
        long score = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
            int up = prior[i];
            int upLeft = i >= bytesPerPixel ? prior[i - bytesPerPixel] : 0;
            int predictor = type switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) >> 1,
                _ => Paeth(left, up, upLeft),
            };
            byte residual = unchecked((byte)(row[i] - predictor));
            destination[i + 1] = residual;
            score += Math.Abs((int)(sbyte)residual);
        }

        return score;
    }

    /// <summary>The Paeth predictor: whichever neighbour is closest to left + up − upLeft, ties to left, then up.</summary>
    internal static int Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int distanceLeft = Math.Abs(estimate - left);
        int distanceUp = Math.Abs(estimate - up);
        int distanceUpLeft = Math.Abs(estimate - upLeft);
        if (distanceLeft <= distanceUp && distanceLeft <= distanceUpLeft)
        {
            return left;
        }

        return distanceUp <= distanceUpLeft ? up : upLeft;
    }
}
