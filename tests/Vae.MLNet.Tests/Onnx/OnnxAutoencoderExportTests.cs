using Google.Protobuf;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Tests.Onnx;

[TestClass]
public sealed class OnnxAutoencoderExportTests
{
    private static readonly OnnxTestCase LearnedVarianceScaled = new(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Softplus, 2, Scaled: true);

    [TestMethod]
    public void TheSameWeightsGiveByteIdenticalFilesAndOtherWeightsOtherBytes()
    {
        foreach (OnnxTestCase testCase in OnnxTestCase.All)
        {
            byte[] first = OnnxExporter.ExportAutoencoder(testCase.CreateNetwork(seed: 5), testCase.CreateScaling(seed: 5), testCase.ScalingKind);
            byte[] second = OnnxExporter.ExportAutoencoder(testCase.CreateNetwork(seed: 5), testCase.CreateScaling(seed: 5), testCase.ScalingKind);
            VaeNetwork changed = testCase.CreateNetwork(seed: 5);
            changed.DecoderHead.Bias[0] += 1f;

            CollectionAssert.AreEqual(first, second, testCase.Label);
            CollectionAssert.AreNotEqual(first, OnnxExporter.ExportAutoencoder(changed, testCase.CreateScaling(seed: 5), testCase.ScalingKind), testCase.Label);
        }
    }

    [TestMethod]
    public void ExportOnnxFillsTheAutoencoderWithTheGivenNames()
    {
        OnnxTestCase testCase = LearnedVarianceScaled;
        VaeNetwork network = testCase.CreateNetwork(seed: 6);
        FeatureScaling? scaling = testCase.CreateScaling(seed: 6);
        OnnxTensorNames names = OnnxTensorNames.Default with { Features = "x", ReconstructionError = "nll", AnomalyScore = "score" };

        VaeOnnxGraphs graphs = testCase.CreateModel(network, scaling).ExportOnnx(names);

        CollectionAssert.AreEqual(OnnxExporter.ExportAutoencoder(network, scaling, testCase.ScalingKind, names), graphs.Autoencoder);
        GraphProto graph = ModelProto.Parser.ParseFrom(graphs.Autoencoder).Graph;
        Assert.AreEqual("x", graph.Input.Single().Name);
        CollectionAssert.AreEqual(
            new[] { "LatentMean", "LatentLogVar", "Reconstruction", "ReconstructionLogVar", "nll", "score" },
            graph.Output.Select(o => o.Name).ToArray());
    }

    [TestMethod]
    public void OutputsAreFloatMatricesAndPerRowVectorsWithASymbolicBatchDimension()
    {
        var fixedGaussian = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: false);
        GraphProto learned = Build(LearnedVarianceScaled).Graph;
        GraphProto plain = Build(fixedGaussian).Graph;

