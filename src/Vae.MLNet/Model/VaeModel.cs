using System.Numerics.Tensors;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Onnx;
using Vae.MLNet.Training;
using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet;

/// <summary>
/// A trained variational autoencoder: its weights, the options it was trained with, any input scaling it learned and
/// its training history. It encodes, decodes and reconstructs batches in process; rows are passed row-major in spans.
/// All scoring methods are safe to call from several threads at once, and such calls run side by side.
/// </summary>
public sealed partial class VaeModel
{
    /// <summary>The most rows scored per pass; bounds the buffers a scoring call holds.</summary>
    internal const int ChunkRows = 256;

    private readonly VaeOptions _options;
    private readonly ScoringWorkspaces _workspaces;

    internal VaeModel(
        VaeNetwork network,
        FeatureScaling? scaling,
        VaeOptions options,
        VaeTrainingHistory history,
        IReadOnlyList<string>? featureNames,
        VaeFeatureRanges? featureRanges = null,
        IReadOnlyList<VaeCategoricalFeature>? categoricalFeatures = null,
        OnnxTensorNames? tensorNames = null,
        VaeImageShape? imageShape = null,
        AdamState? optimizerState = null)
    {
        if (scaling is not null && scaling.FeatureCount != network.InputDimension)
        {
            throw new InvalidDataException($"The scaling covers {scaling.FeatureCount} features but the network takes {network.InputDimension}.");
        }

        if (featureRanges is not null && featureRanges.FeatureCount != network.InputDimension)
        {
            throw new InvalidDataException($"The feature ranges cover {featureRanges.FeatureCount} features but the network takes {network.InputDimension}.");
        }

        if (imageShape is not null && imageShape.Pixels != network.InputDimension)
        {
            throw new InvalidDataException($"The images are {imageShape} pixels, {imageShape.Pixels} of them, but the network takes {network.InputDimension} features.");
        }

        Network = network;
        Scaling = scaling?.For(network.Likelihood);
        _options = options.SettingsOnly();
        History = history;
        FeatureNames = featureNames is null
            ? null
            : Array.AsReadOnly(FeatureNaming.Validated(featureNames, network.InputDimension, nameof(featureNames)));
        FeatureRanges = featureRanges;
        CategoricalFeatures = categoricalFeatures is null
            || VaeCategoricalFeature.Validated(categoricalFeatures, network.InputDimension, FeatureNames, nameof(categoricalFeatures)) is not { } validated
            ? null
            : Array.AsReadOnly(validated);
        if (!network.Categories.IsEmpty && !network.Categories.AreThoseOf(CategoricalFeatures))
        {
            throw new InvalidDataException(
                $"The network models features {network.Categories.Describe()} (first+count) as categories, but the model's categorical features are {CategoricalGroups.DescribeGroupsOf(CategoricalFeatures, network.InputDimension)}.");
        }

        if (Scaling is not null && !Scaling.IsIdentityOn(network.Categories))
        {
            throw new InvalidDataException(
                $"The scaling moves features the network models as categories ({network.Categories.Describe()}, first+count), whose cross-entropy needs them as they are.");
        }

        if (optimizerState is not null && !optimizerState.Fits(network.Layers))
        {
            throw new InvalidDataException("The optimizer state's moments are not shaped like the network's layers.");
        }

        TensorNames = tensorNames ?? OnnxTensorNames.Default;
        ImageShape = imageShape;
        OptimizerState = optimizerState;
        NumberOfThreads = _options.NumberOfThreads;
        _workspaces = CreateWorkspaces();
    }

    // The same model scoring with other threads, or without the optimizer state: the weights, which nothing changes
    // once a model holds them, are shared.
    private VaeModel(VaeModel model, int? numberOfThreads, AdamState? optimizerState)
    {
        Network = model.Network;
        Scaling = model.Scaling;
        _options = model._options;
        History = model.History;
        FeatureNames = model.FeatureNames;
        FeatureRanges = model.FeatureRanges;
        CategoricalFeatures = model.CategoricalFeatures;
        TensorNames = model.TensorNames;
        ImageShape = model.ImageShape;
        OptimizerState = optimizerState;
        NumberOfThreads = numberOfThreads;
        _workspaces = CreateWorkspaces();
    }

    /// <summary>
    /// The most threads a scoring call of this model uses for its matrix products; <see langword="null"/> allows every
    /// processor. A trained model takes its training's <see cref="VaeOptions.NumberOfThreads"/>, and so does a loaded
    /// one, as it was saved; <see cref="WithNumberOfThreads"/> gives the model with another count.
    /// </summary>
    public int? NumberOfThreads { get; }

