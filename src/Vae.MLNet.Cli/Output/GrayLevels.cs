using System.Numerics.Tensors;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The feature values a picture draws as black and as white. <see cref="Imaging.ImageGrid"/> draws values in [0, 1],
/// but rows, reconstructions and samples are in the units of the training data (0–16 for the 8×8 digits, anything for a
/// Gaussian model), which it would clamp to white; they are mapped onto [0, 1] first.
/// </summary>
/// <param name="Black">The value drawn black.</param>
/// <param name="White">The value drawn white; greater than <paramref name="Black"/>.</param>
/// <remarks>
/// Double, not float32: the width of a range of finite float32 values can overflow float32 (−3e38 to 3e38), and so can
/// the white above a row of one large value, or a value's distance from black over a narrow width (0 to 1e-45).
/// </remarks>
internal readonly record struct GrayLevels(double Black, double White)
{
    /// <summary>
    /// [0, 1] for a Bernoulli model without input scaling, whose rows and outputs are probabilities; otherwise the range of
    /// <paramref name="reference"/>, e.g. the rows shown, so that every picture of one command shares one scale. Rows of
    /// one value draw it black, with white as far above as the value is from 0 (at least 1), so that values near it
    /// still draw as grays whatever its size.
    /// </summary>
    public static GrayLevels For(VaeModel model, ReadOnlySpan<float> reference)
    {
        if (ScoringArguments.ScoresUnitIntervalOnly(model.Likelihood, model.Scaling))
        {
            return new GrayLevels(0, 1);
        }

        double black = TensorPrimitives.Min(reference);
        double white = TensorPrimitives.Max(reference);
        return white > black ? new GrayLevels(black, white) : new GrayLevels(black, black + Math.Max(1, Math.Abs(black)));
    }

    /// <summary>
    /// A copy of <paramref name="values"/> with <see cref="Black"/> at 0 and <see cref="White"/> at 1, and values beyond
    /// them at 0 and 1, as <see cref="Imaging.ImageGrid"/> draws them anyway; NaN stays NaN.
    /// </summary>
    public float[] Map(float[] values)
    {
        // Clamped before narrowing to float32, which a value far beyond a narrow range would overflow.
        var levels = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            levels[i] = (float)Math.Clamp((values[i] - Black) / (White - Black), 0, 1);
        }

        return levels;
    }
}
