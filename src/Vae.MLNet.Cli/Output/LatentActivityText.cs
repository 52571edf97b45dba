namespace Vae.MLNet.Cli.Output;

/// <summary>The line <c>train</c> and <c>evaluate</c> print on how many latent dimensions a model uses for the rows.</summary>
internal static class LatentActivityText
{
    public static string Of(VaeLatentActivity activity) =>
        $"active latent dimensions: {activity.ActiveDimensions} of {activity.MeanVariances.Count} "
        + $"(those whose mean varies across the rows with a variance above {VaeLatentActivity.ActiveVariance})"
        + (activity.ActiveDimensions == 0
            ? ": none, so the decoder ignores the latent code and gives every row about the same reconstruction (posterior collapse)"
            : string.Empty);
}
