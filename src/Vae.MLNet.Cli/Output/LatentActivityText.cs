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
    /// <summary>How the latent dimensions vary across two rows or more; none for a single row.</summary>
    public static VaeLatentActivity? Measure(VaeModel model, VaeDataset data) => data.RowCount < 2 ? null : model.MeasureLatentActivity(data);

    /// <summary>
    /// The line on the <paramref name="activity"/> <see cref="Measure"/> gave for <paramref name="data"/>, and with
    /// <paramref name="table"/> the table below it; the same words for the rows a model was trained on as for others,
    /// as training rows too can be too much alike to tell collapse by.
    /// </summary>
    public static IEnumerable<string> Lines(VaeLatentActivity? activity, VaeDataset data, bool table)
    {
        if (activity is null)
        {
            return table ? ["latent table skipped: one row has no spread to measure"] : [];
        }

        string line = Line(activity, data);
        return table ? [line, .. Table(activity)] : [line];
    }

    private static string Line(VaeLatentActivity activity, VaeDataset data)
    {
        int dimensions = activity.MeanVariances.Count;
        string which = activity.ActiveDimensions switch
        {
            0 => NoneActive(data),
            int active when active == dimensions => string.Empty,
            _ => $": {ShortList.Of([.. Enumerable.Range(0, dimensions).Where(activity.IsActive)], Name)}",
        };
        return $"active latent dimensions: {activity.ActiveDimensions} of {dimensions} "
            + $"(those whose mean varies across the rows with a variance above {NumberText.Significant(VaeLatentActivity.ActiveVariance)})"
            + which;
    }

    /// <summary>
    /// Why no dimension is active. Rows that are all the same give each latent mean one value whatever the model:
    /// calling that posterior collapse would blame the model for the data. The data is read again only then.
    /// </summary>
    private static string NoneActive(VaeDataset data)
    {
        FeatureStatistics statistics = FeatureStatistics.Compute(data);
        bool rowsVary = Enumerable.Range(0, data.FeatureCount).Any(feature => statistics.Min[feature] < statistics.Max[feature]);
        return rowsVary
            ? ": none on these rows, as under posterior collapse, unless the rows are much alike"
            : ": none, as every row is the same: rows that do not vary give each latent mean one value, whatever the model";
    }

    private static IEnumerable<string> Table(VaeLatentActivity activity) =>
        Enumerable.Range(0, activity.MeanVariances.Count)
            .Select(u => $"{Name(u),-6} {NumberText.Of(activity.MeanVariances[u], 4),15} {NumberText.Of(activity.MeanKullbackLeibler[u], 4),11}  {(activity.IsActive(u) ? "yes" : "no")}")
            .Prepend($"{"latent",-6} {"mean variance",15} {"mean KL",11}  active");

    /// <summary>A latent dimension's name, <c>z0</c> for the first, as the report and the scatter plot's axes give it.</summary>
    public static string Name(int dimension) => $"z{dimension}";
}