    /// <summary>
    /// This model scoring with at most <paramref name="numberOfThreads"/> threads for its matrix products: for a model
    /// trained with a count that suits another machine, such as 1 for a reproducible run or 64 on a server. The two share
    /// their weights; with <see cref="GemmBackend.Managed"/> they score rows bit for bit alike, while OpenBLAS, whose
    /// sums depend on how many rows each thread takes, can differ in the last bits. <see cref="Options"/> and what
    /// <c>Save</c> writes keep the options the model was trained with, so a model saved and loaded again scores with their count.
    /// </summary>
    /// <param name="numberOfThreads">1 to <see cref="VaeOptions.MaxNumberOfThreads"/>, or <see langword="null"/> for every processor.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfThreads"/> is below 1 or above <see cref="VaeOptions.MaxNumberOfThreads"/>.</exception>
    public VaeModel WithNumberOfThreads(int? numberOfThreads)
    {
        ThreadCounts.Check(numberOfThreads, nameof(numberOfThreads));
        return new VaeModel(this, numberOfThreads, OptimizerState);
    }

    /// <summary>
    /// This model without the optimizer state it holds (<see cref="HasOptimizerState"/>), which takes about twice the
    /// weights' memory and serves only to train further exactly: for a trained model kept to score. The two share their
    /// weights, as with <see cref="WithNumberOfThreads"/>, and everything else (options, history, names, ranges, thread
    /// count) is the same, so they score alike, bit for bit. Training further from it starts Adam's moments afresh, as
    /// from a model loaded from the zip <see cref="Save(string)"/> writes, and <see cref="SaveCheckpoint(string)"/>
    /// refuses it. A model without a state is returned as it is.
    /// </summary>
    public VaeModel WithoutOptimizerState() => HasOptimizerState ? new VaeModel(this, NumberOfThreads, optimizerState: null) : this;

    /// <summary>The threads a scoring call's matrix products may use: <see cref="NumberOfThreads"/>, or the processor count.</summary>
    internal int ScoringThreads => _workspaces.Threads;

    private ScoringWorkspaces CreateWorkspaces() => new(Network, _options.Gemm, ThreadCounts.Resolve(NumberOfThreads), RowsPerPass(Network));

    /// <summary>Number of input features D.</summary>
    public int InputDimension => Network.InputDimension;

    /// <summary>Rows a scoring pass of <paramref name="network"/> takes: <see cref="ChunkRows"/>, fewer for rows wider than 65 536 values of scratch.</summary>
    internal static int RowsPerPass(VaeNetwork network) => RowsPerPass(ForwardPass.ScratchWidthOf(network));

    /// <summary>
    /// Rows a scoring pass takes whose widest row holds <paramref name="scratchWidth"/> values; the size checks count
    /// the same rows from the options, before there is a network.
    /// </summary>
    internal static int RowsPerPass(int scratchWidth) => BufferRows.Fitting(scratchWidth, ChunkRows);

    /// <summary>Dimension K of the latent space.</summary>
    public int LatentDimension => Network.LatentDimension;

    /// <summary>The decoder's observation model.</summary>
    public VaeLikelihood Likelihood => Network.Likelihood;

    /// <summary>
    /// A copy of the options of the run that trained the weights the model holds: the last run, unless its early stopping
    /// kept the weights it started from, whose options the model keeps with them.
    /// </summary>
    public VaeOptions Options => _options.Clone();

    /// <summary>How the model was trained.</summary>
    public VaeTrainingHistory History { get; }

    /// <summary>
    /// The names of the D features the model was trained on, in the order it takes them, when the training data named
    /// them (<see cref="VaeDataset.FeatureNames"/>, e.g. from a CSV header); otherwise <see langword="null"/>. Methods
    /// that take a <see cref="VaeDataset"/> refuse named data whose names differ or come in another order, and data
    /// whose <see cref="VaeDataset.CategoricalFeatures"/> differ from <see cref="CategoricalFeatures"/>.
    /// </summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>
    /// The width and height of the images the model's features are, when it was trained on data that knew them
    /// (<see cref="VaeDataset.ImageShape"/>, IDX images); otherwise <see langword="null"/>, as for a model saved before
    /// shapes were kept. Its <see cref="VaeImageShape.Pixels"/> is <see cref="InputDimension"/>: draw generated,
    /// decoded or reconstructed rows as images of this shape. Training further keeps it; methods that take a
    /// <see cref="VaeDataset"/>, training further and validating included, refuse images of another shape. A model
    /// without one takes that of the images it is trained further on.
    /// </summary>
    public VaeImageShape? ImageShape { get; }

