using Vae.MLNet.Model;

namespace Vae.MLNet.Onnx;

/// <summary>
/// <see cref="VaeFeatureRanges.Apply(Span{float}, IReadOnlyList{Data.VaeCategoricalFeature})"/> as ONNX nodes, so
/// that a decoder graph hands out generated rows already within the training data's ranges: Max and Min against per-feature bounds, then Round (halves to even, as
/// <see cref="MathF.Round(float)"/>) for the whole-number features, selected by a Where when only some are whole. The
/// one-hot features of a categorical column become the one-hot of its most likely category, ArgMax then OneHot, as a
/// row of the training data holds one category: rounded one at a time, a column none of whose probabilities passed ½
/// would hold none.
/// </summary>
internal static class OnnxFeatureRangeNodes
{
    /// <summary>The prefix, before a dot, of the names of the values these nodes compute and keep.</summary>
    public const string Scope = "feature_ranges";

    /// <summary>
    /// Adds the nodes that apply <paramref name="ranges"/> to the rows <paramref name="x"/>, and the most likely category
    /// to each of <paramref name="categories"/>' columns, and returns the result.
    /// </summary>
    public static string Add(OnnxGraphBuilder graph, VaeFeatureRanges ranges, CategoricalGroups categories, string x)
    {
        string applied = AddClipAndRound(graph, ranges, x);
        if (categories.IsEmpty)
        {
            return applied;
        }

        FeatureRun[] runs = categories.Runs;
        string on = graph.AddInitializer(Scope + ".one_hot_values", [0f, 1f], 2);
        var parts = new string[runs.Length];
        for (int i = 0; i < runs.Length; i++)
        {
            FeatureRun run = runs[i];
            string name = $"{Scope}.features_{run.First}";
            if (!categories.Groups.Contains(run))
            {
                parts[i] = OnnxCategoryNodes.AddColumns(graph, name, applied, [run]);
                continue;
            }

            // ArgMax takes the first of equal probabilities, so a row never holds two categories.
            string probabilities = OnnxCategoryNodes.AddColumns(graph, name + "_probabilities", x, [run]);
            string likeliest = graph.AddNode(
                "ArgMax", name + "_likeliest", [probabilities], OnnxGraphBuilder.IntAttribute("axis", 1), OnnxGraphBuilder.IntAttribute("keepdims", 0));
            string depth = graph.AddInitializer(name + "_depth", [(long)run.Count], 1);
            parts[i] = graph.AddNode("OneHot", name, [likeliest, depth, on], OnnxGraphBuilder.IntAttribute("axis", -1));
        }

        return graph.AddNode("Concat", Scope + ".applied_with_categories", parts, OnnxGraphBuilder.IntAttribute("axis", 1));
    }

    private static string AddClipAndRound(OnnxGraphBuilder graph, VaeFeatureRanges ranges, string x)
    {
        long d = ranges.FeatureCount;
        string minimum = graph.AddInitializer(Scope + ".minimum", [.. ranges.Minimum], d);
        string maximum = graph.AddInitializer(Scope + ".maximum", [.. ranges.Maximum], d);
        string atLeastMinimum = graph.AddNode("Max", Scope + ".at_least_minimum", [x, minimum]);
        string clipped = graph.AddNode("Min", Scope + ".clipped", [atLeastMinimum, maximum]);
        int wholeFeatures = ranges.WholeNumbers.Count(whole => whole);
        if (wholeFeatures == 0)
        {
            return clipped;
        }

        // Rounding −0.3 gives −0, which a count should read as 0; x + 0 would turn it into 0, but ONNX Runtime removes
        // an Add of zero as a no-op, so zeros are replaced outright.
        string rounded = graph.AddNode("Round", Scope + ".rounded", [clipped]);
        string zero = graph.AddInitializer(Scope + ".zero", [0f]);
        string isZero = graph.AddNode("Equal", Scope + ".rounded_is_zero", [rounded, zero]);
        string whole = graph.AddNode("Where", Scope + ".whole", [isZero, zero, rounded]);
        if (wholeFeatures == ranges.FeatureCount)
        {
            return whole;
        }

        string wholeNumbers = graph.AddInitializer(Scope + ".whole_numbers", ranges.WholeNumbers, d);
        return graph.AddNode("Where", Scope + ".applied", [wholeNumbers, whole, clipped]);
    }
}
