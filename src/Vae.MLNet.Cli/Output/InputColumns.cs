using Vae.MLNet.Cli.Input;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The input rows repeated in per-row CSV output (x_0 … x_{D−1}, then label when there are labels), so each output row
/// stands on its own. The names are numbered whatever the input's header says, so that output has the same columns
/// for CSV and IDX input, and no input name can clash with an output's.
/// </summary>
internal static class InputColumns
{
    /// <summary>The column names and blocks of the input; <paramref name="features"/> is the data as one row-major array.</summary>
    public static (List<string> Header, List<CsvBlock> Blocks) Of(LoadedData input, float[] features)
    {
        var header = CsvFormat.Numbered("x", input.Data.FeatureCount).ToList();
        var blocks = new List<CsvBlock> { (features, input.Data.FeatureCount) };
        if (input.Data.Labels is { } labels)
        {
            header.Add("label");
            blocks.Add(CsvBlock.Integers(labels));
        }

        return (header, blocks);
    }
}
