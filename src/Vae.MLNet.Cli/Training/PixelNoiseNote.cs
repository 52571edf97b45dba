using System.Globalization;
using Vae.MLNet.Cli.Input;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model of images whose fixed noise σ is as wide as pixels in [0, 1] can spread (at most 0.5):
/// the default σ² = 1 lets the model put the images' detail down to noise and keep little in its latent code (three
/// epochs of Fashion-MNIST kept 5.1 nats of KL with σ² = 1 against 63 with σ² = 0.01), so its reconstructions and
/// samples come out as blurred averages. Known from the IDX format, so the pixels are not read.
/// </summary>
internal static class PixelNoiseNote
{
    /// <summary>The largest standard deviation a value in [0, 1] can have.</summary>
    private const double WidestPixelSpread = 0.5;

    /// <summary>The note for a new model of <paramref name="options"/> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeOptions options, LoadedData input)
    {
        double noise = Math.Sqrt(options.GaussianVariance);
        if (options.Likelihood != VaeLikelihood.Gaussian || options.InputScaling != VaeInputScaling.None || input.Shape is null || noise < WidestPixelSpread)
        {
            return null;
        }

        return $"note: the Gaussian likelihood assumes noise of σ = {noise.ToString("G4", CultureInfo.InvariantCulture)} around each pixel, while pixels in [0, 1] "
            + $"spread by at most {WidestPixelSpread.ToString(CultureInfo.InvariantCulture)}, so the model can put the images' detail down to noise and keep little of it in its latent code; "
            + "--gaussian-variance 0.01 (or the Bernoulli likelihood) makes it reconstruct them.";
    }
}
