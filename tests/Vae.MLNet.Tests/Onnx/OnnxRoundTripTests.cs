using System.Buffers.Binary;
using Google.Protobuf;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Tests.Onnx;

[TestClass]
public sealed class OnnxRoundTripTests
{
    public static IEnumerable<object[]> Cases =>
        OnnxTestCase.All.Select(c => new object[] { c.Likelihood, c.Activation, c.HiddenLayers, c.Scaled });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ImportGivesBackEveryWeightAndTheScaling(VaeLikelihood likelihood, VaeActivation activation, int hiddenLayers, bool scaled)
    {
        var testCase = new OnnxTestCase(likelihood, activation, hiddenLayers, scaled);
        VaeNetwork network = testCase.CreateNetwork(seed: 3);
        FeatureScaling? scaling = testCase.CreateScaling(seed: 3);

        OnnxImportedModel imported = GraphFiles.Import(
            OnnxExporter.ExportEncoder(network, scaling, testCase.ScalingKind),
            OnnxExporter.ExportDecoder(network, scaling, testCase.ScalingKind));

        VaeNetwork back = imported.Network;
        Assert.AreEqual(network.InputDimension, back.InputDimension);
        Assert.AreEqual(network.LatentDimension, back.LatentDimension);
        Assert.AreEqual(network.Activation, back.Activation);
        Assert.AreEqual(network.LeakyReluSlope, back.LeakyReluSlope);
        Assert.AreEqual(network.Likelihood, back.Likelihood);
        Assert.AreEqual(network.GaussianVariance, back.GaussianVariance);
        Assert.AreEqual(network.EncoderHidden.Length, back.EncoderHidden.Length);
        Assert.AreEqual(network.DecoderHidden.Length, back.DecoderHidden.Length);
        foreach ((DenseLayer expected, DenseLayer actual) in network.Layers.Zip(back.Layers))
        {
            Assert.AreEqual(expected.InputSize, actual.InputSize);
            Assert.AreEqual(expected.OutputSize, actual.OutputSize);
            CollectionAssert.AreEqual(expected.Weights, actual.Weights);
            CollectionAssert.AreEqual(expected.Bias, actual.Bias);
        }

        Assert.AreEqual(testCase.ScalingKind, imported.InputScaling);
        if (scaling is null)
        {
            Assert.IsNull(imported.Scaling);
        }
        else
        {
            Assert.IsNotNull(imported.Scaling);
            CollectionAssert.AreEqual(scaling.Offset, imported.Scaling.Offset);
            CollectionAssert.AreEqual(scaling.Scale, imported.Scaling.Scale);
        }

        Assert.AreEqual(OnnxTensorNames.Default, imported.TensorNames);
    }

    [TestMethod]
    public void CustomTensorNamesSurviveTheRoundTrip()
    {
        var testCase = new OnnxTestCase(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Tanh, 1, Scaled: true);
        VaeNetwork network = testCase.CreateNetwork(seed: 4);
        FeatureScaling? scaling = testCase.CreateScaling(seed: 4);
        var names = new OnnxTensorNames
        {
            Features = "x",
            LatentMean = "mu",
            LatentLogVar = "log_sigma2",
            Latent = "z",
            Reconstruction = "x_hat",
            ReconstructionLogVar = "x_log_sigma2",
        };

        OnnxImportedModel imported = GraphFiles.Import(
            OnnxExporter.ExportEncoder(network, scaling, testCase.ScalingKind, names),
            OnnxExporter.ExportDecoder(network, scaling, testCase.ScalingKind, names));

        Assert.AreEqual(names, imported.TensorNames);
    }

    [TestMethod]
    public void ValuesStoredInTypedFieldsInsteadOfRawDataImportTheSame()
    {
        // Tools that re-save ONNX files may move tensor values from raw_data to float_data / int64_data.
        var testCase = new OnnxTestCase(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Softplus, 2, Scaled: true);
        VaeNetwork network = testCase.CreateNetwork(seed: 10);
        FeatureScaling? scaling = testCase.CreateScaling(seed: 10);
        ModelProto encoder = OnnxExporter.BuildEncoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default);
        ModelProto decoder = OnnxExporter.BuildDecoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default);
        foreach (TensorProto tensor in encoder.Graph.Initializer.Concat(decoder.Graph.Initializer))
        {
            byte[] raw = tensor.RawData.ToByteArray();
            if (tensor.DataType == (int)TensorProto.Types.DataType.Float)
            {
                tensor.FloatData.Add(Enumerable.Range(0, raw.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4))));
            }
            else
            {
                tensor.Int64Data.Add(Enumerable.Range(0, raw.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(i * 8))));
            }

            tensor.RawData = ByteString.Empty;
        }

        OnnxImportedModel imported = GraphFiles.Import(encoder.ToByteArray(), decoder.ToByteArray());

        CollectionAssert.AreEqual(network.DecoderHead.Weights, imported.Network.DecoderHead.Weights);
        CollectionAssert.AreEqual(scaling!.Scale, imported.Scaling!.Scale);
    }

    [TestMethod]
    public void ValuesInTheFieldOfAnotherTypeOrInTwoPlacesAreRefused()
    {
        // The ONNX checker rejects both: a float tensor's values belong in raw_data or float_data, and only in one.
        var testCase = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: true);
        VaeNetwork network = testCase.CreateNetwork(seed: 11);
        FeatureScaling? scaling = testCase.CreateScaling(seed: 11);
        byte[] decoder = OnnxExporter.ExportDecoder(network, scaling, testCase.ScalingKind);
        foreach (bool twoPlaces in new[] { false, true })
        {
            ModelProto encoder = OnnxExporter.BuildEncoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default);
            TensorProto bias = encoder.Graph.Initializer.Single(t => t.Name == "encoder.head.bias");
            byte[] raw = bias.RawData.ToByteArray();
            if (twoPlaces)
            {
                bias.FloatData.Add(Enumerable.Range(0, raw.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4))));
            }
            else
            {
                bias.Int64Data.Add(Enumerable.Range(0, raw.Length / 4).Select(i => (long)BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(i * 4))));
                bias.RawData = ByteString.Empty;
            }

            Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), decoder), twoPlaces ? "two places" : "int64_data");
        }
    }
}
