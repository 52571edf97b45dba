using Vae.MLNet.Data;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The line <c>train</c> and <c>evaluate</c> print on how many latent dimensions a model uses for the rows, and which,
/// and the per-dimension table <c>evaluate --latent-table</c> adds; none for a single row, which has no spread to
/// measure. Dimensions are named z0, z1, … as the latent scatter plot names its axes.
/// </summary>
internal static class LatentActivityText
{
    /// <summary>The line for the rows a model was trained on, where no active dimension is posterior collapse.</summary>
    public static string? OfTrainingData(VaeModel model, VaeDataset data) =>
        Measure(model, data) is { } activity ? Line(activity, ": none, so the decoder ignores the latent code and gives every row about the same reconstruction (posterior collapse)") : null;

    /// <summary>How the latent dimensions vary across two rows or more; none for a single row.</summary>
    public static VaeLatentActivity? Measure(VaeModel model, VaeDataset data) => data.RowCount < 2 ? null : model.MeasureLatentActivity(data);

    /// <summary>
    /// The lines for other rows, which may be too much alike to tell collapse by, of the <paramref name="activity"/>
    /// <see cref="Measure"/> gave: the line, and with <paramref name="table"/> the table below it.
    /// </summary>
    public static IEnumerable<string> OfEvaluatedData(VaeLatentActivity? activity, bool table)
    {
        if (activity is null)
        {
            return table ? ["latent table skipped: one row has no spread to measure"] : [];
        }

        string line = Line(activity, ": none on these rows, as under posterior collapse, unless the rows are much alike");
        return table ? [line, .. Table(activity)] : [line];
    }

    private static string Line(VaeLatentActivity activity, string noneActive)
    {
        int dimensions = activity.MeanVariances.Count;
        string which = activity.ActiveDimensions switch
        {
            0 => noneActive,
            int active when active == dimensions => string.Empty,
            _ => $": {ShortList.Of([.. Enumerable.Range(0, dimensions).Where(activity.IsActive)], Name)}",
        };
        return $"active latent dimensions: {activity.ActiveDimensions} of {dimensions} "
            + $"(those whose mean varies across the rows with a variance above {NumberText.Significant(VaeLatentActivity.ActiveVariance)})"
            + which;
    }

    private static IEnumerable<string> Table(VaeLatentActivity activity) =>
        Enumerable.Range(0, activity.MeanVariances.Count)
            .Select(u => $"{Name(u),-6} {NumberText.Of(activity.MeanVariances[u], 4),15} {NumberText.Of(activity.MeanKullbackLeibler[u], 4),11}  {(activity.IsActive(u) ? "yes" : "no")}")
            .Prepend($"{"latent",-6} {"mean variance",15} {"mean KL",11}  active");

    /// <summary>A latent dimension's name, <c>z0</c> for the first, as the report and the scatter plot's axes give it.</summary>
    public static string Name(int dimension) => $"z{dimension}";
}
