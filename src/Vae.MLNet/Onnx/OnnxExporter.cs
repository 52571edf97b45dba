using Google.Protobuf;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx.Protos;
using static Vae.MLNet.Onnx.OnnxInitializerNames;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Writes a <see cref="VaeNetwork"/> as standard ONNX models: the encoder (features → latent mean and log-variance),
/// the decoder (latent → reconstruction, and its log-variance for the learned-variance Gaussian) and the autoencoder
/// (features → all of those with z = μ, plus each row's reconstruction error and anomaly score). The three are
/// assembled from the same pieces, so they cannot drift apart. Input scaling is part of the graphs, so they speak the
/// units of the training data. Only default-domain operators of opset 17 are used, so any ONNX runtime can score the files.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>The ONNX operator set the graphs are written against.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The ONNX IR version of the files, the one that goes with opset 17.</summary>
    public const long IrVersion = 8;

    private const string EncoderGraphName = "vae_mlnet_encoder";
    private const string DecoderGraphName = "vae_mlnet_decoder";
    private const string AutoencoderGraphName = "vae_mlnet_autoencoder";
    private const string FirstLayerPartGraphName = "vae_mlnet_first_layer_part";
    private const string RestPartGraphName = "vae_mlnet_rest_part";
    private const string LossRestPartGraphName = "vae_mlnet_loss_rest_part";
    private const string DecoderPartGraphName = "vae_mlnet_decoder_part";

    /// <summary>
    /// The encoder's first hidden layer, after its activation, as the rest part (see <see cref="ExportRestPart"/>) takes
    /// it and each first-layer part (see <see cref="ExportFirstLayerPart"/>) publishes its columns of it.
    /// </summary>
    public const string FirstHiddenLayer = "first_hidden_layer";

    /// <summary>KL(q(z | x) ‖ N(0, I)) of each row, float[N], as the loss rest part (see <see cref="ExportLossRestPart"/>) publishes it.</summary>
    public const string KullbackLeibler = "kullback_leibler";

    /// <summary>
    /// Every value the decoder graph computes or keeps, its input and outputs aside, is named within one of these scopes,
    /// whatever the model: its layers' (decoder.hidden.{i}, decoder.head), the likelihood's, the scaling's, and those of
    /// categorical columns and of feature ranges, which carry feature indices. So a name outside them is free in every
    /// decoder graph, which a check without the model can know where the names inside depend on the model.
    /// </summary>
    public static readonly string[] DecoderValueScopes =
        ["decoder.", "reconstruction.", "scaling.", OnnxCategoryNodes.Scope + ".", OnnxFeatureRangeNodes.Scope + "."];

    /// <summary>Serializes the encoder graph.</summary>
    /// <param name="network">The weights.</param>
    /// <param name="scaling">The input scaling, or null when the network sees features as they are.</param>
    /// <param name="scalingKind">How <paramref name="scaling"/> was learned; recorded in the metadata.</param>
    /// <param name="names">Graph input and output names; null uses <see cref="OnnxTensorNames.Default"/>.</param>
    public static byte[] ExportEncoder(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames? names = null) =>
        BuildEncoder(network, scaling, scalingKind, names ?? OnnxTensorNames.Default).ToByteArray();

    /// <summary>
    /// Serializes the decoder graph, with <paramref name="ranges"/> applied to its reconstruction when given; the other
    /// parameters are those of <see cref="ExportEncoder"/>.
    /// </summary>
    public static byte[] ExportDecoder(
        VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames? names = null, VaeFeatureRanges? ranges = null) =>
        BuildDecoder(network, scaling, scalingKind, names ?? OnnxTensorNames.Default, ranges: ranges).ToByteArray();

    /// <summary>
    /// Serializes the autoencoder graph with <paramref name="outputs"/>, by default every output the network has; the
    /// other parameters are those of <see cref="ExportEncoder"/>.
    /// </summary>
    public static byte[] ExportAutoencoder(
        VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames? names = null, VaeAutoencoderOutputs? outputs = null) =>
        BuildAutoencoder(network, scaling, scalingKind, names ?? OnnxTensorNames.Default, outputs).ToByteArray();

    /// <summary>
    /// Serializes one part of the encoder's first hidden layer, for scoring a row on several cores at once: the
    /// <see cref="OnnxTensorNames.Default"/> Features[N, D] input, scaled as the encoder scales it, through the layer's
    /// outputs in <paramref name="columns"/> and the activation, published as <see cref="FirstHiddenLayer"/>[N, columns.Count].
    /// The other parameters are those of <see cref="ExportEncoder"/>.
    /// </summary>
    public static byte[] ExportFirstLayerPart(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, FeatureRun columns)
    {
        CheckArguments(network, scaling, scalingKind);
        var graph = new OnnxGraphBuilder(FirstLayerPartGraphName, OnnxTensorNames.Default);
        string features = graph.AddInput(OnnxTensorNames.Default.Features, network.InputDimension);
        string x = AddScaledFeatures(graph, Constants(graph, scaling), features, OnnxGraphForm.Current);
        string hidden = AddHiddenLayers(graph, network, [network.EncoderHidden[0].OutputColumns([columns])], EncoderHidden, x, OnnxGraphForm.Current);
        graph.AddOutput(hidden, FirstHiddenLayer, columns.Count);
        return Model(graph, network, scalingKind, OnnxModelMetadata.FirstLayerPartRole).ToByteArray();
    }

    /// <summary>
    /// Serializes the network after its first hidden layer, for scoring a row on several cores at once: the
    /// <see cref="FirstHiddenLayer"/>[N, H] input, the parts <see cref="ExportFirstLayerPart"/> publishes side by side, →
    /// the <see cref="OnnxTensorNames.Default"/> LatentMean[N, K] and LatentLogVar[N, K] and, given <paramref name="features"/>,
    /// their Reconstruction (and ReconstructionLogVar) decoded from z = μ, as <see cref="ExportDecoderPart"/> decodes them.
    /// The other parameters are those of <see cref="ExportEncoder"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> holds part of a categorical column's features.</exception>
    public static byte[] ExportRestPart(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, FeatureRun? features)
    {
        CheckArguments(network, scaling, scalingKind);
        var graph = new OnnxGraphBuilder(RestPartGraphName, OnnxTensorNames.Default);
        (string mean, string logVar) = AddEncoderAfterFirstLayer(graph, network);
        if (features is { } decoded)
        {
            AddPartReconstruction(graph, network, scaling, mean, decoded);
        }

        AddLatentOutputs(graph, network, OnnxTensorNames.Default, mean, logVar);
        return Model(graph, network, scalingKind, OnnxModelMetadata.RestPartRole).ToByteArray();
    }

    /// <summary>
    /// Serializes the rest part (see <see cref="ExportRestPart"/>) for <paramref name="features"/> with its share of the
    /// loss, for scoring the loss of a row on several cores at once: besides the <see cref="FirstHiddenLayer"/>[N, H]
    /// input it takes the <see cref="OnnxTensorNames.Default"/> Features[N, D], and besides the latent and its features'
    /// Reconstruction it gives the ReconstructionError[N] of those features alone and the <see cref="KullbackLeibler"/>[N]
    /// term. The parts' errors sum to the autoencoder's, as the likelihood's terms are a sum over features and a cut
    /// never falls inside a categorical column; with the divergence added, to its anomaly score. The other parameters
    /// are those of <see cref="ExportEncoder"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> holds part of a categorical column's features.</exception>
    public static byte[] ExportLossRestPart(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, FeatureRun features)
    {
        CheckArguments(network, scaling, scalingKind);
        OnnxTensorNames names = OnnxTensorNames.Default;
        var graph = new OnnxGraphBuilder(LossRestPartGraphName, names);
        (string mean, string logVar) = AddEncoderAfterFirstLayer(graph, network);
        string allFeatures = graph.AddInput(names.Features, network.InputDimension);
        OnnxScalingConstants? constants = Constants(graph, scaling?.Of(features));
        PartValues part = AddPartDecoder(graph, network, constants, mean, features);
        string ownFeatures = OnnxCategoryNodes.AddColumns(graph, "part.features", allFeatures, [features]);
        string x = AddScaledFeatures(graph, constants, ownFeatures, OnnxGraphForm.Current);
        string error = OnnxLossNodes.AddReconstructionError(graph, network, part.Categories, x, part.Head.Mean, part.Head.LogVar, OnnxGraphForm.Current);
        string kl = OnnxLossNodes.AddKullbackLeibler(graph, mean, logVar);

        // Outputs are published last: publishing renames a value, and every node reading it must exist by then.
        AddReconstructionOutputs(graph, names, part.Reconstruction, features.Count);
        graph.AddOutput(error, names.ReconstructionError, width: null);
        graph.AddOutput(kl, KullbackLeibler, width: null);
        AddLatentOutputs(graph, network, names, mean, logVar);
        return Model(graph, network, scalingKind, OnnxModelMetadata.RestPartRole).ToByteArray();
    }

    /// <summary>
    /// Serializes the decoder for the features in <paramref name="features"/> only, for decoding a row on several cores
    /// at once: the <see cref="OnnxTensorNames.Default"/> Latent[N, K] input → their Reconstruction[N, features.Count]
    /// (and ReconstructionLogVar). The other parameters are those of <see cref="ExportEncoder"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> holds part of a categorical column's features.</exception>
    public static byte[] ExportDecoderPart(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, FeatureRun features)
    {
        CheckArguments(network, scaling, scalingKind);
        var graph = new OnnxGraphBuilder(DecoderPartGraphName, OnnxTensorNames.Default);
        string z = graph.AddInput(OnnxTensorNames.Default.Latent, network.LatentDimension);
        AddPartReconstruction(graph, network, scaling, z, features);
        return Model(graph, network, scalingKind, OnnxModelMetadata.DecoderPartRole).ToByteArray();
    }

    /// <summary>
    /// Throws the <see cref="ArgumentException"/> that exporting the autoencoder graph with <paramref name="outputs"/>
    /// and <paramref name="names"/> would throw for a model trained with <paramref name="options"/>, before any training:
    /// a name that one of the graph's own values also has. The values are named by the layers, likelihood and scaling,
    /// never by the number of features, so the graphs of a one-feature network of the same shape name them all, and with
    /// a categorical column beside the feature, those of a network with categories. Nor by the widths of the layers, so
    /// the networks checked have one unit in each and one latent dimension, and cost nothing to make. Their values of
    /// categorical columns are named by the columns' features, so every name in their scope
    /// (<see cref="OnnxCategoryNodes.Scope"/>) is refused.
    /// </summary>
    public static void RequireUsableNames(VaeOptions options, OnnxTensorNames names, VaeAutoencoderOutputs outputs)
    {
        VaeOptions narrow = options.WithUnitLayers();
        foreach (CategoricalGroups categories in new[] { CategoricalGroups.None(1), new CategoricalGroups([new FeatureRun(1, 1)], 2) })
        {
            int d = categories.InputDimension;
            VaeNetwork network = VaeNetwork.Create(narrow, d, new Random(0), categories);
            FeatureScaling? scaling = options.InputScaling == VaeInputScaling.None ? null : new FeatureScaling(new float[d], [.. Enumerable.Repeat(1f, d)]).For(options.Likelihood);
            BuildAutoencoder(network, scaling, options.InputScaling, names, outputs);
        }

        RequireOutsideScope(names, OnnxCategoryNodes.Scope, "the graphs of a model of categorical columns keep");
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> for a name in the scope of the values of feature ranges
    /// (<see cref="OnnxFeatureRangeNodes.Scope"/>): any model can export the decoder for generating with ranges
    /// (<see cref="ExportDecoder"/> with ranges), whose values there depend on its features, so a model saved with such a
    /// name could clash with them for good, its names kept by every zip and every model trained further from it. A
    /// blank or repeated name is refused first, as exporting any graph refuses it.
    /// </summary>
    /// <param name="names">The names to export with.</param>
    /// <param name="carried">
    /// The names the model already carries, which are let through: a zip saved before such names were refused has to
    /// keep saving with the names it was loaded with, or training further from it would end with nothing saved.
    /// </param>
    public static void RequireOutsideFeatureRangesScope(OnnxTensorNames names, OnnxTensorNames carried)
    {
        names.Validate();
        RequireOutsideScope(names, OnnxFeatureRangeNodes.Scope, "the decoder for generating with feature ranges (ExportDecoderOnnx(featureRanges), 'vae export-onnx --clip-and-round') keeps", carried);
    }

    private static void RequireOutsideScope(OnnxTensorNames names, string scope, string keptBy, OnnxTensorNames? carried = null)
    {
        string values = scope + ".";
        if (names.PropertyStartingWith(values, carried) is { } property)
        {
            throw new ArgumentException(
                $"The ONNX tensor name {property} starts with '{values}', which {keptBy} for values of its own; choose another name.",
                property);
        }
    }

    /// <summary>Every output the autoencoder graph of <paramref name="network"/> can have.</summary>
    public static VaeAutoencoderOutputs AllOutputs(VaeNetwork network) =>
        VaeAutoencoderOutputs.LatentMean | VaeAutoencoderOutputs.LatentLogVar | VaeAutoencoderOutputs.Reconstruction
        | (network.HasReconstructionLogVar ? VaeAutoencoderOutputs.ReconstructionLogVar : VaeAutoencoderOutputs.None)
        | VaeAutoencoderOutputs.ReconstructionError | VaeAutoencoderOutputs.AnomalyScore;

    /// <summary>
    /// The encoder graph in <paramref name="form"/>; only the importer asks for an older form than
    /// <see cref="OnnxGraphForm.Current"/>, to recognize older files.
    /// </summary>
    public static ModelProto BuildEncoder(
        VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames names, OnnxGraphForm form = OnnxGraphForm.Current)
    {
        CheckArguments(network, scaling, scalingKind);
        names.ValidateEncoderDecoder();
        var graph = new OnnxGraphBuilder(EncoderGraphName, names);
        string features = graph.AddInput(names.Features, network.InputDimension);
        LatentValues latent = AddEncoder(graph, network, Constants(graph, scaling), features, form);
        AddLatentOutputs(graph, network, names, latent.Mean, latent.LogVar);
        return Model(graph, network, scalingKind, OnnxModelMetadata.EncoderRole);
    }

    /// <summary>
    /// The decoder graph; <paramref name="form"/> as for <see cref="BuildEncoder"/>. With <paramref name="ranges"/>, the
    /// reconstruction is clipped and rounded as <see cref="VaeFeatureRanges.Apply(Span{float})"/> does (the caller checks
    /// that they cover the network's features), each categorical column is the one-hot of its most likely category, and the graph's role is
    /// <see cref="OnnxModelMetadata.DecoderWithFeatureRangesRole"/>, which a model zip's decoder never has.
    /// </summary>
    public static ModelProto BuildDecoder(
        VaeNetwork network,
        FeatureScaling? scaling,
        VaeInputScaling scalingKind,
        OnnxTensorNames names,
        OnnxGraphForm form = OnnxGraphForm.Current,
        VaeFeatureRanges? ranges = null)
    {
        CheckArguments(network, scaling, scalingKind);
        names.ValidateEncoderDecoder();
        var graph = new OnnxGraphBuilder(DecoderGraphName, names);
        string z = graph.AddInput(names.Latent, network.LatentDimension);
        HeadValues head = AddDecoder(graph, network, z, form, DecodedFeatures.All(network));
        ReconstructionValues reconstruction = AddOriginalUnits(graph, network.Likelihood, network.Categories, Constants(graph, scaling), head);
        if (ranges is not null)
        {
            reconstruction = reconstruction with { Mean = OnnxFeatureRangeNodes.Add(graph, ranges, network.Categories, reconstruction.Mean) };
        }

        AddReconstructionOutputs(graph, names, reconstruction, network.InputDimension);
        return Model(graph, network, scalingKind, ranges is null ? OnnxModelMetadata.DecoderRole : OnnxModelMetadata.DecoderWithFeatureRangesRole);
    }

    /// <summary>
    /// Features → the encoder's and (with z = μ) the decoder's outputs, plus per row the reconstruction term of the loss
    /// and the whole loss (the anomaly score), computed from the scaled features and the raw decoder head exactly as the engine does.
    /// The graph has no <see cref="OnnxTensorNames.Latent"/> input: the decoder reads the latent means inside it. Only
    /// <paramref name="outputs"/> (by default all of <see cref="AllOutputs"/>) are published, and only the nodes they need
    /// are kept. <paramref name="form"/> as for <see cref="BuildEncoder"/>.
    /// </summary>
    public static ModelProto BuildAutoencoder(
        VaeNetwork network,
        FeatureScaling? scaling,
        VaeInputScaling scalingKind,
        OnnxTensorNames names,
        VaeAutoencoderOutputs? outputs = null,
        OnnxGraphForm form = OnnxGraphForm.Current)
    {
        CheckArguments(network, scaling, scalingKind);
        VaeAutoencoderOutputs published = outputs ?? AllOutputs(network);
        CheckOutputs(network, published);
        names.Validate();
        var graph = new OnnxGraphBuilder(AutoencoderGraphName, names);
        OnnxScalingConstants? constants = Constants(graph, scaling);
        string features = graph.AddInput(names.Features, network.InputDimension);
        LatentValues latent = AddEncoder(graph, network, constants, features, form);
        HeadValues head = AddDecoder(graph, network, latent.Mean, form, DecodedFeatures.All(network));
        ReconstructionValues reconstruction = AddOriginalUnits(graph, network.Likelihood, network.Categories, constants, head);
        string error = OnnxLossNodes.AddReconstructionError(graph, network, network.Categories, latent.ScaledFeatures, head.Mean, head.LogVar, form);
        string kl = OnnxLossNodes.AddKullbackLeibler(graph, latent.Mean, latent.LogVar);
        string score = graph.AddNode("Add", form == OnnxGraphForm.Current ? "anomaly_score" : "negative_elbo", [error, kl]);

        // Outputs are published last: publishing renames a value, and every node reading it must exist by then.
        int k = network.LatentDimension;
        int d = network.InputDimension;
        (VaeAutoencoderOutputs Output, string? Value, string Name, int? Width)[] candidates =
        [
            (VaeAutoencoderOutputs.LatentMean, latent.Mean, names.LatentMean, k),
            (VaeAutoencoderOutputs.LatentLogVar, latent.LogVar, names.LatentLogVar, k),
            (VaeAutoencoderOutputs.Reconstruction, reconstruction.Mean, names.Reconstruction, d),
            (VaeAutoencoderOutputs.ReconstructionLogVar, reconstruction.LogVar, names.ReconstructionLogVar, d),
            (VaeAutoencoderOutputs.ReconstructionError, error, names.ReconstructionError, null),
            (VaeAutoencoderOutputs.AnomalyScore, score, names.AnomalyScore, null),
        ];
        foreach ((VaeAutoencoderOutputs output, string? value, string name, int? width) in candidates)
        {
            if (published.HasFlag(output))
            {
                graph.AddOutput(value!, name, width);
            }
        }

        return Model(graph, network, scalingKind, OnnxModelMetadata.AutoencoderRole);
    }

    private static void CheckOutputs(VaeNetwork network, VaeAutoencoderOutputs outputs)
    {
        VaeAutoencoderOutputs available = AllOutputs(network);
        if (outputs == VaeAutoencoderOutputs.None)
        {
            throw new ArgumentException("No output of the autoencoder graph was asked for; combine at least one, e.g. VaeAutoencoderOutputs.LatentMean.", nameof(outputs));
        }

        if ((outputs & ~available) != VaeAutoencoderOutputs.None)
        {
            throw new ArgumentException(
                $"The autoencoder graph of this {network.Likelihood} model has no output {outputs & ~available}; ask only for outputs among {available}.",
                nameof(outputs));
        }
    }

    private static void CheckArguments(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind)
    {
        if ((scaling is null) != (scalingKind == VaeInputScaling.None))
        {
            throw new ArgumentException(
                $"Input scaling {scalingKind} was given {(scaling is null ? "without" : "with")} scaling parameters; pass both or neither.",
                nameof(scalingKind));
        }

        if (scaling is null)
        {
            return;
        }

        if (scaling.FeatureCount != network.InputDimension)
        {
            throw new ArgumentException(
                $"The scaling covers {scaling.FeatureCount} features but the network takes {network.InputDimension}.", nameof(scaling));
        }

        if (scaling.Scale.Any(s => !float.IsFinite(s) || s <= 0f) || scaling.Offset.Any(o => !float.IsFinite(o)))
        {
            throw new ArgumentException("Every scaling factor must be finite and positive and every offset finite.", nameof(scaling));
        }
    }

    private static OnnxScalingConstants? Constants(OnnxGraphBuilder graph, FeatureScaling? scaling) =>
        scaling is null ? null : new OnnxScalingConstants(graph, scaling);

    /// <summary>Scaling, hidden layers and head of the encoder; the scaled features and the log-variance are clipped like the library's.</summary>
    private static LatentValues AddEncoder(
        OnnxGraphBuilder graph, VaeNetwork network, OnnxScalingConstants? scaling, string features, OnnxGraphForm form)
    {
        string x = AddScaledFeatures(graph, scaling, features, form);
        string hidden = AddHiddenLayers(graph, network, network.EncoderHidden, EncoderHidden, x, form);
        (string mean, string logVar) = AddLatent(graph, network, hidden);
        return new LatentValues(x, mean, logVar);
    }

    /// <summary>The features in the units the network works in, clipped to [0, 1] where the scaling clips them.</summary>
    private static string AddScaledFeatures(OnnxGraphBuilder graph, OnnxScalingConstants? scaling, string features, OnnxGraphForm form)
    {
        if (scaling is null)
        {
            return features;
        }

        string x = graph.AddNode("Sub", "scaling.subtract_offset", [features, scaling.Offset]);
        x = graph.AddNode("Mul", "scaling.multiply_scale", [x, scaling.Scale]);
        return scaling.ClipsToUnitInterval && form is OnnxGraphForm.Current or OnnxGraphForm.ScoreNamedNegativeElbo
            ? AddClip(graph, "scaling.unit_interval", x, 0f, 1f)
            : x;
    }

    /// <summary>
    /// The encoder from the <see cref="FirstHiddenLayer"/> input, the first-layer parts' columns side by side, through
    /// its later hidden layers to the latent means and clamped log-variances.
    /// </summary>
    private static (string Mean, string LogVar) AddEncoderAfterFirstLayer(OnnxGraphBuilder graph, VaeNetwork network)
    {
        string hidden = graph.AddInput(FirstHiddenLayer, network.EncoderHidden[0].OutputSize);
        hidden = AddHiddenLayers(graph, network, network.EncoderHidden[1..], i => EncoderHidden(i + 1), hidden, OnnxGraphForm.Current);
        return AddLatent(graph, network, hidden);
    }

    /// <summary>The encoder head on its last hidden layer: the latent means and the clamped log-variances.</summary>
    private static (string Mean, string LogVar) AddLatent(OnnxGraphBuilder graph, VaeNetwork network, string hidden)
    {
        string head = AddDense(graph, network.EncoderHead, EncoderHead, hidden);
        (string mean, string logVar) = AddSplitInHalves(graph, "latent", head, network.LatentDimension);
        return (mean, AddClip(graph, "latent.log_variance", logVar, VaeNetwork.LatentLogVarMin, VaeNetwork.LatentLogVarMax));
    }

    /// <summary>Hidden layers and head of the decoder for the features of <paramref name="decoded"/>, in the scaled units the network works in.</summary>
    private static HeadValues AddDecoder(OnnxGraphBuilder graph, VaeNetwork network, string z, OnnxGraphForm form, DecodedFeatures decoded)
    {
        string hidden = AddHiddenLayers(graph, network, network.DecoderHidden, DecoderHidden, z, form);
        FeatureRun features = decoded.Features;
        int d = network.InputDimension;
        DenseLayer head = features.Count == d
            ? network.DecoderHead
            : network.DecoderHead.OutputColumns(network.HasReconstructionLogVar ? [features, features with { First = features.First + d }] : [features]);
        string mean = AddDense(graph, head, DecoderHead, hidden);
        if (!network.HasReconstructionLogVar)
        {
            return new HeadValues(mean, null);
        }

        (mean, string logVar) = AddSplitInHalves(graph, "reconstruction", mean, features.Count);
        logVar = AddClip(graph, "reconstruction.log_variance", logVar, VaeNetwork.ReconstructionLogVarMin, VaeNetwork.ReconstructionLogVarMax);
        if (!decoded.Categories.IsEmpty)
        {
            logVar = OnnxCategoryNodes.AddZeroLogVariances(graph, decoded.Categories, logVar);
        }

        return new HeadValues(mean, logVar);
    }

    /// <summary>
    /// Turns the decoder head into the reconstruction users see: probabilities or means, and the probabilities of
    /// <paramref name="categories"/>, in original units.
    /// </summary>
    private static ReconstructionValues AddOriginalUnits(
        OnnxGraphBuilder graph, VaeLikelihood likelihood, CategoricalGroups categories, OnnxScalingConstants? scaling, HeadValues head)
    {
        string mean = head.Mean;
        string? logVar = head.LogVar;
        if (!categories.IsEmpty)
        {
            mean = OnnxCategoryNodes.AddProbabilities(graph, categories, likelihood, mean);
        }
        else if (likelihood == VaeLikelihood.Bernoulli)
        {
            mean = graph.AddNode("Sigmoid", "reconstruction.probability", [mean]);
        }

        if (scaling is not null)
        {
            mean = graph.AddNode("Div", "scaling.divide_scale", [mean, scaling.Scale]);
            mean = graph.AddNode("Add", "scaling.add_offset", [mean, scaling.Offset]);
            if (logVar is not null)
            {
                logVar = graph.AddNode("Sub", "scaling.shift_log_variance", [logVar, scaling.LogVarianceShift]);
            }
        }

        return new ReconstructionValues(mean, logVar);
    }

    /// <summary>The decoder of <paramref name="z"/> for <paramref name="features"/> only, published under the default names.</summary>
    private static void AddPartReconstruction(OnnxGraphBuilder graph, VaeNetwork network, FeatureScaling? scaling, string z, FeatureRun features)
    {
        PartValues part = AddPartDecoder(graph, network, Constants(graph, scaling?.Of(features)), z, features);
        AddReconstructionOutputs(graph, OnnxTensorNames.Default, part.Reconstruction, features.Count);
    }

    /// <summary>
    /// The decoder of <paramref name="z"/> for <paramref name="features"/> only, in original units by
    /// <paramref name="scaling"/>, the constants of those features.
    /// </summary>
    private static PartValues AddPartDecoder(OnnxGraphBuilder graph, VaeNetwork network, OnnxScalingConstants? scaling, string z, FeatureRun features)
    {
        CategoricalGroups categories = network.Categories.Within(features);
        HeadValues head = AddDecoder(graph, network, z, OnnxGraphForm.Current, new DecodedFeatures(features, categories));
        return new PartValues(categories, head, AddOriginalUnits(graph, network.Likelihood, categories, scaling, head));
    }

    private static void AddLatentOutputs(OnnxGraphBuilder graph, VaeNetwork network, OnnxTensorNames names, string mean, string logVar)
    {
        graph.AddOutput(mean, names.LatentMean, network.LatentDimension);
        graph.AddOutput(logVar, names.LatentLogVar, network.LatentDimension);
    }

    private static void AddReconstructionOutputs(OnnxGraphBuilder graph, OnnxTensorNames names, ReconstructionValues reconstruction, int width)
    {
        graph.AddOutput(reconstruction.Mean, names.Reconstruction, width);
        if (reconstruction.LogVar is not null)
        {
            graph.AddOutput(reconstruction.LogVar, names.ReconstructionLogVar, width);
        }
    }

    private static string AddHiddenLayers(
        OnnxGraphBuilder graph, VaeNetwork network, DenseLayer[] layers, Func<int, string> name, string x, OnnxGraphForm form)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            string layer = name(i);
            x = AddDense(graph, layers[i], layer, x);
            x = network.Activation switch
            {
                VaeActivation.Relu => graph.AddNode("Relu", layer + ".relu", [x]),
                VaeActivation.Tanh => graph.AddNode("Tanh", layer + ".tanh", [x]),
                VaeActivation.Softplus => OnnxSoftplus.Add(
                    graph, layer + ".softplus", x, softplusOperator: form is OnnxGraphForm.SoftplusActivationOperator or OnnxGraphForm.SoftplusOperator),
                VaeActivation.LeakyRelu => graph.AddNode(
                    "LeakyRelu", layer + ".leaky_relu", [x], OnnxGraphBuilder.FloatAttribute("alpha", network.LeakyReluSlope)),
                _ => throw new ArgumentOutOfRangeException(nameof(network), network.Activation, "Unknown activation."),
            };
        }

        return x;
    }

    private static string AddDense(OnnxGraphBuilder graph, DenseLayer layer, string name, string x)
    {
        string weight = graph.AddInitializer(Weight(name), layer.Weights, layer.InputSize, layer.OutputSize);
        string bias = graph.AddInitializer(Bias(name), layer.Bias, layer.OutputSize);
        return graph.AddNode("Gemm", name + ".gemm", [x, weight, bias]);
    }

    /// <summary>Splits a [N, 2W] head into its first and second W columns (opset 13+ takes the sizes as an input).</summary>
    private static (string First, string Second) AddSplitInHalves(OnnxGraphBuilder graph, string scope, string head, int width)
    {
        string sizes = graph.AddInitializer(scope + ".split_sizes", [(long)width, width], 2);
        IReadOnlyList<string> halves = graph.AddNode(
            "Split", scope + ".split", [head, sizes], [scope + ".mean", scope + ".raw_log_variance"], OnnxGraphBuilder.IntAttribute("axis", 1));
        return (halves[0], halves[1]);
    }

    /// <summary>Clamps like the library does, into a value named <paramref name="name"/>; opset 11+ takes the bounds as scalar inputs.</summary>
    private static string AddClip(OnnxGraphBuilder graph, string name, string x, float min, float max)
    {
        string lower = graph.AddInitializer(name + "_min", [min]);
        string upper = graph.AddInitializer(name + "_max", [max]);
        return graph.AddNode("Clip", name, [x, lower, upper]);
    }

    private static ModelProto Model(OnnxGraphBuilder graph, VaeNetwork network, VaeInputScaling scalingKind, string role)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = OnnxModelMetadata.LibraryName,
            ProducerVersion = OnnxModelMetadata.LibraryVersion,
            Graph = graph.Build(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        model.MetadataProps.Add(OnnxModelMetadata.Describe(network, scalingKind).ToEntries(role));
        return model;
    }

    /// <summary>The features a decoder graph reconstructs, all of the network's or a run of them, and the categorical groups among them.</summary>
    private readonly record struct DecodedFeatures(FeatureRun Features, CategoricalGroups Categories)
    {
        public static DecodedFeatures All(VaeNetwork network) => new(new FeatureRun(0, network.InputDimension), network.Categories);
    }

    /// <summary>The encoder's values: the scaled features it read, the latent means and the clamped log-variances.</summary>
    private readonly record struct LatentValues(string ScaledFeatures, string Mean, string LogVar);

    /// <summary>The raw decoder head in scaled units: logits or means, and the clamped log-variance if learned.</summary>
    private readonly record struct HeadValues(string Mean, string? LogVar);

    /// <summary>The reconstruction in original units: probabilities or means, and the log-variance if learned.</summary>
    private readonly record struct ReconstructionValues(string Mean, string? LogVar);

    /// <summary>A part of the decoder's values: the categorical groups within its features, its raw head and its reconstruction.</summary>
    private readonly record struct PartValues(CategoricalGroups Categories, HeadValues Head, ReconstructionValues Reconstruction);
}
