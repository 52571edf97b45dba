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

    /// <summary>The table's lines, its heading first.</summary>
    public static IEnumerable<string> Lines(VaeModel model, VaeDataset data)
    {
        IReadOnlyList<VaeCategoryAccuracy> accuracies = model.MeasureCategoryAccuracy(data);
        if (accuracies.Count == 0)
        {
            return [];
        }

        // Without feature names, generate's header numbers the columns, each categorical column being one there.
        DecodedRows? numbered = model.FeatureNames is null ? new DecodedRows(model) : null;
        string[] names = [.. accuracies.Select((accuracy, i) => TerminalText.Visible(ShortList.Cut(accuracy.Column.ColumnName ?? Unnamed(numbered, i, accuracy.Column))))];
        int width = Math.Max(ColumnHeading.Length, names.Max(name => name.Length));
        return accuracies
            .Select((accuracy, i) => $"{names[i].PadRight(width)} {accuracy.RowCount,10} {Share(accuracy.Accuracy),14} {Share(accuracy.MostCommonCategoryShare),12}")
            .Prepend($"{ColumnHeading.PadRight(width)} {"rows",10} {"kept at z = μ",14} {"most common",12}");
    }

    // Categorical column i of a model without feature names by the number generate's header gives it and its features;
    // otherwise, where the header names each of its features, by the features.
    private static string Unnamed(DecodedRows? numbered, int i, VaeCategoricalFeature column) =>
        numbered is null ? FeatureSpanText.Of(column) : $"x_{numbered.ColumnOf(i)} ({FeatureSpanText.Of(column)})";

    // Fixed decimals, so that the column's points line up; none for a column no row holds a category of.
    private static string Share(double? share) => share is { } value ? value.ToString("F4", CultureInfo.InvariantCulture) : "–";
}
