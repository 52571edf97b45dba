using Vae.MLNet.Cli.Input;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a new model whose latent code is at least as wide as its rows: such a code compresses nothing, and the
/// count of active latent dimensions training ends with can pass the number of features, which says nothing of the
/// data (iris, 4 features at the default latent dimension of 20: 11 of 20 active after 10 epochs).
/// </summary>
internal static class WideLatentCodeNote
{
    /// <summary>The note for a new model of <paramref name="options"/> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeOptions options, LoadedData input)
    {
        // One feature leaves no narrower code to suggest.
        int features = input.Data.FeatureCount;
        if (options.LatentDimension < features || features == 1)
        {
            return null;
        }

        return $"note: the latent dimension, {options.LatentDimension}, is at least the {features} features, so the latent code is as wide as the data and "
            + "compresses nothing, and the count of active latent dimensions says little of the data; a --latent-dim below "
            + $"{features} makes the model summarize the rows.";
    }
}
