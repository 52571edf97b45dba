using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Text;
using static Vae.MLNet.Onnx.OnnxInitializerNames;
using static Vae.MLNet.Onnx.OnnxModelMetadata;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Reads an encoder and decoder written by <see cref="OnnxExporter"/> back into a <see cref="VaeNetwork"/>, and checks
/// an autoencoder graph against such a model. The metadata says what the weights must look like; after reading them
/// the importer rebuilds the graphs and requires them to equal the files' graphs, so a graph edited after export
/// (another activation, other clamps, a decoder from another export) is refused rather than silently loaded with a
/// meaning it does not have. Of the model fields around a graph only the metadata and the versions are checked: a
/// loaded model is scored through graphs exported afresh.
/// </summary>
internal static class OnnxImporter
{
    // How far apart two C libraries' logf may put 2·log s: each is within an ulp or so of the exact value.
    private const float LogarithmUlps = 4;

    /// <summary>Reads the two halves of one exported model.</summary>
    /// <param name="encoderModel">The encoder file, as <see cref="Parse"/> read it.</param>
    /// <param name="decoderModel">The decoder file, as <see cref="Parse"/> read it.</param>
    /// <param name="requireDescribed">
    /// Given the graphs' metadata before any weight is read, to refuse graphs that claim another architecture than a
    /// description the caller already trusts (a model zip's manifest) before anything is sized from their claim.
    /// </param>
    /// <param name="absentReconstructionLogVar">
    /// The name of the reconstruction log-variance of a model without learned variance, whose graphs have no such output
    /// to carry it: a model zip's manifest records the name the model was saved with. Null takes the default.
    /// </param>
    /// <exception cref="VaeModelFormatException">The bytes are not our ONNX graphs, or the two do not belong together.</exception>
    public static OnnxImportedModel Import(
        ModelProto encoderModel, ModelProto decoderModel, Action<OnnxModelMetadata>? requireDescribed = null, string? absentReconstructionLogVar = null)
    {
        IReadOnlyDictionary<string, string> encoderEntries = Entries(encoderModel, EncoderRole);
        IReadOnlyDictionary<string, string> decoderEntries = Entries(decoderModel, DecoderRole);
        OnnxModelMetadata metadata = Read(encoderEntries, EncoderRole);
        Read(decoderEntries, DecoderRole);
        RequireVersions(encoderModel, EncoderRole);
        RequireVersions(decoderModel, DecoderRole);
        RequireSameModel(encoderEntries, EncoderRole, decoderEntries, DecoderRole);
        requireDescribed?.Invoke(metadata);

        Dictionary<string, TensorProto> encoderTensors = Initializers(encoderModel.Graph, EncoderRole);
        Dictionary<string, TensorProto> decoderTensors = Initializers(decoderModel.Graph, DecoderRole);
        int inputDimension = metadata.InputDimension;
        int latent = metadata.LatentDimension;
        DenseLayer[] encoderHidden = ReadChain(encoderTensors, EncoderHidden, inputDimension, metadata.EncoderHiddenSizes, EncoderRole);
        int encoderTop = encoderHidden.Length == 0 ? inputDimension : encoderHidden[^1].OutputSize;
        DenseLayer encoderHead = ReadLayer(encoderTensors, EncoderHead, encoderTop, 2 * latent, EncoderRole);
        DenseLayer[] decoderHidden = ReadChain(decoderTensors, DecoderHidden, latent, metadata.DecoderHiddenSizes, DecoderRole);
        int decoderTop = decoderHidden.Length == 0 ? latent : decoderHidden[^1].OutputSize;
        int outputWidth = metadata.Likelihood == VaeLikelihood.GaussianLearnedVariance ? 2 * inputDimension : inputDimension;
        DenseLayer decoderHead = ReadLayer(decoderTensors, DecoderHead, decoderTop, outputWidth, DecoderRole);
        FeatureScaling? scaling = metadata.InputScaling == VaeInputScaling.None
            ? null
            : new FeatureScaling(
                ReadFloats(encoderTensors, ScalingOffset, [inputDimension], EncoderRole).ToArray(),
                ReadScales(encoderTensors, inputDimension)).For(metadata.Likelihood);
        if (scaling is not null && !scaling.IsIdentityOn(metadata.Categories))
        {
            throw new VaeModelFormatException(
                $"The encoder scales features it models as categories ({metadata.Categories.Describe()}, first+count), which the export leaves as they are. {ZipEditedAdvice}",
                EncoderRole);
        }

        var network = new VaeNetwork(
            inputDimension,
            latent,
            metadata.Activation,
            metadata.LeakyReluSlope,
            metadata.Likelihood,
            metadata.GaussianVariance,
            encoderHidden,
            encoderHead,
            decoderHidden,
            decoderHead,
            metadata.Categories);
        OnnxTensorNames names = TensorNames(encoderModel.Graph, decoderModel.Graph, network.HasReconstructionLogVar, absentReconstructionLogVar);
        RequireStructure(encoderModel.Graph, form => OnnxExporter.BuildEncoder(network, scaling, metadata.InputScaling, names, form), EncoderRole, encoderEntries);
        RequireStructure(decoderModel.Graph, form => OnnxExporter.BuildDecoder(network, scaling, metadata.InputScaling, names, form), DecoderRole, decoderEntries);
        return new OnnxImportedModel(network, scaling, metadata.InputScaling, names, encoderEntries);
    }

