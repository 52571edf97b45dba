using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The table <c>evaluate</c> prints for a model with categorical columns: for each, how often the reconstruction at
/// z = μ keeps a row's category, beside the share of the rows' most common category, the accuracy of always answering it;
/// none for a model without categorical columns.
/// </summary>
internal static class CategoryAccuracyText
{
    private const string ColumnHeading = "categorical column";

    /// <summary>The table's lines, its heading first, of the <paramref name="accuracies"/> <paramref name="model"/> measured.</summary>
    public static IEnumerable<string> Lines(VaeModel model, IReadOnlyList<VaeCategoryAccuracy> accuracies)
    {
        if (accuracies.Count == 0)
        {
            return [];
        }

        var columns = new DecodedRows(model);
        string[] names = [.. accuracies.Select((accuracy, i) => TerminalText.Visible(ShortList.Cut(accuracy.Column.ColumnName ?? Unnamed(columns, i, accuracy.Column))))];
        int width = Math.Max(ColumnHeading.Length, names.Max(name => name.Length));
        return accuracies
            .Select((accuracy, i) => $"{names[i].PadRight(width)} {accuracy.RowCount,10} {Share(accuracy.Accuracy),14} {Share(accuracy.MostCommonCategoryShare),12}")
            .Prepend($"{ColumnHeading.PadRight(width)} {"rows",10} {"kept at z = μ",14} {"most common",12}");
    }

    // Categorical column i by the name generate's header gives it, numbered where the model's names cannot name it, and its features.
    private static string Unnamed(DecodedRows columns, int i, VaeCategoricalFeature column) => $"{columns.ColumnName(i)} ({FeatureSpanText.Of(column)})";

    // Fixed decimals, so that the column's points line up; "none", which a screen reader reads as a dash it may not, for a
    // column no row holds a category of.
    private static string Share(double? share) => share is { } value ? value.ToString("F4", CultureInfo.InvariantCulture) : "none";
}
