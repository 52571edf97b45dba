using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Sampling;

/// <summary>
/// Interpolation with a model: decoding points on the line between two rows' latent means.
/// </summary>
internal static class LatentInterpolation
{
    /// <summary>
    /// Encodes rows <paramref name="from"/> and <paramref name="to"/> of <paramref name="input"/> and decodes
    /// <paramref name="steps"/> evenly spaced points from the first latent mean to the second, both included.
    /// </summary>
    /// <returns>The decoded rows, row-major, first row = reconstruction of <paramref name="from"/>.</returns>
    public static float[] Interpolate(VaeModel model, LoadedData input, int from, int to, int steps)
    {
        VaeDataset data = input.Data;
        RequireRow(input, from, "--from");
        RequireRow(input, to, "--to");

        int d = model.InputDimension;
        var ends = new float[2 * d];
        data.CopyRows([from, to], ends);
        try
        {
            return model.InterpolateRows(ends.AsSpan(0, d), ends.AsSpan(d), steps);
        }
        catch (VaeOverflowException exception) when (exception is { Row: { } row, RowProblem: { } problem })
        {
            // An encoding's rows 0 and 1 are the data's rows from and to, each told by its line.
            throw input.Explain(VaeOverflowException.InRow(row == 0 ? from : to, problem, exception));
        }
        catch (VaeOverflowException exception) when (exception.Row is null)
        {
            // A decoding's overflow names the step of the line, which no line holds; the two rows are the file's (--from
            // and --to, or pictures' first two).
            throw new CommandLineException($"interpolating from row {from} to row {to} of {input.RowsRead}: {exception.Message}", exception);
        }
    }

    private static void RequireRow(LoadedData input, int row, string option)
    {
        int count = input.Data.RowCount;
        if (row < 0 || row >= count)
        {
            throw new CommandLineException($"{option} {row} is not a row of {input.RowsRead}, which has {(count == 1 ? "only row 0" : $"rows 0 to {count - 1}")}.");
        }
    }
}
