namespace Vae.MLNet.Data;

/// <summary>
/// The cells files commonly write for a missing value: <c>?</c> (UCI), <c>.</c> (SAS, Stata), <c>-</c> and <c>--</c>,
/// <c>NA</c>, <c>N/A</c>, <c>#N/A</c> and <c>&lt;NA&gt;</c> (R, spreadsheets, pandas), <c>null</c>, <c>none</c>,
/// <c>nil</c> and <c>missing</c>, in any case, with any whitespace around them. Under numbers such a cell is a value
/// left out, to impute or drop, rather than the first cell of a text column.
/// </summary>
internal static class MissingValueMarkers
{
    private static readonly string[] Markers = ["?", ".", "-", "--", "NA", "N/A", "#N/A", "<NA>", "null", "none", "nil", "missing"];

    /// <summary>Whether <paramref name="cell"/> is one of the markers.</summary>
    public static bool Holds(ReadOnlySpan<char> cell)
    {
        ReadOnlySpan<char> trimmed = cell.Trim();
        foreach (string marker in Markers)
        {
            if (trimmed.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
