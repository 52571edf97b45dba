using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Sampling;

/// <summary>
/// Generation and interpolation with a model: decoding draws from the prior N(0, T²I), and decoding points on the line
/// between two rows' latent means.
/// </summary>
internal static class LatentSampling
{
    /// <summary>Decodes <paramref name="count"/> latent vectors drawn from N(0, T²I) with a seeded generator.</summary>
    /// <returns>The decoded rows, row-major.</returns>
    public static float[] GeneratePrior(VaeModel model, int count, int seed, float temperature)
    {
        if (count < 1)
        {
            throw new CommandLineException($"--count {count} must be at least 1.");
        }

        if (!float.IsFinite(temperature) || temperature < 0)
        {
            throw new CommandLineException($"--temperature {temperature} must be a finite number ≥ 0.");
        }

        return model.Generate(count, seed, temperature);
    }

    /// <summary>
    /// Encodes rows <paramref name="from"/> and <paramref name="to"/> of <paramref name="data"/> and decodes
    /// <paramref name="steps"/> evenly spaced points from the first latent mean to the second, both included.
    /// </summary>
    /// <returns>The decoded rows, row-major, first row = reconstruction of <paramref name="from"/>.</returns>
    public static float[] Interpolate(VaeModel model, VaeDataset data, int from, int to, int steps)
    {
        RequireRow(data, from, "--from");
        RequireRow(data, to, "--to");
        if (steps < 2)
        {
            throw new CommandLineException($"--steps {steps} must be at least 2, to include both ends.");
        }

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
