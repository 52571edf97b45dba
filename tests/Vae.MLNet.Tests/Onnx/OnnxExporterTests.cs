using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Tests.Onnx;

[TestClass]
public sealed class OnnxExporterTests
{
    private static readonly OnnxTestCase LearnedVarianceScaled = new(VaeLikelihood.GaussianLearnedVariance, VaeActivation.LeakyRelu, 2, Scaled: true);

    [TestMethod]
    public void EveryValueOfEveryDecoderGraphIsNamedWithinTheDecodersScopes()
    {
        var ranges = new VaeFeatureRanges([0f, 0f, -1f, 0f, 0f], [1f, 1f, 1f, 1f, 1f], [true, true, false, true, true]);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (OnnxTestCase testCase in OnnxTestCase.All)
        {
            foreach (VaeFeatureRanges? applied in new[] { null, ranges })
            {
                GraphProto graph = OnnxExporter.BuildDecoder(
                    testCase.CreateNetwork(seed: 1), testCase.CreateScaling(seed: 1), testCase.ScalingKind, OnnxTensorNames.Default, ranges: applied).Graph;
                string[] callers = [.. graph.Input.Select(input => input.Name), .. graph.Output.Select(output => output.Name)];
                string[] values = [.. graph.Node.SelectMany(node => node.Output).Concat(graph.Initializer.Select(constant => constant.Name)).Except(callers)];
                string[] outside = [.. values.Where(value => !OnnxExporter.DecoderValueScopes.Any(scope => value.StartsWith(scope, StringComparison.Ordinal)))];

                Assert.IsEmpty(outside, $"{testCase.Label}{(applied is null ? string.Empty : ", with ranges")}: {string.Join(", ", outside)}");
                named.UnionWith(values);
            }
        }

        foreach (string scope in OnnxExporter.DecoderValueScopes)
        {
            Assert.IsTrue(named.Any(value => value.StartsWith(scope, StringComparison.Ordinal)), $"some decoder names a value in '{scope}'");
        }
    }

    [TestMethod]
    public void TheSameWeightsGiveByteIdenticalFiles()
    {
        foreach (OnnxTestCase testCase in OnnxTestCase.All)
        {
            VaeNetwork first = testCase.CreateNetwork(seed: 5);
            VaeNetwork second = testCase.CreateNetwork(seed: 5);
            FeatureScaling? scaling = testCase.CreateScaling(seed: 5);

            CollectionAssert.AreEqual(
                OnnxExporter.ExportEncoder(first, scaling, testCase.ScalingKind),
                OnnxExporter.ExportEncoder(second, testCase.CreateScaling(seed: 5), testCase.ScalingKind),
                testCase.Label);
            CollectionAssert.AreEqual(
                OnnxExporter.ExportDecoder(first, scaling, testCase.ScalingKind),
                OnnxExporter.ExportDecoder(second, testCase.CreateScaling(seed: 5), testCase.ScalingKind),
                testCase.Label);
        }
    }

    [TestMethod]
    public void OtherWeightsGiveOtherBytes()
    {
        OnnxTestCase testCase = LearnedVarianceScaled;
        VaeNetwork network = testCase.CreateNetwork(seed: 5);
        byte[] before = OnnxExporter.ExportDecoder(network, testCase.CreateScaling(5), testCase.ScalingKind);
        network.DecoderHead.Weights[0] += 1f;

        byte[] after = OnnxExporter.ExportDecoder(network, testCase.CreateScaling(5), testCase.ScalingKind);

        CollectionAssert.AreNotEqual(before, after);
    }

