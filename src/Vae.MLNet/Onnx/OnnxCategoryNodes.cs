using Vae.MLNet.Model;

namespace Vae.MLNet.Onnx;

/// <summary>
/// The nodes for a network's <see cref="VaeNetwork.Categories"/>: the softmax of each categorical column's logits in the
/// reconstruction, its log-variances held at 0, and its cross-entropy in the loss, computed as the engine does. They are
/// added only for a network with categories, so the graphs of other networks are those written before categories were modelled.
/// </summary>
internal static class OnnxCategoryNodes
{
    /// <summary>
    /// The scope of every value these nodes name, with the numeric features' columns that the loss gathers: only graphs
    /// of networks with categories have values whose names start with it and a dot.
    /// </summary>
    public const string Scope = "categories";

    /// <summary>
    /// The decoder head's means or logits <paramref name="head"/>, float[N, D] in scaled units for the D features of
    /// <paramref name="categories"/>, turned into what the reconstruction shows before un-scaling: a softmax over each
    /// categorical column, the sigmoid (Bernoulli <paramref name="likelihood"/>) or the values themselves elsewhere.
    /// </summary>
    public static string AddProbabilities(OnnxGraphBuilder graph, CategoricalGroups categories, VaeLikelihood likelihood, string head)
    {
        FeatureRun[] runs = categories.Runs;
        string sizes = graph.AddInitializer(Scope + ".split_sizes", [.. runs.Select(run => (long)run.Count)], runs.Length);
        IReadOnlyList<string> parts = graph.AddNode(
            "Split",
            Scope + ".split",
            [head, sizes],
            [.. runs.Select(run => $"{Scope}.features_{run.First}")],
            OnnxGraphBuilder.IntAttribute("axis", 1));
        var probabilities = new string[runs.Length];
        for (int i = 0; i < runs.Length; i++)
        {
            string name = $"{Scope}.probabilities_{runs[i].First}";
            probabilities[i] = categories.Groups.Contains(runs[i])
                ? graph.AddNode("Softmax", name, [parts[i]], OnnxGraphBuilder.IntAttribute("axis", 1))
                : likelihood == VaeLikelihood.Bernoulli
                ? graph.AddNode("Sigmoid", name, [parts[i]])
                : parts[i];
        }

        return graph.AddNode("Concat", Scope + ".reconstruction", probabilities, OnnxGraphBuilder.IntAttribute("axis", 1));
    }

    /// <summary>
    /// The clamped reconstruction log-variances <paramref name="logVar"/>, float[N, D] for the D features of
    /// <paramref name="categories"/>, with those of categorical features set to 0.
    /// </summary>
    public static string AddZeroLogVariances(OnnxGraphBuilder graph, CategoricalGroups categories, string logVar)
    {
        bool[] numeric = [.. categories.CategoricalMask().Select(categorical => !categorical)];
        string isNumeric = graph.AddInitializer(Scope + ".is_numeric", numeric, numeric.Length);
        string zero = graph.AddInitializer(Scope + ".zero_log_variance", [0f]);
        return graph.AddNode("Where", Scope + ".log_variance", [isNumeric, logVar, zero]);
    }

    /// <summary>The columns of <paramref name="x"/>, float[N, D], that lie in <paramref name="runs"/>, in order: float[N, Σ counts].</summary>
    public static string AddColumns(OnnxGraphBuilder graph, string name, string x, IEnumerable<FeatureRun> runs)
    {
        long[] columns = [.. runs.SelectMany(run => run.Features).Select(j => (long)j)];
        string indices = graph.AddInitializer(name + "_columns", columns, columns.Length);
        return graph.AddNode("Gather", name, [x, indices], OnnxGraphBuilder.IntAttribute("axis", 1));
    }

    /// <summary>
    /// −Σ x·log softmax(o) over every categorical column of <paramref name="categories"/> of each row, float[N], from
    /// the scaled features <paramref name="features"/> and the raw head <paramref name="head"/>, both float[N, D].
    /// </summary>
    public static string AddCrossEntropy(OnnxGraphBuilder graph, CategoricalGroups categories, string features, string head)
    {
        const string s = Scope + ".cross_entropy";
        var logProbabilities = new List<string>();
        foreach (FeatureRun group in categories.Groups)
        {
            string logits = AddColumns(graph, $"{s}.logits_{group.First}", head, [group]);
            logProbabilities.Add(graph.AddNode("LogSoftmax", $"{s}.log_probabilities_{group.First}", [logits], OnnxGraphBuilder.IntAttribute("axis", 1)));
        }

        string all = logProbabilities.Count == 1
            ? logProbabilities[0]
            : graph.AddNode("Concat", s + ".log_probabilities", logProbabilities, OnnxGraphBuilder.IntAttribute("axis", 1));
        string targets = AddColumns(graph, s + ".targets", features, categories.Groups);
        string products = graph.AddNode("Mul", s + ".target_times_log_probability", [targets, all]);
        return graph.AddNode("Neg", s, [OnnxLossNodes.AddRowSum(graph, s, products)]);
    }
}