    /// <summary>
    /// Checks that <paramref name="actual"/> is the autoencoder graph <see cref="OnnxExporter"/> writes for
    /// <paramref name="model"/>: same metadata, same weights, same structure, and the same input and output names as
    /// the encoder and decoder it was exported with.
    /// </summary>
    /// <returns><paramref name="model"/>'s tensor names with the autoencoder's own output names.</returns>
    /// <exception cref="VaeModelFormatException">The bytes are not that graph.</exception>
    /// <param name="actual">The autoencoder file, as <see cref="Parse"/> read it.</param>
    /// <param name="model">The model read from the encoder and decoder the autoencoder was exported with.</param>
    public static OnnxTensorNames VerifyAutoencoder(ModelProto actual, OnnxImportedModel model)
    {
        IReadOnlyDictionary<string, string> entries = Entries(actual, AutoencoderRole);
        Read(entries, AutoencoderRole);
        RequireVersions(actual, AutoencoderRole);
        RequireSameModel(model.EncoderMetadata, EncoderRole, entries, AutoencoderRole);
        OnnxTensorNames names = AutoencoderNames(actual.Graph, model);
        RequireStructure(
            actual.Graph,
            form => OnnxExporter.BuildAutoencoder(model.Network, model.Scaling, model.InputScaling, names, form: form),
            AutoencoderRole,
            entries);
        return names;
    }

    /// <summary>
    /// Requires <paramref name="file"/> to be the graph <paramref name="build"/> gives in one of the
    /// <see cref="OnnxGraphForm"/>s, so files exported in an older form still load, whatever doc strings a tool added. A
    /// mismatch is described against the current form, and blamed on damage only when <paramref name="entries"/>, the
    /// graph's metadata, say this build wrote it.
    /// </summary>
    private static void RequireStructure(GraphProto file, Func<OnnxGraphForm, ModelProto> build, string role, IReadOnlyDictionary<string, string> entries)
    {
        GraphProto actual = WithoutDocStrings(file);
        Dictionary<string, TensorProto> actualTensors = Initializers(actual, role);
        if (Mismatch(actual, actualTensors, BuildExpected(() => build(OnnxGraphForm.Current))) is not { } mismatch
            || Enum.GetValues<OnnxGraphForm>().Any(form => form != OnnxGraphForm.Current && Mismatch(actual, actualTensors, BuildExpected(() => build(form))) is null))
        {
            return;
        }

        throw new VaeModelFormatException(
            $"The {role} graph is not the one {LibraryName} writes for its metadata: {mismatch}. "
            + (NewerFormatMessage.OtherBuildAdvice(WriterVersion(entries)) ?? ZipEditedAdvice),
            role);
    }

    /// <summary>
    /// <paramref name="graph"/> without the doc strings ONNX tools let one add to it, its inputs, outputs, nodes, their
    /// attributes and its constants: the export writes none, and none changes what the graph computes. Copied only when
    /// there is one to remove.
    /// </summary>
    private static GraphProto WithoutDocStrings(GraphProto graph)
    {
        static IEnumerable<ValueInfoProto> Declared(GraphProto graph) => graph.Input.Concat(graph.Output);
        if (!graph.HasDocString && !Declared(graph).Any(value => value.HasDocString) && !graph.Initializer.Any(tensor => tensor.HasDocString)
            && !graph.Node.Any(node => node.HasDocString || node.Attribute.Any(attribute => attribute.HasDocString)))
        {
            return graph;
        }

        GraphProto copy = graph.Clone();
        copy.ClearDocString();
        foreach (ValueInfoProto value in Declared(copy))
        {
            value.ClearDocString();
        }

        foreach (TensorProto tensor in copy.Initializer)
        {
            tensor.ClearDocString();
        }

        foreach (NodeProto node in copy.Node)
        {
            node.ClearDocString();
            foreach (AttributeProto attribute in node.Attribute)
            {
                attribute.ClearDocString();
            }
        }

        return copy;
    }