    [TestMethod]
    public void ModelsDeclareOpset17AndDescribeThemselves()
    {
        OnnxTestCase testCase = LearnedVarianceScaled;
        VaeNetwork network = testCase.CreateNetwork(seed: 6);
        ModelProto encoder = ModelProto.Parser.ParseFrom(OnnxExporter.ExportEncoder(network, testCase.CreateScaling(6), testCase.ScalingKind));
        ModelProto decoder = ModelProto.Parser.ParseFrom(OnnxExporter.ExportDecoder(network, testCase.CreateScaling(6), testCase.ScalingKind));

        foreach ((ModelProto model, string role) in new[] { (encoder, "encoder"), (decoder, "decoder") })
        {
            Assert.AreEqual(8L, model.IrVersion);
            Assert.AreEqual("Vae.MLNet", model.ProducerName);
            Assert.AreEqual(1, model.OpsetImport.Count);
            Assert.AreEqual(string.Empty, model.OpsetImport[0].Domain);
            Assert.AreEqual(17L, model.OpsetImport[0].Version);
            Dictionary<string, string> metadata = model.MetadataProps.ToDictionary(e => e.Key, e => e.Value);
            Assert.AreEqual(role, metadata["vae_mlnet.graph"]);
            Assert.AreEqual("Vae.MLNet", metadata["vae_mlnet.library"]);
            Assert.IsFalse(string.IsNullOrEmpty(metadata["vae_mlnet.version"]));
            Assert.AreEqual("GaussianLearnedVariance", metadata["vae_mlnet.likelihood"]);
            Assert.AreEqual("LeakyRelu", metadata["vae_mlnet.activation"]);
            Assert.AreEqual("5", metadata["vae_mlnet.input_dimension"]);
            Assert.AreEqual("3", metadata["vae_mlnet.latent_dimension"]);
            Assert.AreEqual("Standardize", metadata["vae_mlnet.input_scaling"]);
            Assert.AreEqual(model.Graph.Node.Count, model.Graph.Node.Select(n => n.Name).Distinct().Count(), "node names must be unique");
        }

        Assert.AreEqual("6,4", encoder.MetadataProps.Single(e => e.Key == "vae_mlnet.encoder_hidden_sizes").Value);
        Assert.AreEqual("7,5", encoder.MetadataProps.Single(e => e.Key == "vae_mlnet.decoder_hidden_sizes").Value);
    }

    [TestMethod]
    public void InputsAndOutputsAreFloatMatricesWithASymbolicBatchDimension()
    {
        OnnxTestCase testCase = LearnedVarianceScaled;
        VaeNetwork network = testCase.CreateNetwork(seed: 6);
        GraphProto encoder = OnnxExporter.BuildEncoder(network, testCase.CreateScaling(6), testCase.ScalingKind, OnnxTensorNames.Default).Graph;
        GraphProto decoder = OnnxExporter.BuildDecoder(network, testCase.CreateScaling(6), testCase.ScalingKind, OnnxTensorNames.Default).Graph;

        AssertMatrices(encoder.Input, ("Features", 5));
        AssertMatrices(encoder.Output, ("LatentMean", 3), ("LatentLogVar", 3));
        AssertMatrices(decoder.Input, ("Latent", 3));
        AssertMatrices(decoder.Output, ("Reconstruction", 5), ("ReconstructionLogVar", 5));
    }

    [TestMethod]
    public void LeakyReluCarriesTheSlopeEvenWhenItIsZero()
    {
        var testCase = new OnnxTestCase(VaeLikelihood.Bernoulli, VaeActivation.LeakyRelu, 1, Scaled: false);
        VaeNetwork template = testCase.CreateNetwork(seed: 6);
        var network = new VaeNetwork(
            template.InputDimension, template.LatentDimension, template.Activation, 0f, template.Likelihood, template.GaussianVariance,
            template.EncoderHidden, template.EncoderHead, template.DecoderHidden, template.DecoderHead);
        GraphProto encoder = ModelProto.Parser.ParseFrom(OnnxExporter.ExportEncoder(network, null, VaeInputScaling.None)).Graph;

        NodeProto leaky = encoder.Node.Single(n => n.OpType == "LeakyRelu");

        AttributeProto alpha = leaky.Attribute.Single(a => a.Name == "alpha");
        Assert.IsTrue(alpha.HasF, "an unwritten alpha means ONNX's default 0.01, not 0");
        Assert.AreEqual(0f, alpha.F);
    }

    [TestMethod]
    public void DecoderWithoutLearnedVarianceHasOnlyTheReconstruction()
    {
        var testCase = new OnnxTestCase(VaeLikelihood.Bernoulli, VaeActivation.Relu, 1, Scaled: true);
        GraphProto decoder = OnnxExporter.BuildDecoder(
            testCase.CreateNetwork(6), testCase.CreateScaling(6), testCase.ScalingKind, OnnxTensorNames.Default).Graph;

        AssertMatrices(decoder.Output, ("Reconstruction", 5));
        CollectionAssert.AreEqual(
            new[] { "Gemm", "Relu", "Gemm", "Sigmoid", "Div", "Add" },
            decoder.Node.Select(n => n.OpType).ToArray());
    }

