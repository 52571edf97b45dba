using Vae.MLNet.Data;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The table <c>evaluate</c> prints for a model with categorical columns: for each, how often the reconstruction at
/// z = μ keeps a row's category, beside the share of the most common category, which a model that ignored the rows would
/// keep; none for a model without categorical columns.
/// </summary>
internal static class CategoryAccuracyText
{
    private const string ColumnHeading = "categorical column";

    /// <summary>The table's lines, its heading first.</summary>
    public static IEnumerable<string> Lines(VaeModel model, VaeDataset data)
    {
        IReadOnlyList<VaeCategoryAccuracy> accuracies = model.MeasureCategoryAccuracy(data);
        if (accuracies.Count == 0)
        {
            return [];
        }

        string[] names = [.. accuracies.Select(accuracy => TerminalText.Visible(ShortList.Cut(accuracy.Column.ColumnName ?? FeatureSpanText.Of(accuracy.Column))))];
        int width = Math.Max(ColumnHeading.Length, names.Max(name => name.Length));
        return accuracies
            .Select((accuracy, i) => $"{names[i].PadRight(width)} {accuracy.RowCount,10} {Share(accuracy.Accuracy),14} {Share(accuracy.MostCommonCategoryShare),12}")
            .Prepend($"{ColumnHeading.PadRight(width)} {"rows",10} {"kept at z = μ",14} {"most common",12}");
    }

    // No share for a column none of the rows holds a category of.
    private static string Share(double? share) => share is { } value ? NumberText.Of(value, 4) : "–";
}
