using Vae.MLNet.Model;

namespace Vae.MLNet.Onnx;

/// <summary>
/// The per-row terms of <see cref="VaeLoss"/> as ONNX nodes, so an exported graph scores rows with the loss the model
/// was trained on. Like the engine they read the scaled features and the raw decoder head (logits, not probabilities,
/// and the clamped log-variance in scaled units), and give one float per row.
/// </summary>
internal static class OnnxLossNodes
{
    private const string ReconstructionScope = "reconstruction_error";
    private const string KlScope = "kl";

    /// <summary>
    /// The reconstruction term −log p(x | z) of each row, float[N]: the network's likelihood over its numeric features
    /// and the cross-entropy of its categorical ones.
    /// </summary>
    /// <param name="graph">The graph to add to.</param>
    /// <param name="network">Gives the likelihood and, for the fixed Gaussian, its variance.</param>
    /// <param name="categories">The categorical groups among the features scored: the network's, or those within a part of its features.</param>
    /// <param name="features">Scaled features x', float[N, D] for the D features of <paramref name="categories"/>.</param>
    /// <param name="head">The decoder's logits or means, float[N, D], in scaled units.</param>
    /// <param name="logVar">The clamped reconstruction log-variance for the learned-variance Gaussian, otherwise null.</param>
    /// <param name="form">The form of the graph; older forms wrote the Bernoulli term differently.</param>
    public static string AddReconstructionError(
        OnnxGraphBuilder graph, VaeNetwork network, CategoricalGroups categories, string features, string head, string? logVar, OnnxGraphForm form)
    {
        if (categories.IsEmpty)
        {
            return AddLikelihoodTerms(graph, network, features, head, logVar, form);
        }

        string crossEntropy = OnnxCategoryNodes.AddCrossEntropy(graph, categories, features, head);
        if (categories.NumericFeatureCount == 0)
        {
            return crossEntropy;
        }

        const string s = OnnxCategoryNodes.Scope;
        string numericFeatures = OnnxCategoryNodes.AddColumns(graph, s + ".numeric_features", features, categories.NumericRuns);
        string numericHead = OnnxCategoryNodes.AddColumns(graph, s + ".numeric_head", head, categories.NumericRuns);
        string? numericLogVar = logVar is null ? null : OnnxCategoryNodes.AddColumns(graph, s + ".numeric_log_variance", logVar, categories.NumericRuns);
        string numeric = AddLikelihoodTerms(graph, network, numericFeatures, numericHead, numericLogVar, form);
        return graph.AddNode("Add", s + ".reconstruction_error", [numeric, crossEntropy]);
    }

    private static string AddLikelihoodTerms(
        OnnxGraphBuilder graph, VaeNetwork network, string features, string head, string? logVar, OnnxGraphForm form)
    {
        const string s = ReconstructionScope;
        switch (network.Likelihood)
        {
            case VaeLikelihood.Bernoulli when form == OnnxGraphForm.SoftplusActivationOperator:
            {
                string positivePart = graph.AddNode("Relu", s + ".positive_part", [head]);
                string product = graph.AddNode("Mul", s + ".target_times_logit", [features, head]);
                string magnitude = graph.AddNode("Abs", s + ".logit_magnitude", [head]);
                string sigmoid = graph.AddNode("Sigmoid", s + ".sigmoid_of_magnitude", [magnitude]);
                string logSigmoid = graph.AddNode("Log", s + ".log_sigmoid_of_magnitude", [sigmoid]);
                string terms = graph.AddNode("Sub", s + ".positive_part_minus_product", [positivePart, product]);
                return AddRowSum(graph, s, graph.AddNode("Sub", s + ".terms", [terms, logSigmoid]));
            }

            case VaeLikelihood.Bernoulli:
            {
                // Σ softplus(o) − x·o is the cross-entropy of sigmoid(o) without ever taking log 0.
                string softplus = OnnxSoftplus.Add(graph, s + ".softplus", head, softplusOperator: form == OnnxGraphForm.SoftplusOperator);
                string product = graph.AddNode("Mul", s + ".target_times_logit", [features, head]);
                return AddRowSum(graph, s, graph.AddNode("Sub", s + ".terms", [softplus, product]));
            }

            case VaeLikelihood.Gaussian:
            {
                string sum = AddRowSum(graph, s, AddSquaredDifference(graph, head, features));
                string twoVariance = graph.AddInitializer(s + ".two_variance", [2f * network.GaussianVariance]);
                return graph.AddNode("Div", s + ".divide_two_variance", [sum, twoVariance]);
            }

            case VaeLikelihood.GaussianLearnedVariance:
            {
                string variance = logVar ?? throw new ArgumentNullException(nameof(logVar), "The learned-variance Gaussian needs its log-variance.");
                string squares = AddSquaredDifference(graph, head, features);
                string negated = graph.AddNode("Neg", s + ".negated_log_variance", [variance]);
                string precision = graph.AddNode("Exp", s + ".precision", [negated]);
                string weighted = graph.AddNode("Mul", s + ".weighted_squares", [squares, precision]);
                string terms = graph.AddNode("Add", s + ".terms", [variance, weighted]);
                string half = graph.AddInitializer(s + ".half", [0.5f]);
                return graph.AddNode("Mul", s + ".halve", [AddRowSum(graph, s, terms), half]);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(network), network.Likelihood, "Unknown likelihood.");
        }
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²) of each row, float[N], from the clamped log-variance.</summary>
    public static string AddKullbackLeibler(OnnxGraphBuilder graph, string mean, string logVar)
    {
        const string s = KlScope;
        string one = graph.AddInitializer(s + ".one", [1f]);
        string minusHalf = graph.AddInitializer(s + ".minus_half", [-0.5f]);
        string squaredMean = graph.AddNode("Mul", s + ".squared_mean", [mean, mean]);
        string variance = graph.AddNode("Exp", s + ".variance", [logVar]);
        string terms = graph.AddNode("Add", s + ".one_plus_log_variance", [logVar, one]);
        terms = graph.AddNode("Sub", s + ".minus_squared_mean", [terms, squaredMean]);
        terms = graph.AddNode("Sub", s + ".minus_variance", [terms, variance]);
        return graph.AddNode("Mul", s + ".times_minus_half", [AddRowSum(graph, s, terms), minusHalf]);
    }

    private static string AddSquaredDifference(OnnxGraphBuilder graph, string head, string features)
    {
        string difference = graph.AddNode("Sub", ReconstructionScope + ".difference", [head, features]);
        return graph.AddNode("Mul", ReconstructionScope + ".squared_difference", [difference, difference]);
    }

    /// <summary>Sums [N, W] over its columns into [N]; ReduceSum-13 takes the axes as an input.</summary>
    public static string AddRowSum(OnnxGraphBuilder graph, string scope, string x)
    {
        string axes = graph.AddInitializer(scope + ".sum_axes", [1L], 1);
        return graph.AddNode("ReduceSum", scope + ".row_sum", [x, axes], OnnxGraphBuilder.IntAttribute("keepdims", 0));
    }
}