    [TestMethod]
    public void ClashingTensorNamesAreRefused()
    {
        var testCase = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: false);
        VaeNetwork network = testCase.CreateNetwork(6);

        Assert.ThrowsExactly<ArgumentException>(
            () => OnnxExporter.ExportEncoder(network, null, VaeInputScaling.None, OnnxTensorNames.Default with { LatentMean = "Features" }));
        Assert.AreEqual("Features", Assert.ThrowsExactly<ArgumentException>(
            () => OnnxExporter.ExportEncoder(network, null, VaeInputScaling.None, OnnxTensorNames.Default with { Features = "encoder.head.weight" })).ParamName);
        Assert.AreEqual("AnomalyScore", Assert.ThrowsExactly<ArgumentException>(
            () => OnnxExporter.ExportAutoencoder(network, null, VaeInputScaling.None, OnnxTensorNames.Default with { AnomalyScore = "kl.row_sum" })).ParamName);
        Assert.ThrowsExactly<ArgumentException>(
            () => OnnxExporter.ExportEncoder(network, null, VaeInputScaling.None, OnnxTensorNames.Default with { Latent = " " }));
    }

    [TestMethod]
    public void TensorNamesOnnxRuntimeCouldNotFindAreRefused()
    {
        // Built at run time: an attribute argument could not carry a lone surrogate into the test unchanged.
        VaeModel model = PlainGaussianModel();
        (OnnxTensorNames Names, string Property, string Reason)[] cases =
        [
            (OnnxTensorNames.Default with { Features = "a\0b" }, "Features", "NUL"),
            (OnnxTensorNames.Default with { Features = "x\uD800y" }, "Features", "index 1"),
            (OnnxTensorNames.Default with { LatentMean = "\uDC00" }, "LatentMean", "index 0"),
            (OnnxTensorNames.Default with { Latent = "z\uD83D" }, "Latent", "index 1"),
            (OnnxTensorNames.Default with { Reconstruction = "\uDE00\uD83D" }, "Reconstruction", "index 0"),
        ];

        foreach ((OnnxTensorNames names, string property, string reason) in cases)
        {
            ArgumentException error = Assert.ThrowsExactly<ArgumentException>(() => model.ExportOnnx(names), property);

            Assert.AreEqual(property, error.ParamName);
            StringAssert.Contains(error.Message, reason);
        }
    }

    [TestMethod]
    public void ATensorNameLongerThanTheLimitIsRefusedAndOneAtTheLimitRoundTrips()
    {
        // 'é' takes two bytes of UTF-8: the limit counts bytes, as ONNX stores the name, not characters.
        VaeModel model = PlainGaussianModel();
        string atLimit = new('é', OnnxTensorNames.MaxNameBytes / 2);
        string overLimit = atLimit + "x";

        ArgumentException error = Assert.ThrowsExactly<ArgumentException>(() => model.ExportOnnx(OnnxTensorNames.Default with { AnomalyScore = overLimit }));
        VaeOnnxGraphs graphs = model.ExportOnnx(OnnxTensorNames.Default with { Features = atLimit });

        Assert.AreEqual("AnomalyScore", error.ParamName);
        StringAssert.StartsWith(error.Message, "The ONNX tensor name AnomalyScore takes 1025 bytes of UTF-8, more than the 1024 a tensor name may; give a shorter name.");
        Assert.AreEqual(atLimit, GraphFiles.Import(graphs.Encoder, graphs.Decoder).TensorNames.Features);
    }

    [TestMethod]
    public void NamesOutsideTheBasicPlaneAndWithSpacesAreAccepted()
    {
        VaeModel model = PlainGaussianModel();

        VaeOnnxGraphs graphs = model.ExportOnnx(OnnxTensorNames.Default with { Features = " Merkmale äö 特徴 \U0001F600 " });

        Assert.AreEqual(" Merkmale äö 特徴 \U0001F600 ", GraphFiles.Import(graphs.Encoder, graphs.Decoder).TensorNames.Features);
    }

    [TestMethod]
    public void EveryNameTheTrainedGraphWouldRefuseIsRefusedBeforeTraining()
    {
        foreach (OnnxTestCase testCase in OnnxTestCase.All)
        {
            VaeModel model = testCase.CreateModel(testCase.CreateNetwork(seed: 8), testCase.CreateScaling(seed: 8));
            GraphProto graph = OnnxExporter.BuildAutoencoder(model.Network, model.Scaling, testCase.ScalingKind, OnnxTensorNames.Default).Graph;
            string[] ownValues = [.. graph.Node.SelectMany(node => node.Output).Concat(graph.Initializer.Select(constant => constant.Name))
                .Where(name => OnnxTensorNames.Default.PropertyNamed(name) is null)];
            Assert.IsNotEmpty(ownValues, testCase.Label);

            foreach (string name in ownValues)
            {
                OnnxTensorNames clashing = OnnxTensorNames.Default with { ReconstructionError = name };
                Assert.ThrowsExactly<ArgumentException>(() => model.ExportAutoencoderOnnx(VaeAutoencoderOutputs.ReconstructionError, clashing), $"{testCase.Label}: {name}");
                var early = Assert.ThrowsExactly<ArgumentException>(
                    () => OnnxExporter.RequireUsableNames(model.Options, clashing, VaeAutoencoderOutputs.ReconstructionError), $"{testCase.Label}: {name}");
                Assert.AreEqual(nameof(OnnxTensorNames.ReconstructionError), early.ParamName, $"{testCase.Label}: {name}");
            }

            OnnxExporter.RequireUsableNames(model.Options, OnnxTensorNames.Default, OnnxExporter.AllOutputs(model.Network));
        }
    }

    [TestMethod]
    public void ScalingThatDoesNotFitTheNetworkIsRefused()
    {
        var testCase = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: true);
        VaeNetwork network = testCase.CreateNetwork(6);
        var tooNarrow = new FeatureScaling([0f], [1f]);
        var zeroScale = new FeatureScaling(new float[5], new float[5]);

        Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ExportEncoder(network, tooNarrow, VaeInputScaling.Standardize));
        Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ExportDecoder(network, zeroScale, VaeInputScaling.Standardize));
        Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ExportEncoder(network, null, VaeInputScaling.Standardize));
    }

    [TestMethod]
    public void ScalingOfMoreFeaturesOrWithANonFiniteOffsetIsRefused()
    {
        // Written anyway, the graph would broadcast six constants over five features, or subtract NaN from every row.
        var testCase = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: true);
        VaeNetwork network = testCase.CreateNetwork(6);
        var tooWide = new FeatureScaling(new float[6], Enumerable.Repeat(1f, 6).ToArray());
        var nanOffset = new FeatureScaling([0f, float.NaN, 0f, 0f, 0f], Enumerable.Repeat(1f, 5).ToArray());

        var wide = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ExportEncoder(network, tooWide, VaeInputScaling.Standardize));
        var nan = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ExportDecoder(network, nanOffset, VaeInputScaling.Standardize));

        Assert.AreEqual("The scaling covers 6 features but the network takes 5. (Parameter 'scaling')", wide.Message);
        StringAssert.StartsWith(nan.Message, "Every scaling factor must be finite and positive and every offset finite.");
    }

    private static void AssertMatrices(IList<ValueInfoProto> values, params (string Name, long Width)[] expected)
    {
        Assert.AreEqual(expected.Length, values.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i].Name, values[i].Name);
            TypeProto.Types.Tensor tensor = values[i].Type.TensorType;
            Assert.AreEqual(1, tensor.ElemType, "float32");
            Assert.AreEqual(2, tensor.Shape.Dim.Count);
            Assert.AreEqual("N", tensor.Shape.Dim[0].DimParam);
            Assert.AreEqual(expected[i].Width, tensor.Shape.Dim[1].DimValue);
        }
    }

    private static VaeModel PlainGaussianModel()
    {
        var testCase = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: false);
        return testCase.CreateModel(testCase.CreateNetwork(6), scaling: null);
    }
}
