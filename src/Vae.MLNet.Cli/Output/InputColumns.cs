using Vae.MLNet.Cli.Input;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The input rows repeated in per-row CSV output (x_0 … x_{D−1}, then label when there are labels), so each output row
/// stands on its own. The names are numbered whatever the input's header says, so that output has the same columns
/// for CSV and IDX input, and no input name can clash with an output's.
/// </summary>
internal static class InputColumns
{
    /// <summary>The input's column names.</summary>
    public static IEnumerable<string> Header(LoadedData input) =>
        CsvFormat.Numbered("x", input.Data.FeatureCount).Concat(input.Data.Labels is null ? [] : ["label"]);

    /// <summary>The blocks of a chunk of input rows starting at row <paramref name="firstRow"/>; <paramref name="features"/> holds them row-major.</summary>
    public static IEnumerable<CsvBlock> Blocks(float[] features, int width, IReadOnlyList<int>? labels, int firstRow)
    {
        yield return (features, width);
        if (labels is not null)
        {
            yield return CsvBlock.Integers(labels, firstRow);
        }
    }
}