    /// <summary>
    /// The range of each feature over the data the model's weights were trained on (every run's, when it was trained
    /// further, but for a run whose early stopping kept the weights it started from, which leaves them as they were; a
    /// Bernoulli model with MinMax scaling takes no data beyond the range its scaling was learned on, so its ranges do
    /// not widen), and which features held whole numbers only:
    /// <see cref="VaeFeatureRanges.Apply(Span{float}, IReadOnlyList{VaeCategoricalFeature})"/>, passed
    /// <see cref="CategoricalFeatures"/>, makes generated rows keep to them.
    /// <see langword="null"/> for a model saved before ranges were kept, or trained on more than
    /// <see cref="VaeFeatureRanges.MaxFeatures"/> features; training such a model further records the new data's ranges.
    /// Data that draws anew at every read (<see cref="BinarizedDataset.Resampled"/>) gives the ranges of its first draw:
    /// a faint pixel never lit in it keeps a maximum of 0.
    /// </summary>
    public VaeFeatureRanges? FeatureRanges { get; }

    /// <summary>
    /// The features that stand for text categories, one-hot, when the training data had some
    /// (<see cref="VaeDataset.CategoricalFeatures"/>: columns a CSV file was read with as categories, columns declared for
    /// data in memory, or an ML.NET feature column's one-hot ranges); otherwise <see langword="null"/>. Read new files with
    /// them as <see cref="CsvDatasetOptions.Categories"/> to give the model its features, and turn its generated or
    /// reconstructed rows back into the training data's columns, categories as text, with <see cref="ToColumnValues"/>
    /// (or one column's category with <see cref="VaeCategoricalFeature.CategoryOf"/>). The decoder models
    /// each such column by a softmax over its categories, whatever the <see cref="Likelihood"/> of the other features:
    /// its decoded features are the categories' probabilities, its term of the loss their cross-entropy, and the input
    /// scaling leaves its features as they are. A model saved before categories were modelled so learned them by its
    /// <see cref="Likelihood"/>, as any other feature, and loads as it was saved.
    /// </summary>
    public IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures { get; }

    internal VaeNetwork Network { get; }

    /// <summary>
    /// Adam's step count and moments as they stood when training reached these weights, which training further goes on
    /// from; null when the weights came without them (see <see cref="HasOptimizerState"/>). Nothing changes it once a
    /// model holds it.
    /// </summary>
    internal AdamState? OptimizerState { get; }

    /// <summary>
    /// Whether the model holds the state of the optimizer (Adam's step count and moments) that belongs to its weights:
    /// <see cref="VaeTrainer.Fit(VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/> then goes on
    /// from it exactly as one longer run would have, and <see cref="SaveCheckpoint(string)"/> can keep it. A model
    /// <see cref="VaeTrainer"/> returns holds it, as do the models its <see cref="VaeTrainingCanceledException"/>,
    /// <see cref="VaeTrainingDivergedException"/> and <see cref="VaeTrainingStalledException"/> hand back, and a model loaded from a zip <see cref="SaveCheckpoint(string)"/>
    /// wrote (a model kept because early stopping chose the weights its run started from holds the state those came
    /// with, if any). One loaded from a zip <see cref="Save(string)"/> wrote does not, nor one loaded from a checkpoint
    /// whose state a newer build wrote in a layout this build does not read (the model loads and scores without it), nor one whose early stopping kept
    /// the weights of an epoch before its run's last, whose state was not kept, nor the fresh weights a run that diverged
    /// or stalled in its first epoch hands back. Training such a model further starts Adam's moments afresh.
    /// The state takes about twice the weights' memory for as long as the model is held, scoring or not;
    /// <see cref="WithoutOptimizerState"/> gives the model without it.
    /// </summary>
    public bool HasOptimizerState => OptimizerState is not null;

    /// <summary>
    /// Requires <paramref name="data"/> to have the features this model takes: as many, and where both know them, the
    /// same names in the same order, the same categorical features and images of the same shape.
    /// </summary>
    /// <exception cref="ArgumentException">The features differ; the exception names <paramref name="paramName"/>.</exception>
    internal void RequireFeaturesOf(VaeDataset data, string paramName, string model = "the model")
    {
        FeatureNaming.RequireFeaturesOf(data, InputDimension, FeatureNames, paramName, model, CategoricalFeatures);
        ImageShapeMatch.Require(data, ImageShape, paramName, model);
    }