        AssertShapes(learned.Input, ("Features", 5));
        AssertShapes(
            learned.Output,
            ("LatentMean", 3), ("LatentLogVar", 3), ("Reconstruction", 5), ("ReconstructionLogVar", 5), ("ReconstructionError", null), ("AnomalyScore", null));
        AssertShapes(plain.Output, ("LatentMean", 3), ("LatentLogVar", 3), ("Reconstruction", 5), ("ReconstructionError", null), ("AnomalyScore", null));
    }

    [TestMethod]
    public void TheModelSaysItIsTheAutoencoderAndDescribesTheSameVaeAsTheEncoder()
    {
        OnnxTestCase testCase = LearnedVarianceScaled;
        VaeNetwork network = testCase.CreateNetwork(seed: 6);
        ModelProto encoder = OnnxExporter.BuildEncoder(network, testCase.CreateScaling(6), testCase.ScalingKind, OnnxTensorNames.Default);
        ModelProto autoencoder = OnnxExporter.BuildAutoencoder(network, testCase.CreateScaling(6), testCase.ScalingKind, OnnxTensorNames.Default);

        Assert.AreEqual(8L, autoencoder.IrVersion);
        Assert.AreEqual(17L, autoencoder.OpsetImport.Single().Version);
        Assert.AreEqual(string.Empty, autoencoder.OpsetImport.Single().Domain);
        Dictionary<string, string> metadata = autoencoder.MetadataProps.ToDictionary(e => e.Key, e => e.Value);
        Assert.AreEqual("autoencoder", metadata["vae_mlnet.graph"]);
        foreach (StringStringEntryProto entry in encoder.MetadataProps.Where(e => e.Key != "vae_mlnet.graph"))
        {
            Assert.AreEqual(entry.Value, metadata[entry.Key], entry.Key);
        }

        Assert.AreEqual(encoder.MetadataProps.Count, autoencoder.MetadataProps.Count);
        Assert.AreEqual(autoencoder.Graph.Node.Count, autoencoder.Graph.Node.Select(n => n.Name).Distinct().Count(), "node names must be unique");
    }

    [TestMethod]
    public void TheAutoencoderHoldsExactlyTheEncoderAndDecoderConstantsPlusLossConstants()
    {
        // Shared construction: every weight and scaling constant of the two halves appears once, with the same bytes.
        foreach (OnnxTestCase testCase in OnnxTestCase.All)
        {
            VaeNetwork network = testCase.CreateNetwork(seed: 7);
            FeatureScaling? scaling = testCase.CreateScaling(seed: 7);
            GraphProto encoder = OnnxExporter.BuildEncoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default).Graph;
            GraphProto decoder = OnnxExporter.BuildDecoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default).Graph;
            GraphProto autoencoder = Build(testCase, network, scaling).Graph;

            Dictionary<string, TensorProto> constants = autoencoder.Initializer.ToDictionary(t => t.Name);
            foreach (TensorProto tensor in encoder.Initializer.Concat(decoder.Initializer))
            {
                Assert.IsTrue(constants.TryGetValue(tensor.Name, out TensorProto? found), $"{testCase.Label}: {tensor.Name} missing");
                Assert.AreEqual(tensor, found, $"{testCase.Label}: {tensor.Name}");
            }

            string[] extra = constants.Keys.Except(encoder.Initializer.Concat(decoder.Initializer).Select(t => t.Name)).ToArray();
            Assert.IsTrue(
                extra.All(n => n.StartsWith("kl.", StringComparison.Ordinal) || n.StartsWith("reconstruction_error.", StringComparison.Ordinal)
                    || (testCase.Categorical && n.StartsWith("categories.", StringComparison.Ordinal))),
                string.Join(", ", extra));
        }
    }

    [TestMethod]
    public void RowSumsUseReduceSumWithAxesAsAnInputAndNoKeptDimension()
    {
        foreach (VaeLikelihood likelihood in Enum.GetValues<VaeLikelihood>())
        {
            GraphProto graph = Build(new OnnxTestCase(likelihood, VaeActivation.Tanh, 1, Scaled: true)).Graph;
            NodeProto[] sums = graph.Node.Where(n => n.OpType == "ReduceSum").ToArray();

            Assert.AreEqual(2, sums.Length, $"{likelihood}: one for the reconstruction error and one for the KL");
            foreach (NodeProto sum in sums)
            {
                Assert.AreEqual(2, sum.Input.Count);
                TensorProto axes = graph.Initializer.Single(t => t.Name == sum.Input[1]);
                Assert.AreEqual((int)TensorProto.Types.DataType.Int64, axes.DataType);
                Assert.AreEqual(1L, BitConverter.ToInt64(axes.RawData.Span));
                Assert.AreEqual(0L, sum.Attribute.Single(a => a.Name == "keepdims").I);
            }
        }
    }

    [TestMethod]
    public void ClashingOrEmptyAutoencoderNamesAreRefused()
    {
        OnnxTestCase testCase = LearnedVarianceScaled;
        VaeNetwork network = testCase.CreateNetwork(6);
        FeatureScaling? scaling = testCase.CreateScaling(6);
        VaeModel model = testCase.CreateModel(network, scaling);

        Assert.ThrowsExactly<ArgumentException>(() => model.ExportOnnx(OnnxTensorNames.Default with { AnomalyScore = "Features" }));
        Assert.ThrowsExactly<ArgumentException>(() => model.ExportOnnx(OnnxTensorNames.Default with { ReconstructionError = "AnomalyScore" }));
        Assert.AreEqual(
            "The ONNX tensor name ReconstructionError is blank; give it a name. (Parameter 'ReconstructionError')",
            Assert.ThrowsExactly<ArgumentException>(() => model.ExportOnnx(OnnxTensorNames.Default with { ReconstructionError = "" })).Message);
        Assert.AreEqual(
            "The ONNX tensor name Features is null; give it a name. (Parameter 'Features')",
            Assert.ThrowsExactly<ArgumentException>(() => model.ExportOnnx(OnnxTensorNames.Default with { Features = null! })).Message);
        Assert.ThrowsExactly<ArgumentException>(
            () => OnnxExporter.ExportAutoencoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default with { Latent = "ReconstructionError" }));
    }

    [TestMethod]
    public void EncoderAndDecoderStillTakeNamesThatOnlyClashWithTheAutoencoderDefaults()
    {
        // Files exported before the autoencoder existed may use these names; they must still import.
        OnnxTestCase testCase = LearnedVarianceScaled;
        VaeNetwork network = testCase.CreateNetwork(6);
        FeatureScaling? scaling = testCase.CreateScaling(6);
        OnnxTensorNames names = OnnxTensorNames.Default with { Latent = "AnomalyScore", Reconstruction = "ReconstructionError" };

        OnnxImportedModel imported = GraphFiles.Import(
            OnnxExporter.ExportEncoder(network, scaling, testCase.ScalingKind, names),
            OnnxExporter.ExportDecoder(network, scaling, testCase.ScalingKind, names));

        Assert.AreEqual("AnomalyScore", imported.TensorNames.Latent);
        Assert.AreEqual("ReconstructionError", imported.TensorNames.Reconstruction);
    }

    private static ModelProto Build(OnnxTestCase testCase) => Build(testCase, testCase.CreateNetwork(6), testCase.CreateScaling(6));

    private static ModelProto Build(OnnxTestCase testCase, VaeNetwork network, FeatureScaling? scaling) =>
        ModelProto.Parser.ParseFrom(OnnxExporter.BuildAutoencoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default).ToByteArray());

    private static void AssertShapes(IList<ValueInfoProto> values, params (string Name, long? Width)[] expected)
    {
        Assert.AreEqual(expected.Length, values.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i].Name, values[i].Name);
            TypeProto.Types.Tensor tensor = values[i].Type.TensorType;
            Assert.AreEqual(1, tensor.ElemType, "float32");
            Assert.AreEqual(expected[i].Width is null ? 1 : 2, tensor.Shape.Dim.Count, values[i].Name);
            Assert.AreEqual("N", tensor.Shape.Dim[0].DimParam);
            if (expected[i].Width is long width)
            {
                Assert.AreEqual(width, tensor.Shape.Dim[1].DimValue);
            }
        }
    }
}
