using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>The autoencoder graph cut down to some of its outputs, as <see cref="VaeModel.ExportAutoencoderOnnx"/> exports it.</summary>
[TestClass]
public sealed class OnnxAutoencoderOutputsTests
{
    private const int Rows = 7;

    private static readonly VaeAutoencoderOutputs[] Singles =
    [
        VaeAutoencoderOutputs.LatentMean,
        VaeAutoencoderOutputs.LatentLogVar,
        VaeAutoencoderOutputs.Reconstruction,
        VaeAutoencoderOutputs.ReconstructionLogVar,
        VaeAutoencoderOutputs.ReconstructionError,
        VaeAutoencoderOutputs.AnomalyScore,
    ];

    public static IEnumerable<object[]> Likelihoods => Enum.GetValues<VaeLikelihood>().Select(likelihood => new object[] { likelihood });

    [TestMethod]
    [DynamicData(nameof(Likelihoods))]
    public void EverySubsetOfOutputsScoresInOnnxRuntimeExactlyAsTheFullGraphDoes(VaeLikelihood likelihood)
    {
        var testCase = new OnnxTestCase(likelihood, VaeActivation.Softplus, HiddenLayers: 2, Scaled: true);
        VaeNetwork network = testCase.CreateNetwork(seed: 11);
        OnnxTestCase.SaturateSomeLogVarianceColumns(network);
        VaeModel model = testCase.CreateModel(network, testCase.CreateScaling(seed: 11));
        var random = new Random(11);
        float[] features = Enumerable.Range(0, Rows * OnnxTestCase.InputDimension).Select(_ => (float)((random.NextDouble() * 3) - 1)).ToArray();
        Dictionary<string, float[]> full = Score(model.ExportOnnx().Autoencoder, features, Names(OnnxExporter.AllOutputs(network)));

        foreach (VaeAutoencoderOutputs outputs in Subsets(OnnxExporter.AllOutputs(network)))
        {
            string[] names = Names(outputs);
            Dictionary<string, float[]> cut = Score(model.ExportAutoencoderOnnx(outputs), features, names, out IReadOnlyList<string> graphOutputs);

            CollectionAssert.AreEqual(names, graphOutputs.ToArray(), $"{outputs}: the graph's outputs");
            foreach (string name in names)
            {
                CollectionAssert.AreEqual(full[name], cut[name], $"{outputs}: {name}");
            }
        }
    }

    [TestMethod]
    public void OnlyTheNodesAndConstantsTheOutputsNeedAreKept()
    {
        foreach (OnnxTestCase testCase in OnnxTestCase.All.Where(c => c.HiddenLayers == 1))
        {
            VaeNetwork network = testCase.CreateNetwork(seed: 12);
            FeatureScaling? scaling = testCase.CreateScaling(seed: 12);
            GraphProto Graph(VaeAutoencoderOutputs outputs) =>
                OnnxExporter.BuildAutoencoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default, outputs).Graph;

            GraphProto latentMean = Graph(VaeAutoencoderOutputs.LatentMean);
            GraphProto reconstruction = Graph(VaeAutoencoderOutputs.Reconstruction);
            GraphProto error = Graph(VaeAutoencoderOutputs.ReconstructionError);
            GraphProto score = Graph(VaeAutoencoderOutputs.AnomalyScore);
            string label = testCase.Label;

            CollectionAssert.AreEquivalent(
                OnnxExporter.BuildEncoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default).Graph.Node.Select(n => n.Name).Where(n => n != "latent.log_variance").ToArray(),
                latentMean.Node.Select(n => n.Name).ToArray(),
                $"{label}: the latent means need the encoder without the log-variance clamp");
            Assert.IsFalse(latentMean.Initializer.Any(t => t.Name.StartsWith("decoder.", StringComparison.Ordinal)), $"{label}: decoder weights kept");
            Assert.IsFalse(latentMean.Initializer.Any(t => t.Name.StartsWith("latent.log_variance_", StringComparison.Ordinal)), $"{label}: clamp bounds kept");
            Assert.IsFalse(HasScope(reconstruction, "reconstruction_error.") || HasScope(reconstruction, "kl."), $"{label}: loss nodes kept for the reconstruction");
            Assert.IsTrue(HasScope(reconstruction, "decoder."), $"{label}: the reconstruction lost its decoder");
            Assert.IsFalse(HasScope(error, "kl.") || HasScope(error, "anomaly_score"), $"{label}: KL nodes kept for the reconstruction error");
            Assert.IsFalse(error.Node.Any(n => n.Name is "reconstruction.probability" or "scaling.divide_scale"), $"{label}: original units computed for the error");
            Assert.IsTrue(HasScope(score, "kl.") && HasScope(score, "reconstruction_error."), $"{label}: the anomaly score needs both terms");

