using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The line <c>train</c> and <c>evaluate</c> print on how many latent dimensions a model uses for the rows; none for a
/// single row, which has no spread to measure.
/// </summary>
internal static class LatentActivityText
{
    /// <summary>The line for the rows a model was trained on, where no active dimension is posterior collapse.</summary>
    public static string? OfTrainingData(VaeModel model, VaeDataset data) =>
        Line(model, data, ": none, so the decoder ignores the latent code and gives every row about the same reconstruction (posterior collapse)");

    /// <summary>The line for other rows, which may be too much alike to tell collapse by.</summary>
    public static string? OfEvaluatedData(VaeModel model, VaeDataset data) =>
        Line(model, data, ": none on these rows, as under posterior collapse, unless the rows are much alike");

    private static string? Line(VaeModel model, VaeDataset data, string noneActive)
    {
        if (data.RowCount < 2)
        {
            return null;
        }

        VaeLatentActivity activity = model.MeasureLatentActivity(data);
        return $"active latent dimensions: {activity.ActiveDimensions} of {activity.MeanVariances.Count} "
            + $"(those whose mean varies across the rows with a variance above {NumberText.Significant(VaeLatentActivity.ActiveVariance)})"
            + (activity.ActiveDimensions == 0 ? noneActive : string.Empty);
    }
}