    /// <summary>Parses one graph file, which must at least be a protobuf model with a graph.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="role">Which graph it is.</param>
    /// <exception cref="VaeModelFormatException">The bytes are no ONNX model, or one without a graph.</exception>
    public static ModelProto Parse(byte[] content, string role)
    {
        ModelProto model = Decode(() => ModelProto.Parser.ParseFrom(content), role);
        return model.Graph is not null
            ? model
            : throw new VaeModelFormatException(
                model.CalculateSize() == 0
                    ? $"The {role} model is empty: it holds no ONNX field. {ZipEditedAdvice}"
                    : $"The {role} model has no graph, so it is not one {LibraryName} wrote. {ZipEditedAdvice}",
                role);
    }

    /// <summary>
    /// Refuses a graph file holding more protobuf fields, at any depth, than <paramref name="maxFields"/>, reading it to
    /// its end without parsing it; see <see cref="OnnxFieldBudget"/>.
    /// </summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="maxFields">The most fields the file may hold.</param>
    /// <param name="refusal">The exception to throw, given <paramref name="maxFields"/>, once the file holds a field more.</param>
    /// <param name="role">Which graph it is.</param>
    /// <returns>How many fields the file holds.</returns>
    /// <exception cref="VaeModelFormatException">The file holds more fields, or the bytes are no protobuf message.</exception>
    public static long RequireFieldsAtMost(byte[] content, long maxFields, Func<long, VaeModelFormatException> refusal, string role) =>
        Decode(() => OnnxFieldBudget.Require(content, maxFields, refusal), role);

    private static T Decode<T>(Func<T> decode, string role)
    {
        try
        {
            return decode();
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new VaeModelFormatException(
                $"The {role} model is not a valid ONNX file: protobuf decoding failed ({e.Message}). "
                + ZipEditedAdvice,
                role,
                e);
        }
    }

    private static Dictionary<string, string> Entries(ModelProto model, string role)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (StringStringEntryProto entry in model.MetadataProps)
        {
            if (!entries.TryAdd(entry.Key, entry.Value))
            {
                throw new VaeModelFormatException(
                    $"The {role} model's metadata has the key '{entry.Key}' twice, which ONNX forbids. {ZipEditedAdvice}", role);
            }
        }

