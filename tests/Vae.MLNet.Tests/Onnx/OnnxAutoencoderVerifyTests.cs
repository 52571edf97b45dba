using Google.Protobuf;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Tests.Onnx;

[TestClass]
public sealed class OnnxAutoencoderVerifyTests
{
    private static readonly OnnxTestCase Case = new(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Relu, 1, Scaled: true);

    public static IEnumerable<object[]> Cases =>
        OnnxTestCase.All.Select(c => new object[] { c.Likelihood, c.Activation, c.HiddenLayers, c.Scaled });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void AnExportedAutoencoderVerifiesAgainstItsImportedEncoderAndDecoder(
        VaeLikelihood likelihood, VaeActivation activation, int hiddenLayers, bool scaled)
    {
        var testCase = new OnnxTestCase(likelihood, activation, hiddenLayers, scaled);
        (OnnxImportedModel model, byte[] autoencoder) = Export(testCase, seed: 3, OnnxTensorNames.Default);

        Assert.AreEqual(OnnxTensorNames.Default, GraphFiles.VerifyAutoencoder(autoencoder, model));
    }

    [TestMethod]
    public void VerifyingGivesBackCustomNames()
    {
        var names = new OnnxTensorNames
        {
            Features = "x",
            LatentMean = "mu",
            LatentLogVar = "log_sigma2",
            Latent = "z",
            Reconstruction = "x_hat",
            ReconstructionLogVar = "x_log_sigma2",
            ReconstructionError = "nll",
            AnomalyScore = "score",
        };
        (OnnxImportedModel model, byte[] autoencoder) = Export(Case, seed: 4, names);

        Assert.AreEqual(names, GraphFiles.VerifyAutoencoder(autoencoder, model));
    }

    [TestMethod]
    public void AnAutoencoderOfOtherWeightsIsRefused()
    {
        (OnnxImportedModel model, _) = Export(Case, seed: 8, OnnxTensorNames.Default);
        (_, byte[] other) = Export(Case, seed: 9, OnnxTensorNames.Default);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.VerifyAutoencoder(other, model));