            foreach (VaeAutoencoderOutputs outputs in Subsets(OnnxExporter.AllOutputs(network)))
            {
                AssertEveryNodeIsRead(Graph(outputs), $"{label}, {outputs}");
            }
        }
    }

    [TestMethod]
    public void AnEmptyRequestOrAnOutputTheModelLacksIsRefusedNamingTheArgument()
    {
        var bernoulli = new OnnxTestCase(VaeLikelihood.Bernoulli, VaeActivation.Relu, 1, Scaled: false);
        VaeModel model = bernoulli.CreateModel(bernoulli.CreateNetwork(seed: 13), null);

        ArgumentException none = Assert.ThrowsExactly<ArgumentException>(() => model.ExportAutoencoderOnnx(VaeAutoencoderOutputs.None));
        ArgumentException missing = Assert.ThrowsExactly<ArgumentException>(
            () => model.ExportAutoencoderOnnx(VaeAutoencoderOutputs.LatentMean | VaeAutoencoderOutputs.ReconstructionLogVar));
        ArgumentException unknown = Assert.ThrowsExactly<ArgumentException>(() => model.ExportAutoencoderOnnx((VaeAutoencoderOutputs)64));

        Assert.AreEqual("outputs", none.ParamName);
        Assert.AreEqual("outputs", missing.ParamName);
        StringAssert.Contains(missing.Message, "ReconstructionLogVar");
        StringAssert.Contains(unknown.Message, "64");
    }

    [TestMethod]
    public void TheExportUsesTheGivenNamesAndKeepsTheOthersReserved()
    {
        var testCase = new OnnxTestCase(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Tanh, 1, Scaled: true);
        VaeModel model = testCase.CreateModel(testCase.CreateNetwork(seed: 14), testCase.CreateScaling(seed: 14));
        OnnxTensorNames names = OnnxTensorNames.Default with { Features = "x", LatentMean = "z", AnomalyScore = "score" };

        GraphProto graph = ModelProto.Parser.ParseFrom(model.ExportAutoencoderOnnx(VaeAutoencoderOutputs.LatentMean | VaeAutoencoderOutputs.AnomalyScore, names)).Graph;

        Assert.AreEqual("x", graph.Input.Single().Name);
        CollectionAssert.AreEqual(new[] { "z", "score" }, graph.Output.Select(o => o.Name).ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => model.ExportAutoencoderOnnx(VaeAutoencoderOutputs.LatentMean, names with { LatentMean = "Reconstruction" }));
    }

    [TestMethod]
    public void CutGraphsPassTheOnnxChecker()
    {
        PythonOnnx.RequireAvailable();
        using var directory = new TempDirectory();
        var files = new List<string>();
        foreach (OnnxTestCase testCase in OnnxTestCase.All.Where(c => c.Activation == VaeActivation.LeakyRelu))
        {
            VaeNetwork network = testCase.CreateNetwork(seed: 15);
            foreach (VaeAutoencoderOutputs outputs in Singles.Where(o => OnnxExporter.AllOutputs(network).HasFlag(o)))
            {
                string file = Path.Combine(directory.Path, $"{testCase.Label}.{outputs}.onnx");
                File.WriteAllBytes(file, OnnxExporter.ExportAutoencoder(network, testCase.CreateScaling(seed: 15), testCase.ScalingKind, outputs: outputs));
                files.Add(file);
            }
        }

        (int exitCode, string output) = PythonOnnx.RunScript("check_models.py", [.. files]);

        Assert.AreEqual(0, exitCode, output);
    }

    private static IEnumerable<VaeAutoencoderOutputs> Subsets(VaeAutoencoderOutputs available)
    {
        VaeAutoencoderOutputs[] flags = Singles.Where(o => available.HasFlag(o)).ToArray();
        for (int mask = 1; mask < 1 << flags.Length; mask++)
        {
            yield return flags.Where((_, i) => (mask & (1 << i)) != 0).Aggregate(VaeAutoencoderOutputs.None, (all, o) => all | o);
        }
    }

    private static string[] Names(VaeAutoencoderOutputs outputs) => Singles.Where(o => outputs.HasFlag(o)).Select(o => o.ToString()).ToArray();

    private static Dictionary<string, float[]> Score(byte[] graph, float[] features, string[] names) => Score(graph, features, names, out _);

    private static Dictionary<string, float[]> Score(byte[] graph, float[] features, string[] names, out IReadOnlyList<string> graphOutputs)
    {
        using var session = new OnnxSession(graph);
        graphOutputs = session.Outputs.Select(o => o.Name).ToArray();
        Dictionary<string, float[]> values = names.ToDictionary(
            name => name,
            name => Enumerable.Repeat(float.NaN, Rows * Width(name)).ToArray());
        session.Run(Rows, [new OnnxInput("Features", features)], names.Select(name => new OnnxOutput(name, values[name])).ToArray());
        return values;
    }

    private static int Width(string name) =>
        name is "ReconstructionError" or "AnomalyScore" ? 1 : name.StartsWith("Latent", StringComparison.Ordinal) ? OnnxTestCase.LatentDimension : OnnxTestCase.InputDimension;

    private static bool HasScope(GraphProto graph, string scope) => graph.Node.Any(n => n.Name.StartsWith(scope, StringComparison.Ordinal));

    private static void AssertEveryNodeIsRead(GraphProto graph, string label)
    {
        var read = new HashSet<string>(graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)));
        foreach (NodeProto node in graph.Node)
        {
            Assert.IsTrue(node.Output.Any(read.Contains), $"{label}: nothing reads node {node.Name}");
        }

        foreach (TensorProto constant in graph.Initializer)
        {
            Assert.IsTrue(read.Contains(constant.Name), $"{label}: nothing reads constant {constant.Name}");
        }
    }
}