    internal FeatureScaling? Scaling { get; }

    /// <summary>
    /// The names the graphs' inputs and outputs take where no others are given: what <see cref="Save(string)"/> writes,
    /// <see cref="ExportOnnx"/> exports and a model trained further from this one keeps. A model trained from fresh
    /// weights has <see cref="OnnxTensorNames.Default"/>; one loaded from a zip has the zip's <c>tensorNames</c>, so a
    /// zip saved with <see cref="Save(string, OnnxTensorNames)"/> keeps its names when loaded, trained further and saved again.
    /// </summary>
    public OnnxTensorNames TensorNames { get; }

    /// <summary>
    /// Exports the encoder, the decoder and the autoencoder as ONNX models whose inputs and outputs carry
    /// <paramref name="names"/>.
    /// </summary>
    /// <param name="names">Tensor names; null uses <see cref="TensorNames"/>.</param>
    /// <exception cref="ArgumentException">
    /// A name is empty, two names are the same, a name is also one the graphs give one of their own values, or a name
    /// other than the one <see cref="TensorNames"/> holds for it starts with <c>feature_ranges.</c>, where
    /// <see cref="ExportDecoderOnnx(VaeFeatureRanges, OnnxTensorNames)"/> names its own.
    /// </exception>
    public VaeOnnxGraphs ExportOnnx(OnnxTensorNames? names = null)
    {
        names ??= TensorNames;
        OnnxExporter.RequireOutsideFeatureRangesScope(names, TensorNames);
        return new VaeOnnxGraphs(ExportEncoderOnnx(names), ExportDecoderOnnx(names), names, ExportFullAutoencoderOnnx(names));
    }

    /// <summary>The encoder graph of <see cref="ExportOnnx"/>.</summary>
    internal byte[] ExportEncoderOnnx(OnnxTensorNames names) => OnnxExporter.ExportEncoder(Network, Scaling, _options.InputScaling, names);

    /// <summary>The decoder graph of <see cref="ExportOnnx"/>.</summary>
    internal byte[] ExportDecoderOnnx(OnnxTensorNames names) => OnnxExporter.ExportDecoder(Network, Scaling, _options.InputScaling, names);

    /// <summary>
    /// Exports the decoder graph of <see cref="ExportOnnx"/> with <paramref name="featureRanges"/> applied to its
    /// reconstruction inside the graph, as
    /// <see cref="VaeFeatureRanges.Apply(Span{float}, IReadOnlyList{VaeCategoricalFeature})"/> does with
    /// <see cref="CategoricalFeatures"/>: for an ONNX consumer that generates rows, such as ML.NET, which then keep to the
    /// training data's ranges and whole numbers, each categorical column the one-hot of its most likely category (the
    /// first of equals), without code of ours. The values are that method's up to the sign of a zero in a feature that is
    /// not whole, except that a NaN, which the method refuses, comes out as NaN. The graph's metadata marks it as such a
    /// decoder; it is not the decoder a model zip holds.
    /// </summary>
    /// <param name="featureRanges">The ranges to keep to, usually <see cref="FeatureRanges"/>.</param>
    /// <param name="names">Tensor names; null uses <see cref="TensorNames"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="featureRanges"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="featureRanges"/> covers another number of features than <see cref="InputDimension"/>, or a name
    /// is empty, two names are the same, or a name is also one the graph gives one of its own values.
    /// </exception>
    public byte[] ExportDecoderOnnx(VaeFeatureRanges featureRanges, OnnxTensorNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(featureRanges);
        if (featureRanges.FeatureCount != InputDimension)
        {
            throw new ArgumentException(
                $"The feature ranges cover {featureRanges.FeatureCount} features but the model generates {InputDimension}; pass ranges of this model's features, such as its FeatureRanges.",
                nameof(featureRanges));
        }

        return OnnxExporter.ExportDecoder(Network, Scaling, _options.InputScaling, names ?? TensorNames, featureRanges);
    }

    /// <summary>The autoencoder graph of <see cref="ExportOnnx"/>, with every output.</summary>
    internal byte[] ExportFullAutoencoderOnnx(OnnxTensorNames names) => OnnxExporter.ExportAutoencoder(Network, Scaling, _options.InputScaling, names);

