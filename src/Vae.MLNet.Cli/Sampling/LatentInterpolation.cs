using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Sampling;

/// <summary>
/// Interpolation with a model: decoding points on the line between two rows' latent means.
/// </summary>
internal static class LatentInterpolation
{
    /// <summary>
    /// Encodes rows <paramref name="from"/> and <paramref name="to"/> of <paramref name="data"/> and decodes
    /// <paramref name="steps"/> evenly spaced points from the first latent mean to the second, both included.
    /// </summary>
    /// <returns>The decoded rows, row-major, first row = reconstruction of <paramref name="from"/>.</returns>
    public static float[] Interpolate(VaeModel model, VaeDataset data, int from, int to, int steps)
    {
        RequireRow(data, from, "--from");
        RequireRow(data, to, "--to");

        int d = model.InputDimension;
        int k = model.LatentDimension;
        var ends = new float[2 * d];
        data.CopyRows([from, to], ends);
        var means = new float[2 * k];
        model.Encode(ends, means, new float[2 * k]);
        return model.Interpolate(means.AsSpan(0, k), means.AsSpan(k, k), steps);
    }

    private static void RequireRow(VaeDataset data, int row, string option)
    {
        if (row < 0 || row >= data.RowCount)
        {
            throw new CommandLineException($"{option} {row} is not a row of the data, which has rows 0 to {data.RowCount - 1}.");
        }
    }
}
