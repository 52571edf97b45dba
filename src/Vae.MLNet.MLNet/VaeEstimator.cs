using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Trains a variational autoencoder on a feature column and returns ML.NET's own <see cref="OnnxTransformer"/> over
/// the exported autoencoder graph, cut down to the requested columns, so the fitted pipeline saves, loads and scores
/// without this library.
/// </summary>
/// <remarks>
/// The feature column must be a known-size vector of <see cref="float"/> with D slots. The added columns are vectors
/// of <see cref="float"/> as OnnxTransformer types them: a graph output of shape [N, K] becomes a vector with
/// dimensions [1, K] (size K), and the per-row outputs of shape [N] become vectors of size 1, not scalars.
/// The transformer holds an ONNX Runtime session; dispose it when done.
/// </remarks>
public sealed partial class VaeEstimator : IEstimator<OnnxTransformer>
{
    private const string FeatureRole = "feature";

    private readonly TransformsCatalog _catalog;
    private readonly Options _options;
    private readonly Func<ArgumentException, ArgumentException?>? _inCallerNames;

    /// <summary>Checks the options, which are copied.</summary>
    /// <param name="catalog">The catalog the estimator came from.</param>
    /// <param name="options">The settings.</param>
    /// <param name="inCallerNames">
    /// Tells an <see cref="ArgumentException"/> that names one of the options, from the checks here or in <see cref="Fit"/>,
    /// in the names the caller knows the settings by, or returns null to let it name the option; null for a caller who set the options.
    /// </param>
    internal VaeEstimator(TransformsCatalog catalog, Options options, Func<ArgumentException, ArgumentException?>? inCallerNames = null)
    {
        _catalog = catalog;
        _options = (Options)options.Clone();
        _inCallerNames = inCallerNames;
        try
        {
            _options.ValidateForTraining();
            _options.RequireValidationRowsForEarlyStopping(validationData: false, takesValidationData: false);
            _options.ValidateColumns();
            _options.RequireColumnsFreeInGraph();
            OnnxGraphFile.RequireDeviceNumber(_options.GpuDeviceId, nameof(Options.GpuDeviceId));
        }
        catch (ArgumentException e) when (_inCallerNames?.Invoke(e) is { } renamed)
        {
            throw renamed;
        }
    }

    /// <summary>
    /// The model trained by the latest <see cref="Fit"/>, or <see langword="null"/> before the first. It gives the
    /// decoder for <see cref="VaeCatalog.VaeDecoder(Microsoft.ML.TransformsCatalog, VaeModel, VaeDecoderEstimator.Options)"/>, in-process scoring and the raw ONNX graphs of that training.
    /// </summary>
    public VaeModel? TrainedModel { get; private set; }