    /// <summary>A part of the encoder's first hidden layer, for scoring rows cut by weights (see <see cref="OnnxExporter.ExportFirstLayerPart"/>).</summary>
    internal byte[] ExportFirstLayerPartOnnx(FeatureRun columns) => OnnxExporter.ExportFirstLayerPart(Network, Scaling, _options.InputScaling, columns);

    /// <summary>The network after its first hidden layer, for scoring rows cut by weights (see <see cref="OnnxExporter.ExportRestPart"/>).</summary>
    internal byte[] ExportRestPartOnnx(FeatureRun? features) => OnnxExporter.ExportRestPart(Network, Scaling, _options.InputScaling, features);

    /// <summary>The rest part with its features' share of the loss, for scoring the loss of rows cut by weights (see <see cref="OnnxExporter.ExportLossRestPart"/>).</summary>
    internal byte[] ExportLossRestPartOnnx(FeatureRun features) => OnnxExporter.ExportLossRestPart(Network, Scaling, _options.InputScaling, features);

    /// <summary>The decoder for some features, for decoding rows cut by weights (see <see cref="OnnxExporter.ExportDecoderPart"/>).</summary>
    internal byte[] ExportDecoderPartOnnx(FeatureRun features) => OnnxExporter.ExportDecoderPart(Network, Scaling, _options.InputScaling, features);

    /// <summary>
    /// Exports the one-pass autoencoder graph (see <see cref="VaeOnnxGraphs.Autoencoder"/>) with only
    /// <paramref name="outputs"/>, and only the nodes they need: for a consumer that reads some outputs, such as a
    /// pipeline adding the latent means as a column, this graph scores faster than the full one, since ONNX Runtime
    /// evaluates every node whether or not its output is fetched.
    /// </summary>
    /// <param name="outputs">The outputs to keep, combined with |.</param>
    /// <param name="names">Tensor names; null uses <see cref="TensorNames"/>. Names of outputs left out are still reserved.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="outputs"/> is empty or names an output this model lacks (the reconstruction log-variance of a model
    /// without learned variance), or a name is empty or two names are the same.
    /// </exception>
    public byte[] ExportAutoencoderOnnx(VaeAutoencoderOutputs outputs, OnnxTensorNames? names = null) =>
        OnnxExporter.ExportAutoencoder(Network, Scaling, _options.InputScaling, names ?? TensorNames, outputs);

    /// <summary>
    /// Encodes rows of features into the parameters of q(z | x): <paramref name="latentMean"/> and
    /// <paramref name="latentLogVariance"/> each receive K values per row; pass an empty
    /// <paramref name="latentLogVariance"/> when only the means are wanted.
    /// </summary>
    /// <param name="features">Rows of D features, row-major, in original units; empty for no rows, which writes nothing.</param>
    /// <param name="latentMean">Receives the means μ of q(z | x), K values per row: exactly as many as <paramref name="features"/> has rows.</param>
    /// <param name="latentLogVariance">Receives the clamped log-variances of q(z | x), K values per row; empty to skip them.</param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a feature is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    public void Encode(ReadOnlySpan<float> features, Span<float> latentMean, Span<float> latentLogVariance) =>
        Encode(features, latentMean, latentLogVariance, firstRow: 0);

    /// <summary>
    /// <see cref="Encode(ReadOnlySpan{float}, Span{float}, Span{float})"/> for rows that start at row
    /// <paramref name="firstRow"/> of a caller's dataset, which an overflow names them by.
    /// </summary>
    internal void Encode(ReadOnlySpan<float> features, Span<float> latentMean, Span<float> latentLogVariance, long firstRow)
    {
        int rows = RequireEncodeArguments(features, latentMean, latentLogVariance, InputDimension, LatentDimension);
        int k = LatentDimension;
        using (ScoringWorkspaces.Workspace workspace = _workspaces.Rent(rows))
        {
            float[] head = workspace.Pass.EncoderHead;
            foreach ((int start, int n) in new RowRanges(rows, workspace.Pass.Capacity))
            {
                EncodeChunk(workspace, features.Slice(start * InputDimension, n * InputDimension), n);
                for (int r = 0; r < n; r++)
                {
                    head.AsSpan(r * 2 * k, k).CopyTo(latentMean.Slice((start + r) * k, k));
                    if (!latentLogVariance.IsEmpty)
                    {
                        head.AsSpan(r * 2 * k + k, k).CopyTo(latentLogVariance.Slice((start + r) * k, k));
                    }
                }
            }
        }

        RequireFiniteEncoding(latentMean, latentLogVariance, LatentDimension, firstRow);
    }