        return entries;
    }

    private static void RequireVersions(ModelProto model, string role)
    {
        if (model.IrVersion != OnnxExporter.IrVersion)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"The {role} model declares ONNX IR version {model.IrVersion}, but {LibraryName} writes exactly IR version {OnnxExporter.IrVersion}, so it was converted. ")
                + ZipEditedAdvice,
                role);
        }

        long[] versions = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).ToArray();
        if (versions is not [OnnxExporter.OpsetVersion])
        {
            string found = versions.Length switch
            {
                0 => "no ONNX opset",
                1 => string.Create(CultureInfo.InvariantCulture, $"ONNX opset {versions[0]}"),
                _ => $"the ONNX opset {versions.Length} times (versions {ShortList.Of(versions)})",
            };
            throw new VaeModelFormatException(
                $"The {role} model imports {found}, but {LibraryName} graphs import exactly opset {OnnxExporter.OpsetVersion}, once, so it was converted. "
                + ZipEditedAdvice,
                role);
        }
    }

    private static Dictionary<string, TensorProto> Initializers(GraphProto graph, string role)
    {
        var tensors = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto tensor in graph.Initializer)
        {
            if (!tensors.TryAdd(tensor.Name, tensor))
            {
                throw new VaeModelFormatException($"The {role} model has two constants named '{tensor.Name}'. {ZipEditedAdvice}", role);
            }
        }

        return tensors;
    }

    private static DenseLayer[] ReadChain(Dictionary<string, TensorProto> tensors, Func<int, string> name, int inputSize, int[] sizes, string role)
    {
        var layers = new DenseLayer[sizes.Length];
        for (int i = 0; i < sizes.Length; i++)
        {
            layers[i] = ReadLayer(tensors, name(i), inputSize, sizes[i], role);
            inputSize = sizes[i];
        }

        return layers;
    }

    private static DenseLayer ReadLayer(Dictionary<string, TensorProto> tensors, string name, int inputSize, int outputSize, string role)
    {
        // The sizes come from the metadata, which anyone can edit: the layer is allocated only once the constants in the
        // file have shown that it really holds that many weights.
        ReadOnlySpan<float> weights = ReadFloats(tensors, Weight(name), [inputSize, outputSize], role);
        ReadOnlySpan<float> bias = ReadFloats(tensors, Bias(name), [outputSize], role);
        var layer = new DenseLayer(inputSize, outputSize);
        weights.CopyTo(layer.Weights);
        bias.CopyTo(layer.Bias);
        return layer;
    }

    /// <summary>
    /// The scaling's scales, each at least <see cref="FeatureScaling.SmallestScale"/>: a smaller one, which training never
    /// makes, would map every feature to nearly one value and every reconstruction beyond float32's range.
    /// </summary>
    private static float[] ReadScales(Dictionary<string, TensorProto> tensors, int inputDimension)
    {
        float[] scales = ReadFloats(tensors, ScalingScale, [inputDimension], EncoderRole).ToArray();
        int bad = Array.FindIndex(scales, scale => !(scale >= FeatureScaling.SmallestScale));
        if (bad >= 0)
        {
            throw new VaeModelFormatException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {EncoderRole} model's constant '{ScalingScale}' holds {scales[bad]} at index {bad}; a scale learned from data is at least "
                    + $"{FeatureScaling.SmallestScale}. The model zip was damaged or edited, or was trained before training refused features whose range "
                    + $"is wider than float32's largest value, whose reconstructions overflowed; retrain the model on data scaled down."),
                EncoderRole);
        }

        return scales;
    }

    /// <summary>The constant's values, checked; a view of the parsed file's own bytes where it keeps them in raw_data.</summary>
    private static ReadOnlySpan<float> ReadFloats(Dictionary<string, TensorProto> tensors, string name, long[] dims, string role)
    {
        if (!tensors.TryGetValue(name, out TensorProto? tensor))
        {
            throw new VaeModelFormatException(
                $"The {role} model has no constant '{name}', which its metadata implies. {ZipEditedAdvice}", role);
        }

        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"The {role} model's constant '{name}' has ONNX data type {tensor.DataType} where float32 (1) is expected. {ZipEditedAdvice}"), role);
        }

        if (!tensor.Dims.SequenceEqual(dims))
        {
            throw new VaeModelFormatException(
                $"The {role} model's constant '{name}' has shape [{ShortList.Of(tensor.Dims)}], but the model's metadata needs "
                + $"[{string.Join(", ", dims)}]. {ZipEditedAdvice}",
                role);
        }

        long count = dims.Aggregate(1L, (a, b) => a * b);
        long payloadBytes = PayloadLength(tensor);
        if (payloadBytes != count * sizeof(float))
        {
            throw new VaeModelFormatException(
                $"The {role} model's constant '{name}' holds {payloadBytes / sizeof(float)} values, but its shape needs {count}. {ZipEditedAdvice}", role);
        }

        ReadOnlySpan<float> values = LittleEndianFloats.View(Payload(tensor));

        // A NaN or infinite weight would score every row as NaN without an error; the library never writes one.
        int bad = FiniteValues.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"The {role} model's constant '{name}' holds {values[bad]} at index {bad}; every value must be finite. {ZipEditedAdvice}"),
                role);
        }

        return values;
    }

    /// <summary>
    /// A tensor's elements as little-endian bytes: raw_data itself, or else a copy of the field its data type keeps values
    /// in (float_data for float, int64_data for int64), so a file whose tool moved the values between the two still
    /// compares equal. <see cref="WithoutValues"/> keeps values found anywhere else, so such a tensor never equals one we write.
    /// </summary>
    private static ReadOnlySpan<byte> Payload(TensorProto tensor)
    {
        if (!tensor.RawData.IsEmpty)
        {
            return tensor.RawData.Span;
        }

        var bytes = new byte[PayloadLength(tensor)];
        if (tensor.DataType == (int)TensorProto.Types.DataType.Float)
        {
            for (int i = 0; i < tensor.FloatData.Count; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), tensor.FloatData[i]);
            }
        }
        else if (tensor.DataType == (int)TensorProto.Types.DataType.Int64)
        {
            for (int i = 0; i < tensor.Int64Data.Count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), tensor.Int64Data[i]);
            }
        }

        return bytes;
    }

    /// <summary>The length of <see cref="Payload"/>, known without building it.</summary>
    private static long PayloadLength(TensorProto tensor) => !tensor.RawData.IsEmpty
        ? tensor.RawData.Length
        : tensor.DataType switch
        {
            (int)TensorProto.Types.DataType.Float => (long)tensor.FloatData.Count * sizeof(float),
            (int)TensorProto.Types.DataType.Int64 => (long)tensor.Int64Data.Count * sizeof(long),
            _ => 0,
        };

    private static OnnxTensorNames TensorNames(GraphProto encoder, GraphProto decoder, bool hasReconstructionLogVar, string? absentReconstructionLogVar)
    {
        int decoderOutputs = hasReconstructionLogVar ? 2 : 1;
        RequireCounts(encoder, 1, 2, EncoderRole);
        RequireCounts(decoder, 1, decoderOutputs, DecoderRole);
        OnnxTensorNames names = OnnxTensorNames.Default with
        {
            Features = encoder.Input[0].Name,
            LatentMean = encoder.Output[0].Name,
            LatentLogVar = encoder.Output[1].Name,
            Latent = decoder.Input[0].Name,
            Reconstruction = decoder.Output[0].Name,
            ReconstructionLogVar = hasReconstructionLogVar ? decoder.Output[1].Name : absentReconstructionLogVar ?? OnnxTensorNames.Default.ReconstructionLogVar,
        };

        try
        {
            names.ValidateEncoderDecoder();
        }
        catch (ArgumentException e)
        {
            throw new VaeModelFormatException($"The encoder and decoder input and output names clash: {e.Message}", innerException: e);
        }

        return names;
    }

    /// <summary>
    /// The names the autoencoder graph uses. Those it shares with the encoder and decoder must be theirs: one export
    /// names all three graphs alike, so a difference means the files come from different exports or were edited.
    /// </summary>
    private static OnnxTensorNames AutoencoderNames(GraphProto graph, OnnxImportedModel model)
    {
        OnnxTensorNames shared = model.TensorNames;
        string[] expected = model.Network.HasReconstructionLogVar
            ? [shared.LatentMean, shared.LatentLogVar, shared.Reconstruction, shared.ReconstructionLogVar]
            : [shared.LatentMean, shared.LatentLogVar, shared.Reconstruction];
        RequireCounts(graph, 1, expected.Length + 2, AutoencoderRole);
        string[] actual = graph.Output.Take(expected.Length).Select(o => o.Name).Prepend(graph.Input[0].Name).ToArray();
        string[] wanted = expected.Prepend(shared.Features).ToArray();
        if (!actual.SequenceEqual(wanted))
        {
            throw new VaeModelFormatException(
                $"The autoencoder graph's input and outputs are named {ShortList.Of(actual, name => ShortList.Cut(name))} where the encoder and decoder use "
                + $"{ShortList.Of(wanted, name => ShortList.Cut(name))}. {ZipEditedAdvice}",
                AutoencoderRole);
        }

        OnnxTensorNames names = shared with
        {
            ReconstructionError = graph.Output[expected.Length].Name,
            AnomalyScore = graph.Output[expected.Length + 1].Name,
        };
        try
        {
            names.Validate();
        }
        catch (ArgumentException e)
        {
            throw new VaeModelFormatException($"The autoencoder's input and output names clash: {e.Message}", AutoencoderRole, e);
        }

        return names;
    }

    private static void RequireCounts(GraphProto graph, int inputs, int outputs, string role)
    {
        if (graph.Input.Count != inputs || graph.Output.Count != outputs)
        {
            throw new VaeModelFormatException(
                $"The {role} graph has {graph.Input.Count} inputs and {graph.Output.Count} outputs where its metadata implies {inputs} and {outputs}. "
                + ZipEditedAdvice,
                role);
        }
    }

    private static GraphProto BuildExpected(Func<ModelProto> build)
    {
        try
        {
            return build().Graph;
        }
        catch (ArgumentException e)
        {
            throw new VaeModelFormatException($"The model's weights cannot be written back as {LibraryName} graphs: {e.Message}", innerException: e);
        }
    }

    /// <summary>
    /// How <paramref name="actual"/>, whose constants by name are <paramref name="actualTensors"/>, first differs from
    /// <paramref name="expected"/>; null when it does not.
    /// </summary>
    private static string? Mismatch(GraphProto actual, Dictionary<string, TensorProto> actualTensors, GraphProto expected)
    {
        for (int i = 0; i < expected.Input.Count; i++)
        {
            if (!actual.Input[i].Equals(expected.Input[i]))
            {
                return $"input '{actual.Input[i].Name}' is not {Shape(expected.Input[i])}";
            }
        }

        for (int i = 0; i < expected.Output.Count; i++)
        {
            if (!actual.Output[i].Equals(expected.Output[i]))
            {
                return $"output '{actual.Output[i].Name}' is not {Shape(expected.Output[i])}";
            }
        }

        if (actual.Node.Count != expected.Node.Count)
        {
            return $"it has {actual.Node.Count} nodes where {expected.Node.Count} are expected";
        }

        for (int i = 0; i < expected.Node.Count; i++)
        {
            NodeProto node = expected.Node[i];
            if (!actual.Node[i].Equals(node))
            {
                return $"node {i} is not the expected {node.OpType} '{node.Name}'";
            }
        }

        if (actualTensors.Count != expected.Initializer.Count)
        {
            return $"it has {actualTensors.Count} constants where {expected.Initializer.Count} are expected";
        }

        foreach (TensorProto tensor in expected.Initializer)
        {
            if (!actualTensors.TryGetValue(tensor.Name, out TensorProto? found)
                || !WithoutValues(found).Equals(WithoutValues(tensor))
                || !SameValues(tensor.Name, Payload(found), Payload(tensor)))
            {
                return $"constant '{tensor.Name}' is missing, holds other values than the weights and metadata imply, or says its values lie elsewhere";
            }
        }

        return WithoutInitializers(actual).Equals(WithoutInitializers(expected))
            ? null
            : actual.ValueInfo.Count > 0
            ? "it declares value_info, which the export does not write"
            : actual.Name != expected.Name
            ? $"it is named '{ShortList.Cut(actual.Name)}' where the export names it '{expected.Name}'"
            : "it carries parts the export does not write, such as further inputs or outputs or fields the export does not know";
    }

    /// <summary>
    /// Whether a constant's values, as <see cref="Payload"/> gives them, are the ones expected: bit for bit, except 2·log s
    /// of the scaling, which comes from the C library's logf. That is not correctly rounded and differs by an ulp between
    /// platforms, so a model saved on one would be refused as edited on another; a few ulps cannot hide an edit that matters,
    /// as the scale it derives from is compared bit for bit.
    /// </summary>
    private static bool SameValues(string name, ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected)
    {
        if (name != ScalingLogVarianceShift || actual.Length != expected.Length)
        {
            return actual.SequenceEqual(expected);
        }

        for (int i = 0; i < expected.Length; i += sizeof(float))
        {
            float a = BinaryPrimitives.ReadSingleLittleEndian(actual[i..]);
            float e = BinaryPrimitives.ReadSingleLittleEndian(expected[i..]);
            if (!(MathF.Abs(a - e) <= LogarithmUlps * (MathF.BitIncrement(MathF.Abs(e)) - MathF.Abs(e))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The tensor without the elements <see cref="Payload"/> reads, so that where a tool moved them (raw_data or the
    /// typed field of the tensor's data type) does not matter, while everything else, such as a data_location pointing
    /// at external data, values in both places or in the field of another type, still does.
    /// </summary>
    private static TensorProto WithoutValues(TensorProto tensor)
    {
        TensorProto copy = tensor.Clone();
        if (!copy.RawData.IsEmpty)
        {
            copy.ClearRawData();
        }
        else if (copy.DataType == (int)TensorProto.Types.DataType.Float)
        {
            copy.FloatData.Clear();
        }
        else if (copy.DataType == (int)TensorProto.Types.DataType.Int64)
        {
            copy.Int64Data.Clear();
        }

        return copy;
    }

    private static GraphProto WithoutInitializers(GraphProto graph)
    {
        GraphProto copy = graph.Clone();
        copy.Initializer.Clear();
        return copy;
    }

    /// <summary>float[N, width] or float[N], as the exporter declares graph inputs and outputs.</summary>
    private static string Shape(ValueInfoProto value) =>
        $"float[{ShortList.Of(value.Type.TensorType.Shape.Dim, d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? ShortList.Cut(d.DimParam) : d.DimValue.ToString(CultureInfo.InvariantCulture))}]";
}
