using Google.Protobuf;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Tests.Onnx;

[TestClass]
public sealed class OnnxImporterErrorTests
{
    private static readonly OnnxTestCase Case = new(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Relu, 1, Scaled: true);

    private static readonly Lazy<(byte[] Encoder, byte[] Decoder)> Exported = new(() => Export(Case, seed: 8));

    private static byte[] Encoder => Exported.Value.Encoder;

    private static byte[] Decoder => Exported.Value.Decoder;

    [TestMethod]
    public void TheUneditedFilesImport()
    {
        // Every test below edits one thing in these files; this one shows that the edit, not the files, is refused.
        Assert.AreEqual(OnnxTestCase.InputDimension, GraphFiles.Import(Encoder, Decoder).Network.InputDimension);
    }

    [TestMethod]
    public void TruncatedBytesAreNotAValidOnnxFile()
    {
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder[..^7], Decoder));

        Assert.IsInstanceOfType<InvalidProtocolBufferException>(error.InnerException);
        Assert.AreEqual("encoder", error.ModelPart);
        StringAssert.Contains(error.Message, "not a valid ONNX file");
    }

    [TestMethod]
    [DataRow(new byte[0])]
    [DataRow(new byte[] { 0xFF, 0xFF, 0xFF })]
    [DataRow(new byte[] { 0x0A, 0x05, 0x01 })]
    [DataRow(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' })]
    public void GarbageDecoderBytesAreRefused(byte[] garbage)
    {
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, garbage));

        Assert.AreEqual("decoder", error.ModelPart);
    }

    [TestMethod]
    public void AForeignOnnxModelIsRecognizedAsNotOurs()
    {
        var graph = new GraphProto { Name = "someone_elses" };
        graph.Node.Add(new NodeProto { OpType = "Relu", Name = "relu", Input = { "x" }, Output = { "y" } });
        var foreign = new ModelProto { IrVersion = 8, ProducerName = "pytorch", Graph = graph };
        foreign.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(foreign.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "vae_mlnet.graph");
    }

    [TestMethod]
    public void SwappedEncoderAndDecoderAreRefused()
    {
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Decoder, Encoder));

        StringAssert.StartsWith(error.Message, "The model zip's encoder is a Vae.MLNet 'decoder' graph. The model zip was damaged or edited after it was saved;");
    }

    [TestMethod]
    public void AWeightWhoseShapeContradictsTheMetadataIsRefused()
    {
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        TensorProto head = encoder.Graph.Initializer.Single(t => t.Name == "encoder.head.weight");
        head.Dims[1] += 1;
        head.RawData = ByteString.CopyFrom(new byte[head.Dims[0] * head.Dims[1] * sizeof(float)]);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "'encoder.head.weight' has shape [6, 7]");
    }

    [TestMethod]
    public void AWeightWithTooFewValuesIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        TensorProto bias = decoder.Graph.Initializer.Single(t => t.Name == "decoder.head.bias");
        bias.RawData = ByteString.CopyFrom(bias.RawData.Span[..^4]);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "holds 9 values");
    }

    [TestMethod]
    public void AWeightWithTooManyValuesIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        TensorProto bias = decoder.Graph.Initializer.Single(t => t.Name == "decoder.head.bias");
        bias.RawData = ByteString.CopyFrom([.. bias.RawData.Span, 0, 0, 0, 0]);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "'decoder.head.bias' holds 11 values, but its shape needs 10");
    }

    [TestMethod]
    public void ANonFiniteWeightIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        TensorProto bias = decoder.Graph.Initializer.Single(t => t.Name == "decoder.head.bias");
        byte[] values = bias.RawData.ToByteArray();
        BitConverter.GetBytes(float.NaN).CopyTo(values, 2 * sizeof(float));
        bias.RawData = ByteString.CopyFrom(values);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "constant 'decoder.head.bias' holds NaN at index 2; every value must be finite");
    }

    [TestMethod]
    public void AScaleTrainingCannotLearnIsRefused()
    {
        foreach (float scale in new[] { 1e-45f, 0f, -2f })
        {
            ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
            ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
            foreach (ModelProto graph in new[] { encoder, decoder })
            {
                TensorProto scales = graph.Graph.Initializer.Single(t => t.Name == "scaling.scale");
                byte[] values = scales.RawData.ToByteArray();
                BitConverter.GetBytes(scale).CopyTo(values, sizeof(float));
                scales.RawData = ByteString.CopyFrom(values);
            }

            VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), decoder.ToByteArray()));

            StringAssert.StartsWith(error.Message, $"The encoder model's constant 'scaling.scale' holds {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} at index 1; a scale learned from data is at least 2.938736E-39.");
            StringAssert.Contains(error.Message, "or was trained before training refused features whose range is wider than float32's largest value");
        }
    }

    [TestMethod]
    public void TheSmallestScaleTrainingLearnsImports()
    {
        var data = VaeDataset.FromArray([0f, 0f, float.MaxValue, 1f], featureCount: 2);
        var options = new VaeOptions { HiddenLayerSizes = [2], LatentDimension = 1, InputScaling = VaeInputScaling.MinMax, Epochs = 1, NumberOfThreads = 1 };
        VaeModel model = new VaeTrainer(options).Fit(data);

        // Subnormal, where a step is float.Epsilon: the scale is stepped up until the maximum maps to 1.
        Assert.AreEqual(FeatureScaling.SmallestScale, model.Scaling!.Scale[0], 4 * float.Epsilon);

        OnnxImportedModel imported = GraphFiles.Import(
            OnnxExporter.ExportEncoder(model.Network, model.Scaling, VaeInputScaling.MinMax),
            OnnxExporter.ExportDecoder(model.Network, model.Scaling, VaeInputScaling.MinMax));

        CollectionAssert.AreEqual(model.Scaling.Scale, imported.Scaling!.Scale);
        var reconstruction = new float[4];
        model.Reconstruct(data.ToArray(), reconstruction);
        Assert.IsTrue(reconstruction.All(float.IsFinite), "probabilities up to 1 map back to at most the range's maximum");
    }

    [TestMethod]
    public void ADecoderOfAnotherArchitectureIsRefused()
    {
        var other = Case with { HiddenLayers = 2 };

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, Export(other, seed: 8).Decoder));

        StringAssert.Contains(error.Message, "different models");
    }

    [TestMethod]
    public void ADecoderOfAnotherExportWithOtherScalingIsRefused()
    {
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, Export(Case, seed: 9).Decoder));

        Assert.AreEqual("decoder", error.ModelPart);
        StringAssert.Contains(error.Message, "scaling.");
    }

    [TestMethod]
    public void ASpuriousExtraOutputIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        ValueInfoProto extra = decoder.Graph.Output[0].Clone();
        extra.Name = "spurious";
        decoder.Graph.Output.Add(extra);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        Assert.AreEqual("decoder", error.ModelPart);
        StringAssert.Contains(error.Message, $"{decoder.Graph.Output.Count} outputs where its metadata implies");
    }

    /// <summary>An entry both graphs gained agrees between them, so it is the entry itself that is refused.</summary>
    [TestMethod]
    [DataRow(false, "decoder")]
    [DataRow(true, "encoder")]
    public void AMetadataEntryTheExportDoesNotWriteIsRefused(bool inBoth, string refused)
    {
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        foreach (ModelProto graph in inBoth ? [encoder, decoder] : new[] { decoder })
        {
            graph.MetadataProps.Add(new StringStringEntryProto { Key = "extra", Value = "1" });
        }

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), decoder.ToByteArray()));

        Assert.AreEqual(refused, error.ModelPart);
        StringAssert.StartsWith(error.Message, $"The {refused} model's metadata has the entry 'extra', which Vae.MLNet does not write in format 1.");
    }

    /// <summary>Graphs with categorical features are format 2, and the refusal names the format the graphs give.</summary>
    [TestMethod]
    public void AMetadataEntryTheExportDoesNotWriteIsRefusedNamingTheGraphsFormat()
    {
        (byte[] encoder, byte[] decoder) = Export(new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: false, Categorical: true), seed: 3);
        ModelProto edited = ModelProto.Parser.ParseFrom(decoder);
        edited.MetadataProps.Add(new StringStringEntryProto { Key = "extra", Value = "1" });

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder, edited.ToByteArray()));

        StringAssert.StartsWith(error.Message, "The decoder model's metadata has the entry 'extra', which Vae.MLNet does not write in format 2.");
    }

    [TestMethod]
    public void AFormatOneGraphWithCategoricalFeaturesIsRefused()
    {
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        encoder.MetadataProps.Add(new StringStringEntryProto { Key = "vae_mlnet.categorical_features", Value = "0+2" });

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.StartsWith(error.Message, "The encoder model's metadata has the entry 'vae_mlnet.categorical_features', which Vae.MLNet does not write in format 1.");
    }

    [TestMethod]
    public void AnEditedActivationIsRefused()
    {
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        encoder.Graph.Node.Single(n => n.OpType == "Relu").OpType = "Tanh";

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "node");
    }

    [TestMethod]
    public void AnEditedClampIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        TensorProto max = decoder.Graph.Initializer.Single(t => t.Name == "reconstruction.log_variance_max");
        max.RawData = ByteString.CopyFrom(BitConverter.GetBytes(100f));

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "reconstruction.log_variance_max");
    }

    [TestMethod]
    public void AnotherOpsetIsRefused()
    {
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        encoder.OpsetImport[0].Version = 18;

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));
        encoder.OpsetImport[0].Version = 17;
        encoder.OpsetImport.Add(encoder.OpsetImport[0].Clone());
        VaeModelFormatException twice = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));
        encoder.OpsetImport.Clear();
        VaeModelFormatException none = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "imports ONNX opset 18, but");
        StringAssert.Contains(twice.Message, "imports the ONNX opset 2 times (versions 17, 17), but Vae.MLNet graphs import exactly opset 17, once, so it was converted.");
        StringAssert.Contains(none.Message, "imports no ONNX opset, but");
    }

    [TestMethod]
    public void AnotherIrVersionIsRefused()
    {
        // IR version 3 makes every initializer a graph input too, which the ONNX checker refuses without one.
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        encoder.IrVersion = 3;

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "IR version 3");
    }

    [TestMethod]
    public void AWeightMarkedAsExternalDataIsRefused()
    {
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        int at = encoder.Graph.Initializer.IndexOf(encoder.Graph.Initializer.Single(t => t.Name == "encoder.head.weight"));

        // data_location (field 14) = EXTERNAL, which this library's subset of onnx.proto keeps as an unknown field.
        byte[] external = [.. encoder.Graph.Initializer[at].ToByteArray(), 14 << 3, 1];
        encoder.Graph.Initializer[at] = TensorProto.Parser.ParseFrom(external);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "constant 'encoder.head.weight'");
    }

    [TestMethod]
    public void ValueInfoTheExportDoesNotWriteIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        decoder.Graph.ValueInfo.Add(decoder.Graph.Output[0].Clone());

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        Assert.AreEqual("decoder", error.ModelPart);
        StringAssert.Contains(error.Message, "value_info");
    }

    [TestMethod]
    public void AGraphNamedOtherwiseIsRefusedByItsName()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        string exported = decoder.Graph.Name;
        decoder.Graph.Name = "renamed";

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, $"it is named 'renamed' where the export names it '{exported}'");
    }

    [TestMethod]
    public void ANewerFormatVersionIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        decoder.MetadataProps.Single(e => e.Key == "vae_mlnet.format").Value = "3";

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "in ONNX format version 3; this build of Vae.MLNet " + OnnxModelMetadata.LibraryVersion + " reads ONNX format versions up to 2.");
    }

    [TestMethod]
    public void CategoricalFeaturesThatAreMissingMalformedOrNotTheGraphsOwnAreRefused()
    {
        (byte[] encoder, byte[] decoder) = Export(new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: false, Categorical: true), seed: 3);
        Assert.IsFalse(GraphFiles.Import(encoder, decoder).Network.Categories.IsEmpty);
        (string? Value, string Message)[] edits =
        [
            (null, "metadata has no 'vae_mlnet.categorical_features' entry"),
            ("0+2,3+3", "'vae_mlnet.categorical_features' is '0+2,3+3' where comma-separated first+count runs of features, in order, within the 5 features is expected"),
            ("0+2,1+2", "where comma-separated first+count runs"),
            ("0+2;3+2", "where comma-separated first+count runs"),
            ("0+2", "The decoder graph is not the one Vae.MLNet writes for its metadata"),
        ];

        foreach ((string? value, string message) in edits)
        {
            byte[][] edited = [.. new[] { encoder, decoder }.Select(graph => WithCategories(graph, value))];
            VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(edited[0], edited[1]), value ?? "(none)");
            StringAssert.Contains(error.Message, message, value ?? "(none)");
        }
    }

    [TestMethod]
    public void GraphsThatScaleTheirCategoricalFeaturesAreRefused()
    {
        var testCase = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: true, Categorical: true);
        VaeNetwork network = testCase.CreateNetwork(seed: 4);
        var scaling = new FeatureScaling([0f, 0.5f, 1f, 0f, 0f], [1f, 1f, 2f, 1f, 1f]);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(
            OnnxExporter.ExportEncoder(network, scaling, VaeInputScaling.Standardize), OnnxExporter.ExportDecoder(network, scaling, VaeInputScaling.Standardize)));

        StringAssert.StartsWith(error.Message, "The encoder scales features it models as categories (0+2,3+2, first+count), which the export leaves as they are.");
        Assert.AreEqual("encoder", error.ModelPart);
    }

    private static byte[] WithCategories(byte[] graph, string? value)
    {
        ModelProto model = ModelProto.Parser.ParseFrom(graph);
        StringStringEntryProto entry = model.MetadataProps.Single(e => e.Key == "vae_mlnet.categorical_features");
        if (value is null)
        {
            model.MetadataProps.Remove(entry);
        }
        else
        {
            entry.Value = value;
        }

        return model.ToByteArray();
    }

    [TestMethod]
    public void AnOlderFormatVersionIsRefused()
    {
        // Both graphs agree, so only the version check itself can refuse them.
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        encoder.MetadataProps.Single(e => e.Key == "vae_mlnet.format").Value = "0";
        decoder.MetadataProps.Single(e => e.Key == "vae_mlnet.format").Value = "0";

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "format version 0");
    }

    [TestMethod]
    public void AnUnreadableMetadataValueIsRefused()
    {
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        encoder.MetadataProps.Single(e => e.Key == "vae_mlnet.latent_dimension").Value = "three";

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "'vae_mlnet.latent_dimension' is 'three'");
    }

    [TestMethod]
    public void AnEmptyGraphFileIsCalledEmpty()
    {
        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import([], Decoder));

        Assert.AreEqual("encoder", error.ModelPart);
        StringAssert.StartsWith(error.Message, "The encoder model is empty: it holds no ONNX field.");
    }

    [TestMethod]
    public void ANewerIrVersionIsRefusedLikeAnOlderOne()
    {
        // A converter that upgrades the IR version may also have rewritten what the graph means; only 8 is written.
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        encoder.IrVersion = 9;

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "declares ONNX IR version 9, but Vae.MLNet writes exactly IR version 8");
    }

    [TestMethod]
    public void AnOpsetImportedUnderTheLongDomainNameCountsAsTheOnnxOpset()
    {
        // "ai.onnx" is the default domain's other name: a second import under it is a second ONNX opset.
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        encoder.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx", Version = 18 });

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        StringAssert.Contains(error.Message, "imports the ONNX opset 2 times (versions 17, 18)");
    }

    [TestMethod]
    public void ANonFiniteFirstWeightIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        TensorProto bias = decoder.Graph.Initializer.Single(t => t.Name == "decoder.head.bias");
        byte[] values = bias.RawData.ToByteArray();
        BitConverter.GetBytes(float.PositiveInfinity).CopyTo(values, 0);
        bias.RawData = ByteString.CopyFrom(values);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "constant 'decoder.head.bias' holds Infinity at index 0; every value must be finite");
    }

    [TestMethod]
    public void AScaleTrainingCannotLearnIsRefusedAsTheFirstFeatures()
    {
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        foreach (ModelProto graph in new[] { encoder, decoder })
        {
            TensorProto scales = graph.Graph.Initializer.Single(t => t.Name == "scaling.scale");
            byte[] values = scales.RawData.ToByteArray();
            BitConverter.GetBytes(0f).CopyTo(values, 0);
            scales.RawData = ByteString.CopyFrom(values);
        }

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), decoder.ToByteArray()));

        StringAssert.StartsWith(error.Message, "The encoder model's constant 'scaling.scale' holds 0 at index 0; a scale learned from data is at least");
    }

    [TestMethod]
    public void AConstantNoNodeReadsIsRefused()
    {
        // The graph computes the same without it, but the export never writes one: the file was edited.
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        var spare = new TensorProto { Name = "spare", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(new byte[4]) };
        spare.Dims.Add(1);
        encoder.Graph.Initializer.Add(spare);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), Decoder));

        Assert.AreEqual("encoder", error.ModelPart);
        StringAssert.Contains(error.Message, $"it has {encoder.Graph.Initializer.Count} constants where {encoder.Graph.Initializer.Count - 1} are expected");
    }

    [TestMethod]
    public void AConstantDefinedTwiceIsRefused()
    {
        // Which of two definitions a runtime uses is its own choice, so the second, other weights must not load.
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        TensorProto second = decoder.Graph.Initializer.Single(t => t.Name == "decoder.head.bias").Clone();
        second.RawData = ByteString.CopyFrom(new byte[second.RawData.Length]);
        decoder.Graph.Initializer.Add(second);

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "The decoder model has two constants named 'decoder.head.bias'.");
    }

    [TestMethod]
    public void AMetadataKeyGivenTwiceIsRefused()
    {
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        decoder.MetadataProps.Add(new StringStringEntryProto { Key = "vae_mlnet.format", Value = "1" });

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.Contains(error.Message, "The decoder model's metadata has the key 'vae_mlnet.format' twice, which ONNX forbids.");
    }

    [TestMethod]
    [DataRow("vae_mlnet.latent_dimension", "0", "where a positive integer of at most 1073741795 is expected")]
    [DataRow("vae_mlnet.latent_dimension", "1073741824", "where a positive integer of at most 1073741795 is expected")]
    [DataRow("vae_mlnet.input_dimension", "1073741796", "where a positive integer of at most 1073741795 is expected")]
    [DataRow("vae_mlnet.input_dimension", "+5", "where a non-negative integer is expected")]
    [DataRow("vae_mlnet.input_dimension", " 5", "where a non-negative integer is expected")]
    [DataRow("vae_mlnet.encoder_hidden_sizes", "0", "where comma-separated positive layer sizes is expected")]
    [DataRow("vae_mlnet.decoder_hidden_sizes", "7,0", "where comma-separated positive layer sizes is expected")]
    [DataRow("vae_mlnet.leaky_relu_slope", "NaN", "where a finite number is expected")]
    [DataRow("vae_mlnet.gaussian_variance", "Infinity", "where a finite number is expected")]
    public void AMetadataValueBothGraphsAgreeOnIsStillReadStrictly(string key, string value, string expected)
    {
        // Edited alike in both graphs, the value passes the comparison of the two; only reading it can refuse it.
        ModelProto encoder = ModelProto.Parser.ParseFrom(Encoder);
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        encoder.MetadataProps.Single(e => e.Key == key).Value = value;
        decoder.MetadataProps.Single(e => e.Key == key).Value = value;

        VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(encoder.ToByteArray(), decoder.ToByteArray()));

        StringAssert.Contains(error.Message, $"The encoder model's metadata '{key}' is '{value}' {expected}.");
    }

    [TestMethod]
    public void GraphsOfOneModelWrittenByDifferentBuildsImport()
    {
        // The version says who wrote a file, not what its weights mean.
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        decoder.MetadataProps.Single(e => e.Key == "vae_mlnet.version").Value = "0.1.0+other";

        OnnxImportedModel imported = GraphFiles.Import(Encoder, decoder.ToByteArray());

        Assert.AreEqual(OnnxTestCase.InputDimension, imported.Network.InputDimension);
    }

    [TestMethod]
    public void ANewerFormatVersionIsPutDownToANewerBuildEvenOfThisVersionAndOnlyAFormatBelowOneToAnEdit()
    {
        // Builds share a version string, so a newer format under this build's version is a newer build's, not an edit.
        ModelProto decoder = ModelProto.Parser.ParseFrom(Decoder);
        decoder.MetadataProps.Single(e => e.Key == "vae_mlnet.format").Value = "3";
        VaeModelFormatException sameVersion = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));
        decoder.MetadataProps.Single(e => e.Key == "vae_mlnet.version").Value = "9.0.0";
        VaeModelFormatException otherVersion = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));
        decoder.MetadataProps.Single(e => e.Key == "vae_mlnet.format").Value = "0";
        VaeModelFormatException older = Assert.ThrowsExactly<VaeModelFormatException>(() => GraphFiles.Import(Encoder, decoder.ToByteArray()));

        StringAssert.StartsWith(sameVersion.Message, $"The decoder model was written by a newer build of Vae.MLNet {OnnxModelMetadata.LibraryVersion} in ONNX format version 3;");
        StringAssert.StartsWith(otherVersion.Message, "The decoder model was written by Vae.MLNet 9.0.0 in ONNX format version 3;");
        foreach (VaeModelFormatException newer in new[] { sameVersion, otherVersion })
        {
            StringAssert.EndsWith(newer.Message, "Upgrade Vae.MLNet to the build that wrote the model zip or a later one to load it.");
            Assert.DoesNotContain("damaged", newer.Message);
        }

        StringAssert.StartsWith(older.Message, "The decoder model's metadata gives ONNX format version 0;");
        StringAssert.EndsWith(older.Message, OnnxModelMetadata.ZipEditedAdvice);
    }

    private static (byte[] Encoder, byte[] Decoder) Export(OnnxTestCase testCase, int seed)
    {
        VaeNetwork network = testCase.CreateNetwork(seed);
        FeatureScaling? scaling = testCase.CreateScaling(seed);
        return (OnnxExporter.ExportEncoder(network, scaling, testCase.ScalingKind), OnnxExporter.ExportDecoder(network, scaling, testCase.ScalingKind));
    }
}