    /// <summary>
    /// Decodes rows of latent vectors (K values each) into reconstructions in the original feature units: Bernoulli
    /// probabilities or Gaussian means, D values per row.
    /// </summary>
    /// <param name="latent">Latent points, K values each, row-major; empty for no rows, which writes nothing.</param>
    /// <param name="reconstruction">Receives the decoded rows, D values each, row-major: exactly as many rows as <paramref name="latent"/> holds.</param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a latent value is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    public void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction) => Decode(latent, reconstruction, default);

    /// <summary>
    /// Decodes like <see cref="Decode(ReadOnlySpan{float}, Span{float})"/> and, for
    /// <see cref="VaeLikelihood.GaussianLearnedVariance"/>, writes the per-feature log-variances of p(x | z) into
    /// <paramref name="reconstructionLogVariance"/> (D per row; pass an empty span to skip them). The features of
    /// categorical columns, which a softmax models, have none: theirs are 0.
    /// </summary>
    /// <param name="latent">Latent points, K values each, row-major; empty for no rows, which writes nothing.</param>
    /// <param name="reconstruction">Receives the decoded rows, D values each, row-major: exactly as many rows as <paramref name="latent"/> holds.</param>
    /// <param name="reconstructionLogVariance">
    /// Receives the log-variances of p(x | z) in the original feature units, D values per row, row-major; empty to skip
    /// them, which a model of another likelihood than <see cref="VaeLikelihood.GaussianLearnedVariance"/>, having none, requires.
    /// </param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a latent value is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    public void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> reconstructionLogVariance) =>
        Decode(latent, reconstruction, reconstructionLogVariance, LatentPointsFarFromPrior);

