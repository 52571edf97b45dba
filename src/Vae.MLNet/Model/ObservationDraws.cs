using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;

namespace Vae.MLNet.Model;

/// <summary>
/// Draws rows from the decoder's observation model p(x | z) around decoded means, in the original units, for the
/// in-process model and the ONNX Runtime decoder alike: a decoded mean is what a row is expected to be, a draw is a row
/// with the spread the model learned, as synthetic data needs.
/// </summary>
internal static class ObservationDraws
{
    // Separates the draws' stream from the latent points', which the same seed starts.
    private const ulong StreamOfDraws = 0x6F62736572766564;

    /// <summary>A decoder writing the means of p(x | z) and, for the learned variance, its log-variances.</summary>
    public delegate void Decoding(ReadOnlySpan<float> latent, Span<float> means, Span<float> logVariances);

    /// <summary>Decodes <paramref name="latent"/> with <paramref name="decode"/> and draws a row around each mean.</summary>
    public static float[] Sample(VaeModel model, float[] latent, int seed, Decoding decode)
    {
        var rows = new float[latent.Length / model.LatentDimension * model.InputDimension];
        float[] logVariances = model.Likelihood == VaeLikelihood.GaussianLearnedVariance ? new float[rows.Length] : [];
        decode(latent, rows, logVariances);
        Draw(model, rows, logVariances, seed);
        return rows;
    }

    /// <summary>
    /// Replaces each value of <paramref name="rows"/>, decoded means in the original units, by a draw around it:
    /// Bernoulli features become 0 or 1 with the decoded probability (the ends of the learned range under min-max
    /// scaling), Gaussian ones get noise of the model's variance, <see cref="VaeOptions.GaussianVariance"/> on the scaled
    /// features or the decoder's own <paramref name="logVariances"/> (in the original units).
    /// </summary>
    /// <exception cref="VaeOverflowException">A draw came out infinite: the model's noise is too wide for float32 in the original units.</exception>
    private static void Draw(VaeModel model, Span<float> rows, ReadOnlySpan<float> logVariances, int seed)
    {
        int d = model.InputDimension;
        FeatureScaling? scaling = model.Scaling;
        int drawsSeed = unchecked((int)SeededRandom.Mix((ulong)(uint)seed ^ StreamOfDraws));
        if (model.Likelihood == VaeLikelihood.Bernoulli)
        {
            var uniform = new SeededRandom(drawsSeed);
            for (int i = 0; i < rows.Length; i++)
            {
                int j = i % d;
                float probability = scaling is null ? rows[i] : FeatureScaling.Scaled(rows[i], scaling.Offset[j], scaling.Scale[j]);
                float bit = uniform.NextSingle() < probability ? 1f : 0f;
                rows[i] = scaling is null ? bit : (bit / scaling.Scale[j]) + scaling.Offset[j];
            }

            return;
        }

        var noise = new float[rows.Length];
        new GaussianNoise(drawsSeed).Fill(noise);
        float fixedDeviation = MathF.Sqrt(model.Network.GaussianVariance);
        for (int i = 0; i < rows.Length; i++)
        {
            float deviation = !logVariances.IsEmpty ? MathF.Exp(0.5f * logVariances[i])
                : scaling is null ? fixedDeviation
                : fixedDeviation / scaling.Scale[i % d];
            rows[i] += deviation * noise[i];
        }

        int bad = FiniteValues.IndexOfNonFinite(rows);
        if (bad >= 0)
        {
            throw new VaeOverflowException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Generated row {bad / d}: the draw of feature {FeatureNaming.Numbered(bad % d, model.FeatureNames)} came out {rows[bad]}: the model's noise for that feature, in its original units, is too wide for float32. Generate the rows' means instead, without drawing observations."),
                bad / d)
            { InObservationDraw = true };
        }
    }
}
