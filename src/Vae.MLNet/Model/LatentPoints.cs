using System.Globalization;
using System.Numerics.Tensors;
using Vae.MLNet.Training;
using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet.Model;

/// <summary>
/// The latent points that generation and interpolation decode, checked and built in one place for the in-process
/// model and the ONNX Runtime decoder.
/// </summary>
internal static class LatentPoints
{
    /// <summary>Writes the latent means, and log-variances unless that span is empty, of rows of features.</summary>
    public delegate void Encoding(ReadOnlySpan<float> features, Span<float> latentMeans, Span<float> latentLogVariances);

    /// <summary>
    /// The largest temperature T whose draws T·z all stay within float32, for |z| up to <see cref="GaussianNoise.MaxMagnitude"/>:
    /// about 3.9697e37. The quotient is a double, as a float32 one could round up past it.
    /// </summary>
    public static readonly double MaxTemperature = float.MaxValue / (double)GaussianNoise.MaxMagnitude;

    // Three digits rounded down, as a bound a message advises must be one the check accepts: 3.96e+37.
    private static readonly string MaxTemperatureText = string.Create(
        CultureInfo.InvariantCulture, $"{Math.Floor(MaxTemperature / 1e35) / 100:0.00}e+37");

    /// <summary>
    /// Refuses fewer than one point, a temperature <see cref="RequireTemperature"/> refuses, or more points than arrays of
    /// them or of their decodings can hold, in that order.
    /// </summary>
    /// <param name="count">Points asked for.</param>
    /// <param name="latentDimension">K.</param>
    /// <param name="decodedWidth">D, so that the decoded rows are known to fit in one array.</param>
    /// <param name="temperature">Standard deviation T of the draws.</param>
    /// <param name="countName">How the caller's public method names <paramref name="count"/>, for its exceptions.</param>
    public static void RequirePriorDraws(int count, int latentDimension, int decodedWidth, float temperature, string countName = "count")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, countName);
        RequireTemperature(temperature);
        RequireArrayFits(count, Math.Max(latentDimension, decodedWidth), countName);
    }

    /// <summary>
    /// Refuses a temperature that is negative or not finite, or above <see cref="MaxTemperature"/>. Every draw at a
    /// temperature it takes is finite, so draws made later, a block at a time or as a data view's rows are read, cannot
    /// fail where no argument is given.
    /// </summary>
    public static void RequireTemperature(float temperature)
    {
        if (!float.IsFinite(temperature) || temperature < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a finite number, 0 or greater.");
        }

        if (temperature > MaxTemperature)
        {
            throw new ArgumentOutOfRangeException(
                nameof(temperature),
                temperature,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Draws at this temperature can overflow float32, the standard normal values it multiplies reaching {GaussianNoise.MaxMagnitude:0.###}; use a temperature of at most {MaxTemperatureText}, and near 1 for rows like the training data (below 1 for typical-looking ones)."));
        }
    }

    /// <summary>
    /// Fills <paramref name="latent"/> with the next draws of <paramref name="noise"/>, times <paramref name="temperature"/>,
    /// one <see cref="RequireTemperature"/> takes, so every draw is finite.
    /// </summary>
    public static void DrawFromPrior(GaussianNoise noise, float temperature, Span<float> latent)
    {
        noise.Fill(latent);
        TensorPrimitives.Multiply(latent, temperature, latent);
    }

    /// <summary>Refuses fewer than two steps, or more than arrays of their latent points or decodings can hold.</summary>
    public static void RequireSteps(int steps, int latentDimension, int decodedWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        RequireArrayFits(steps, Math.Max(latentDimension, decodedWidth), nameof(steps));
    }

    /// <summary>
    /// <paramref name="steps"/> evenly spaced points on the straight line from <paramref name="latentA"/> to
    /// <paramref name="latentB"/>: point i is (1 − t)·a + t·b with t = i / (steps − 1).
    /// </summary>
    public static float[] OnLine(ReadOnlySpan<float> latentA, ReadOnlySpan<float> latentB, int latentDimension, int decodedWidth, int steps)
    {
        RequireOneRow(latentA, latentDimension, "latent value", nameof(latentA));
        RequireOneRow(latentB, latentDimension, "latent value", nameof(latentB));
        RequireSteps(steps, latentDimension, decodedWidth);
        float[] latent = new float[steps * latentDimension];
        for (int i = 0; i < steps; i++)
        {
            // (1 − t)·a + t·b rather than a + t·(b − a): the last point must be b exactly, not b up to rounding.
            float t = (float)i / (steps - 1);
            Span<float> point = latent.AsSpan(i * latentDimension, latentDimension);
            TensorPrimitives.Multiply(latentA, 1f - t, point);
            TensorPrimitives.MultiplyAdd(latentB, t, point, point);
        }

        return latent;
    }

    /// <summary>
    /// The rows <paramref name="decode"/> gives for the points <see cref="OnLine"/> spaces from <paramref name="latentA"/> to
    /// <paramref name="latentB"/>, <paramref name="decodedWidth"/> values each: the line of an interpolation.
    /// </summary>
    public static float[] DecodedLine(
        ReadOnlySpan<float> latentA, ReadOnlySpan<float> latentB, int latentDimension, int decodedWidth, int steps, PriorSampler.Decoding decode)
    {
        float[] latent = OnLine(latentA, latentB, latentDimension, decodedWidth, steps);
        float[] rows = new float[steps * decodedWidth];
        decode(latent, rows, default);
        return rows;
    }

    /// <summary>
    /// As <see cref="DecodedLine"/> from the latent means <paramref name="encode"/> gives two rows of
    /// <paramref name="inputDimension"/> features: the first row returned is the reconstruction of <paramref name="rowA"/>,
    /// the last that of <paramref name="rowB"/>. An encoding's overflow names <paramref name="rowA"/> as row 0 and
    /// <paramref name="rowB"/> as row 1; a decoding's is told as the step of the line, which those numbers would be taken for.
    /// </summary>
    public static float[] DecodedLineBetweenRows(
        ReadOnlySpan<float> rowA, ReadOnlySpan<float> rowB, int latentDimension, int inputDimension, int steps, Encoding encode, PriorSampler.Decoding decode)
    {
        RequireOneRow(rowA, inputDimension, "feature", nameof(rowA));
        RequireOneRow(rowB, inputDimension, "feature", nameof(rowB));
        RequireSteps(steps, latentDimension, inputDimension);
        float[] means = new float[2 * latentDimension];
        encode([.. rowA, .. rowB], means, default);
        try
        {
            return DecodedLine(means.AsSpan(0, latentDimension), means.AsSpan(latentDimension), latentDimension, inputDimension, steps, decode);
        }
        catch (VaeOverflowException exception) when (exception is { Row: { } step, RowProblem: { } problem })
        {
            throw new VaeOverflowException(
                string.Create(CultureInfo.InvariantCulture, $"Step {step} of the {steps} on the line between the two rows (counted from 0): {problem}"), row: null, exception);
        }
    }
}