    /// <summary>As the public overload, with an overflow blamed on <paramref name="inputsFarOutside"/> (see <see cref="RequireFiniteDecoding"/>).</summary>
    private void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> reconstructionLogVariance, string inputsFarOutside)
    {
        int rows = RequireDecodeArguments(latent, reconstruction, reconstructionLogVariance, InputDimension, LatentDimension, Likelihood);
        using (ScoringWorkspaces.Workspace workspace = _workspaces.Rent(rows))
        {
            foreach ((int start, int n) in new RowRanges(rows, workspace.Pass.Capacity))
            {
                latent.Slice(start * LatentDimension, n * LatentDimension).CopyTo(workspace.Pass.Latent);
                DecodeChunk(workspace, n, start, reconstruction, reconstructionLogVariance);
            }
        }

        RequireFiniteDecoding(reconstruction, reconstructionLogVariance, InputDimension, inputsFarOutside);
    }

    /// <summary>
    /// Generates <paramref name="count"/> new rows (D values each, row-major) by decoding latent points drawn from
    /// N(0, T²·I), T being <paramref name="temperature"/>. The same seed and temperature give the same rows, and with
    /// <see cref="GemmBackend.Managed"/> a smaller count gives the first rows of a larger one (OpenBLAS picks its kernels
    /// by the matrices' shapes, so there they can differ in the last bits); T below 1 trades variety for typical-looking
    /// rows, and T = 0 decodes the prior's mean z = 0.
    /// </summary>
    /// <param name="count">Rows to generate, at least 1.</param>
    /// <param name="seed">Seed of the latent draws, and of the observations' when they are drawn.</param>
    /// <param name="temperature">Standard deviation T of the draws: finite, not negative and at most float.MaxValue / 8.572 (about 3.9697e37), past which a draw could overflow float32.</param>
    /// <param name="sampleObservations">
    /// Whether each row is drawn from p(x | z) rather than being its mean: Bernoulli features become 0 or 1 (under
    /// min-max scaling, exactly the ends of each feature's <see cref="FeatureRanges"/>, or, for a model saved without
    /// them, 0 and 1 mapped back through the scaling), Gaussian ones get the model's noise,
    /// σ² = <see cref="VaeOptions.GaussianVariance"/> on the scaled features or the decoder's own variance, and the
    /// features of a categorical column (<see cref="CategoricalFeatures"/>) become the one-hot features of one category,
    /// drawn with probability proportional to its decoded mean (0 for a mean below 0). Means look typical; draws spread as the data does, as
    /// synthetic tabular rows should.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="count"/> is below 1 or too large for one array, or <paramref name="temperature"/> is negative, not finite, or above float.MaxValue / 8.572 (about 3.9697e37), where a draw could overflow float32.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32, or a drawn observation's noise is too wide for it.</exception>
    public float[] Generate(int count, int seed = 0, float temperature = 1f, bool sampleObservations = false)
    {
        LatentPoints.RequirePriorDraws(count, LatentDimension, InputDimension, temperature);
        return PriorSampler.Generate(this, Decode, count, seed, temperature, sampleObservations);
    }

    /// <summary>
    /// Decodes rows of latent vectors (K values each) and draws each row from p(x | z), as <see cref="Generate"/> draws
    /// its rows with <c>sampleObservations</c>, but around latent points the caller chose: ones encoded from rows, for
    /// rows like them, or draws of q(z | x), for the posterior predictive. The same latent points and seed give the same
    /// rows, those <c>vae decode --sample-observations --seed</c> writes for them. Each call starts its seed's draws
    /// afresh, so calls with one seed draw their rows' noise alike: pass the latent points at once, or a seed for each call.
    /// </summary>
    /// <param name="latent">Latent points, K values each, row-major.</param>
    /// <param name="observations">
    /// Receives the drawn rows, D values each, row-major: Bernoulli features 0 or 1 (under min-max scaling, exactly the
    /// ends of each feature's <see cref="FeatureRanges"/>, or, for a model saved without them, 0 and 1 mapped back
    /// through the scaling), Gaussian ones the decoded mean plus the model's noise,
    /// σ² = <see cref="VaeOptions.GaussianVariance"/> on the scaled features or the decoder's own variance, and the
    /// features of a categorical column (<see cref="CategoricalFeatures"/>) the one-hot features of one category, drawn
    /// with probability proportional to its decoded mean (0 for a mean below 0).
    /// </param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, the spans share memory, or a latent value is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32, or a drawn observation's noise is too wide for it.</exception>
    public void SampleObservations(ReadOnlySpan<float> latent, Span<float> observations, int seed = 0)
    {
        RequireSampleBuffers(latent, observations, InputDimension, LatentDimension);
        ObservationDraws.Sample(this, Decode, latent, observations, seed);
    }

    /// <summary>
    /// Decodes <paramref name="steps"/> evenly spaced points on the line from <paramref name="latentA"/> to
    /// <paramref name="latentB"/> (both K values, both ends included), D values per row, row-major.
    /// </summary>
    /// <param name="latentA">The starting latent point.</param>
    /// <param name="latentB">The final latent point.</param>
    /// <param name="steps">Points to decode, at least 2.</param>
    /// <exception cref="ArgumentException">A latent point does not hold K values, or holds a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 2 or too large for one array.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    public float[] Interpolate(ReadOnlySpan<float> latentA, ReadOnlySpan<float> latentB, int steps) =>
        LatentPoints.DecodedLine(latentA, latentB, LatentDimension, InputDimension, steps, Decode);

    /// <summary>
    /// Encodes two rows to their latent means and decodes the straight line between them, as <see cref="Interpolate"/>
    /// does: the first row returned is the reconstruction of <paramref name="rowA"/>, the last that of <paramref name="rowB"/>.
    /// </summary>
    /// <param name="rowA">The starting row, D features.</param>
    /// <param name="rowB">The final row, D features.</param>
    /// <param name="steps">Rows to return, both ends included: at least 2.</param>
    /// <returns><paramref name="steps"/> × D values, row-major.</returns>
    /// <exception cref="ArgumentException">A row does not hold D values, or holds a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 2 or too large for one array.</exception>
    /// <exception cref="VaeOverflowException">
    /// An output came out NaN or infinite: the inputs lie too far outside the training range for float32. An encoding
    /// names <paramref name="rowA"/> as row 0 and <paramref name="rowB"/> as row 1; a decoding names no row, its message
    /// the step of the line.
    /// </exception>
    public float[] InterpolateRows(ReadOnlySpan<float> rowA, ReadOnlySpan<float> rowB, int steps) =>
        // The line's ends encode the rows given, so an overflow lies with them.
        LatentPoints.DecodedLineBetweenRows(
            rowA, rowB, LatentDimension, InputDimension, steps, Encode, (latent, rows, _) => Decode(latent, rows, default, FeaturesFarOutside));

    /// <summary>Encodes rows, decodes their latent means, and writes the reconstructions (D values per row).</summary>
    /// <param name="features">Rows of D features, row-major, in original units; empty for no rows, which writes nothing.</param>
    /// <param name="reconstruction">
    /// Receives the reconstructions, D values per row, row-major: exactly as many rows as <paramref name="features"/> holds.
    /// </param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a feature is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    public void Reconstruct(ReadOnlySpan<float> features, Span<float> reconstruction) => Reconstruct(features, reconstruction, default, firstRow: 0);

    /// <summary>
    /// <see cref="Reconstruct(ReadOnlySpan{float}, Span{float})"/> for rows that start at row <paramref name="firstRow"/>
    /// of a caller's dataset, which an overflow names them by, writing the decoder's log-variances into
    /// <paramref name="reconstructionLogVariance"/> as <see cref="Decode(ReadOnlySpan{float}, Span{float}, Span{float})"/>
    /// does (empty to skip them).
    /// </summary>
    internal void Reconstruct(ReadOnlySpan<float> features, Span<float> reconstruction, Span<float> reconstructionLogVariance, long firstRow)
    {
        int rows = RequireReconstructArguments(features, reconstruction, InputDimension);
        RequireLogVarianceLength(reconstructionLogVariance, rows, InputDimension, Likelihood);
        RequireSeparate(features, nameof(features), reconstructionLogVariance, nameof(reconstructionLogVariance));
        RequireSeparate(reconstruction, nameof(reconstruction), reconstructionLogVariance, nameof(reconstructionLogVariance));
        using (ScoringWorkspaces.Workspace workspace = _workspaces.Rent(rows))
        {
            foreach ((int start, int n) in new RowRanges(rows, workspace.Pass.Capacity))
            {
                EncodeChunk(workspace, features.Slice(start * InputDimension, n * InputDimension), n);
                workspace.Pass.UseLatentMeans(n);
                DecodeChunk(workspace, n, start, reconstruction, reconstructionLogVariance);
            }
        }

        RequireFiniteDecoding(reconstruction, reconstructionLogVariance, InputDimension, FeaturesFarOutside, firstRow);
    }

    /// <summary>
    /// Reads <paramref name="data"/> once and throws <see cref="VaeDataException"/> naming the first feature
    /// <paramref name="indexOfBad"/> finds in a chunk of rows, and the problem <paramref name="problemOf"/> gives for its value
    /// (see <see cref="VaeDataException.InFeature"/>).
    /// </summary>
    private static void RequireEveryFeature(VaeDataset data, Func<ReadOnlySpan<float>, int> indexOfBad, Func<int, float, string> problemOf)
    {
        int d = data.FeatureCount;
        data.ForEachChunk(data.RowCount, d, (start, chunk) =>
        {
            int bad = indexOfBad(chunk);
            if (bad >= 0)
            {
                throw InFeatureOfRows(chunk, bad, start, d, problemOf(bad % d, chunk[bad]), data.FeatureNames);
            }
        });
    }

    private void EncodeChunk(ScoringWorkspaces.Workspace workspace, ReadOnlySpan<float> features, int rows)
    {
        Span<float> input = workspace.Pass.Input.AsSpan(0, rows * InputDimension);
        features.CopyTo(input);
        Scaling?.Apply(input);
        workspace.Pass.Encode(workspace.Gemm, input, 0, rows);
    }

    private void DecodeChunk(ScoringWorkspaces.Workspace workspace, int rows, int firstRow, Span<float> reconstruction, Span<float> logVariance)
    {
        ForwardPass pass = workspace.Pass;
        pass.Decode(workspace.Gemm, 0, rows);
        int d = InputDimension;
        Span<float> means = reconstruction.Slice(firstRow * d, rows * d);
        int width = Network.DecoderOutputWidth;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> head = pass.DecoderHead.AsSpan(r * width, d);
            Span<float> row = means.Slice(r * d, d);
            if (Likelihood == VaeLikelihood.Bernoulli)
            {
                TensorPrimitives.Sigmoid(head, row);
            }
            else
            {
                head.CopyTo(row);
            }

            Network.Categories.WriteProbabilities(head, row);
        }

        Scaling?.Unapply(means);
        if (!logVariance.IsEmpty)
        {
            Span<float> logVars = logVariance.Slice(firstRow * d, rows * d);
            for (int r = 0; r < rows; r++)
            {
                pass.DecoderHead.AsSpan(r * width + d, d).CopyTo(logVars.Slice(r * d, d));
            }

            Scaling?.UnapplyLogVariance(logVars);
        }
    }
}