        Assert.AreEqual("autoencoder", error.ModelPart);
        StringAssert.Contains(error.Message, "constant");
    }

    [TestMethod]
    public void AnAutoencoderOfAnotherArchitectureIsADifferentModel()
    {
        (OnnxImportedModel model, _) = Export(Case, seed: 8, OnnxTensorNames.Default);
        (_, byte[] other) = Export(Case with { Likelihood = VaeLikelihood.Gaussian }, seed: 8, OnnxTensorNames.Default);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.VerifyAutoencoder(other, model));

        StringAssert.Contains(error.Message, "different models");
        StringAssert.Contains(error.Message, "vae_mlnet.likelihood");
    }

    [TestMethod]
    public void TheEncoderIsNotAnAutoencoder()
    {
        VaeNetwork network = Case.CreateNetwork(seed: 8);
        FeatureScaling? scaling = Case.CreateScaling(seed: 8);
        byte[] encoder = OnnxExporter.ExportEncoder(network, scaling, Case.ScalingKind);
        OnnxImportedModel model = GraphFiles.Import(encoder, OnnxExporter.ExportDecoder(network, scaling, Case.ScalingKind));

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.VerifyAutoencoder(encoder, model));

        Assert.AreEqual("autoencoder", error.ModelPart);
        StringAssert.Contains(error.Message, "'encoder' graph");
    }

    [TestMethod]
    public void TruncatedBytesAreRefused()
    {
        (OnnxImportedModel model, byte[] autoencoder) = Export(Case, seed: 8, OnnxTensorNames.Default);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.VerifyAutoencoder(autoencoder[..^5], model));

        StringAssert.Contains(error.Message, "not a valid ONNX file");
    }

    [TestMethod]
    public void NamesThatDifferFromTheEncoderAndDecoderAreRefused()
    {
        (OnnxImportedModel model, _) = Export(Case, seed: 8, OnnxTensorNames.Default);
        (_, byte[] renamed) = Export(Case, seed: 8, OnnxTensorNames.Default with { LatentMean = "mu" });

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.VerifyAutoencoder(renamed, model));

        StringAssert.Contains(error.Message, "mu");
    }

    [TestMethod]
    public void AnInputNamedOtherwiseThanTheEncodersIsRefusedByItsName()
    {
        (OnnxImportedModel model, _) = Export(Case, seed: 8, OnnxTensorNames.Default);
        (_, byte[] renamed) = Export(Case, seed: 8, OnnxTensorNames.Default with { Features = "x" });

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.VerifyAutoencoder(renamed, model));

        StringAssert.StartsWith(error.Message, "The autoencoder graph's input and outputs are named x, LatentMean, ");
        StringAssert.Contains(error.Message, "where the encoder and decoder use Features, LatentMean, ");
    }

    [TestMethod]
    public void AnEditedLossIsRefused()
    {
        (OnnxImportedModel model, byte[] autoencoder) = Export(Case, seed: 8, OnnxTensorNames.Default);
        ModelProto edited = ModelProto.Parser.ParseFrom(autoencoder);
        edited.Graph.Node.Single(n => n.Name == "kl.row_sum").Attribute.Single(a => a.Name == "keepdims").I = 1;

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.VerifyAutoencoder(edited.ToByteArray(), model));

        StringAssert.Contains(error.Message, "ReduceSum 'kl.row_sum'");
    }

    [TestMethod]
    [DataRow(VaeActivation.Softplus, VaeLikelihood.Bernoulli)]
    [DataRow(VaeActivation.Softplus, VaeLikelihood.GaussianLearnedVariance)]
    [DataRow(VaeActivation.Relu, VaeLikelihood.Bernoulli)]
    public void GraphsInTheOlderSoftplusOperatorFormStillImportButNotWhenEdited(VaeActivation activation, VaeLikelihood likelihood)
    {
        var testCase = new OnnxTestCase(likelihood, activation, 1, Scaled: true);
        VaeNetwork network = testCase.CreateNetwork(8);
        FeatureScaling? scaling = testCase.CreateScaling(8);
        OnnxTensorNames names = OnnxTensorNames.Default;
        ModelProto encoder = OnnxExporter.BuildEncoder(network, scaling, testCase.ScalingKind, names, OnnxGraphForm.SoftplusOperator);
        ModelProto decoder = OnnxExporter.BuildDecoder(network, scaling, testCase.ScalingKind, names, OnnxGraphForm.SoftplusOperator);
        ModelProto autoencoder = OnnxExporter.BuildAutoencoder(network, scaling, testCase.ScalingKind, names, form: OnnxGraphForm.SoftplusOperator);
        Assert.AreEqual(activation == VaeActivation.Softplus, encoder.Graph.Node.Any(n => n.OpType == "Softplus"));
        Assert.IsTrue(autoencoder.Graph.Node.Any(n => n.OpType == "Softplus"));

        OnnxImportedModel model = GraphFiles.Import(encoder.ToByteArray(), decoder.ToByteArray());
        Assert.AreEqual(names, GraphFiles.VerifyAutoencoder(autoencoder.ToByteArray(), model));
        CollectionAssert.AreEqual(network.DecoderHead.Weights, model.Network.DecoderHead.Weights);

        autoencoder.Graph.Node.First(n => n.OpType == "Softplus").OpType = "Relu";
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.VerifyAutoencoder(autoencoder.ToByteArray(), model));
        StringAssert.Contains(error.Message, "nodes where", "the error describes the difference from the current form");
    }

    private static (OnnxImportedModel Model, byte[] Autoencoder) Export(OnnxTestCase testCase, int seed, OnnxTensorNames names)
    {
        VaeNetwork network = testCase.CreateNetwork(seed);
        FeatureScaling? scaling = testCase.CreateScaling(seed);
        OnnxImportedModel model = GraphFiles.Import(
            OnnxExporter.ExportEncoder(network, scaling, testCase.ScalingKind, names),
            OnnxExporter.ExportDecoder(network, scaling, testCase.ScalingKind, names));
        return (model, OnnxExporter.ExportAutoencoder(network, scaling, testCase.ScalingKind, names));
    }
}
