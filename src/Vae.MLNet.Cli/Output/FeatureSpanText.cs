using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Output;

/// <summary>The features a categorical column is read into, as the command line names them.</summary>
internal static class FeatureSpanText
{
    /// <summary>
    /// <c>features 1 to 3</c>, or <c>feature 4</c> for a column of one category: in words, as a screen reader at its
    /// default punctuation reads an en dash's span as two numbers.
    /// </summary>
    public static string Of(VaeCategoricalFeature column) =>
        column.Categories.Count == 1 ? $"feature {column.FirstFeature}" : $"features {column.FirstFeature} to {column.FirstFeature + column.Categories.Count - 1}";
}
