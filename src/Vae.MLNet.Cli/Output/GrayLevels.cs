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
internal readonly record struct GrayLevels(float Black, float White)
{
    /// <summary>
    /// [0, 1] for a Bernoulli model without input scaling, whose rows and outputs are probabilities; otherwise the range of
    /// <paramref name="reference"/>, e.g. the rows shown, so that every picture of one command shares one scale.
    /// </summary>
    public static GrayLevels For(VaeModel model, ReadOnlySpan<float> reference)
    {
        if (ScoringArguments.ScoresUnitIntervalOnly(model.Likelihood, model.Scaling))
        {
            return new GrayLevels(0f, 1f);
        }

        float black = TensorPrimitives.Min(reference);
        float white = TensorPrimitives.Max(reference);
        return white > black ? new GrayLevels(black, white) : new GrayLevels(black, black + 1f);
    }

    /// <summary>A copy of <paramref name="values"/> with <see cref="Black"/> at 0 and <see cref="White"/> at 1.</summary>
    public float[] Map(float[] values)
    {
        var levels = new float[values.Length];
        TensorPrimitives.Subtract(values, Black, levels);
        TensorPrimitives.Multiply(levels, 1f / (White - Black), levels);
        return levels;
    }
}
