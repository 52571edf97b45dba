namespace Vae.MLNet.Onnx;

/// <summary>
/// <see cref="VaeFeatureRanges.Apply"/> as ONNX nodes, so that a decoder graph hands out generated rows already within
/// the training data's ranges: Max and Min against per-feature bounds, then Round (halves to even, as
/// <see cref="MathF.Round(float)"/>) for the whole-number features, selected by a Where when only some are whole.
/// </summary>
internal static class OnnxFeatureRangeNodes
{
    private const string Scope = "feature_ranges";

    /// <summary>Adds the nodes that apply <paramref name="ranges"/> to the rows <paramref name="x"/>, and returns the result.</summary>
    public static string Add(OnnxGraphBuilder graph, VaeFeatureRanges ranges, string x)
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