    /// <summary>Reads the feature column, trains the autoencoder and wraps its ONNX graph in an <see cref="OnnxTransformer"/>.</summary>
    /// <param name="input">Training data holding the feature column.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The feature column is missing or not a known-size vector of <see cref="float"/>; or the model would be too large
    /// to train or to save (the parameter name is the option to reduce, which for an estimator of the simple
    /// <see cref="VaeCatalog.Vae(TransformsCatalog, string, int, int[], int, VaeLikelihood, VaeInputScaling, int, int?, bool)"/>
    /// overload is its parameter that sets it, or <paramref name="input"/> where the feature
    /// count is the limit: more than 1 073 741 795 features, whose scratch row passes an array, or so many that one unit
    /// in every hidden layer and one latent dimension would leave the network too large too).
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// The feature column has no rows, or more than one array holds, or a row of another length than its type says; its CategoricalSlotRanges annotation is not pairs of
    /// slots in order; or a GPU is asked for while the application loads the CPU build of ONNX Runtime.
    /// </exception>
    /// <exception cref="VaeDataException">
    /// A value is not finite, or lies outside [0, 1] for the Bernoulli likelihood without MinMax scaling or in a one-hot
    /// range; or a feature to scale spans a range wider than float32's largest value (MinMax) or, not constant, spreads
    /// less than its inverse, about 2.9e-39, so its scale would not fit float32; or too few rows remain to hold some out for validation and still train; or a row's loss overflows float32
    /// while other rows' are finite, as it lies too far outside the rest of the data. The message names the row, counted in
    /// <paramref name="input"/> (after any filter, split or cross-validation fold upstream, so not always the source's
    /// row), and the slot of a bad value.
    /// </exception>
    /// <exception cref="VaeTrainingDivergedException">The loss or a gradient stopped being finite; lower the learning rate or scale the features.</exception>
    /// <exception cref="OperationCanceledException">
    /// <see cref="Options.CancellationToken"/> was cancelled; once an epoch has completed, a
    /// <see cref="VaeTrainingCanceledException"/> holding the model of the last completed epoch.
    /// </exception>
    public OnnxTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // The size checks, before the rows are read and again in the trainer with its real batch, name the options.
        try
        {
            return Train(input);
        }
        catch (ArgumentException e) when (_inCallerNames?.Invoke(e) is { } renamed)
        {
            throw renamed;
        }
    }

    private OnnxTransformer Train(IDataView input)
    {
        int featureCount = FloatVectorColumn.RequireSize(input.Schema, _options.FeatureColumnName, FeatureRole, nameof(input));

        // The trainer checks this too, but only once the data is read, and the probe below, of the full latent width,
        // would overflow first on a model too large to train. A batch of one row, the fewest the trainer counts, as the
        // rows are not read yet: this refuses no model the trainer would take.
        VaeNetwork.RequireTrainableSize(_options, featureCount, batchRows: 1, nameof(input));

        // ML.NET makes its ONNX Runtime session, on a GPU when these options or the MLContext ask for one, only when it is
        // handed a graph: a GPU it cannot use would fail Fit after reading the data and the whole of training. A session
        // over the graph of an untrained network with the trained one's inputs and outputs, and one unit in each hidden
        // layer so that even a large model's costs nothing, fails before the data is read instead.
        VaeNetwork probe = VaeNetwork.Create(_options.WithUnitHiddenLayers(), featureCount, new Random(0));
        OnnxGraphFile.Release(ScorerOver(OnnxExporter.ExportAutoencoder(probe, scaling: null, VaeInputScaling.None, GraphNames(), GraphOutputs()), input));

        VaeModel model;
        try
        {
            VaeDataset data = FeatureColumnReader.Read(input, _options.FeatureColumnName, featureCount, _options.UseCategoricalSlotRanges, _options.CancellationToken);
            model = new VaeTrainer(_options).Fit(data, _options.Progress, _options.CancellationToken);
        }
        catch (VaeDataException e) when (InFittedRows(e) is { } retold)
        {
            throw retold;
        }

        TrainedModel = model;
        ModelProto autoencoder = OnnxExporter.BuildAutoencoder(model.Network, model.Scaling, model.Options.InputScaling, GraphNames(), GraphOutputs());
        string[] featureWide = [.. _options.RequestedOutputs().Where(requested => SpansTheFeatures(requested.Output)).Select(requested => requested.Column)];
        OnnxSlotNames.Add(autoencoder, featureWide, model.FeatureNames);
        return ScorerOver(autoencoder.ToByteArray(), input);
    }

    /// <summary>
    /// <paramref name="error"/> about one row, told as a row of the view <see cref="Fit"/> was given: a filter, split or
    /// cross-validation fold upstream hands the VAE a subset, whose row 71 the source may hold as row 99, and the view
    /// does not tell which. Null for an error about no one row.
    /// </summary>
    private static VaeDataException? InFittedRows(VaeDataException error)
    {
        string? message = error switch
        {
            { Row: null } => null,
            { FeatureProblem: { } problem, Column: { } feature } => $"{FittedRow(error.Row.Value)}, feature {feature} is {problem}",
            { RowProblem: { } problem } => $"{FittedRow(error.Row.Value)}: {problem}",
            _ => null,
        };
        return message is null ? null : new VaeDataException(message, error.DataSource, error.Row, error.Column, error);
    }

    /// <summary>
    /// The zero-based <paramref name="row"/> of the view <see cref="Fit"/> was given, named so that a reader does not take
    /// it for the source's row.
    /// </summary>
    internal static string FittedRow(long row) =>
        $"Row {row} of the rows the VAE was fitted on (counted after any filter, split or cross-validation fold upstream)";

    /// <summary>Whether <paramref name="output"/> has a value for each feature, so that the features' names name its slots.</summary>
    private static bool SpansTheFeatures(VaeAutoencoderOutputs output) =>
        output is VaeAutoencoderOutputs.Reconstruction or VaeAutoencoderOutputs.ReconstructionLogVar;

    // The graph holds only the requested outputs: ONNX Runtime evaluates every node whether or not its output is
    // fetched, so the full graph would compute the decoder and the loss for a pipeline that reads the latent means.
    private VaeAutoencoderOutputs GraphOutputs() => VaeOutputNames.Combined(_options.RequestedOutputs());

    private OnnxTensorNames GraphNames() => VaeOutputNames.ForAutoencoder(_options.FeatureColumnName, _options.RequestedOutputs());

    private OnnxTransformer ScorerOver(byte[] autoencoder, IDataView input) => OnnxGraphFile.Fit(
        _catalog,
        autoencoder,
        _options.RequestedOutputs().Select(output => output.Column).ToArray(),
        [_options.FeatureColumnName],
        _options.GpuDeviceId,
        _options.FallbackToCpu,
        input);

    /// <summary>
    /// Checks that the feature column is a known-size vector of <see cref="float"/> and adds the requested output
    /// columns, each a known-size vector of <see cref="float"/>. Where the feature column promises slot names, the
    /// columns that span the features (Reconstruction, ReconstructionLogVar) promise them too: the fitted columns have the
    /// model's feature names as slot names, which the model takes from the feature column's slot names where those tell
    /// every feature apart.
    /// </summary>
    /// <param name="inputSchema">The promised input columns.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShape.Column features = FloatVectorColumn.Require(inputSchema, _options.FeatureColumnName, FeatureRole);

        // Whether the names tell the features apart only the data shows, so a promise of slot names may go unkept, as
        // ML.NET allows, where a column that got them unpromised would break the promise.
        bool namedFeatures = FloatVectorColumn.PromisesSlotNames(features);
        SchemaShape result = inputSchema;
        foreach ((string column, VaeAutoencoderOutputs output) in _options.RequestedOutputs())
        {
            result = FloatVectorColumn.Promise(result, column, withSlotNames: namedFeatures && SpansTheFeatures(output));
        }

        return result;
    }
}
