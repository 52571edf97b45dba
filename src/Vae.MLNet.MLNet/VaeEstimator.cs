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
    private readonly Func<string, string>? _inCallerWording;

    /// <summary>Checks the options, which are copied.</summary>
    /// <param name="catalog">The catalog the estimator came from.</param>
    /// <param name="options">The settings.</param>
    /// <param name="inCallerNames">
    /// Tells an <see cref="ArgumentException"/> that names one of the options, from the checks here or in either Fit,
    /// in the names the caller knows the settings by, or returns null to let it name the option; null for a caller who set the options.
    /// </param>
    /// <param name="inCallerWording">
    /// Rewords the message of a <see cref="VaeDataException"/> from either Fit, whose advice may name options too, in
    /// those names; null for a caller who set the options.
    /// </param>
    internal VaeEstimator(
        TransformsCatalog catalog, Options options, Func<ArgumentException, ArgumentException?>? inCallerNames = null, Func<string, string>? inCallerWording = null)
    {
        _catalog = catalog;
        _options = (Options)options.Clone();
        _inCallerNames = inCallerNames;
        _inCallerWording = inCallerWording;
        try
        {
            _options.ValidateForTraining();
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
    /// The model trained by the latest Fit, either overload, or <see langword="null"/> before the first. It gives the
    /// decoder for <see cref="VaeCatalog.VaeDecoder(Microsoft.ML.TransformsCatalog, VaeModel, VaeDecoderEstimator.Options)"/>, in-process scoring and the raw ONNX graphs of that training.
    /// It holds Adam's state (<see cref="VaeModel.HasOptimizerState"/>), about twice the weights' memory, to train
    /// further from exactly; <see cref="VaeModel.WithoutOptimizerState"/> gives it without, to keep for scoring.
    /// </summary>
    public VaeModel? TrainedModel { get; private set; }

    /// <summary>
    /// Reads the feature column into memory, dense (rows × width × 4 bytes, sparse rows written out in full), trains the
    /// autoencoder and wraps its ONNX graph in an <see cref="OnnxTransformer"/>.
    /// </summary>
    /// <param name="input">Training data holding the feature column.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <see cref="VaeOptions.EarlyStoppingPatience"/> is set with <see cref="VaeOptions.ValidationFraction"/> 0, so no
    /// rows are held out to watch (the parameter name is the patience's): refused before this estimator reads any row,
    /// though in an <see cref="Microsoft.ML.Data.EstimatorChain{TLastTransformer}"/> only once the steps before it are
    /// fitted. Set the fraction above 0, or pass validation data to <see cref="Fit(IDataView, IDataView)"/>, fitting this
    /// estimator on its own.
    /// </exception>
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
    /// range; or a feature to scale spans a range wider than float32's largest value (MinMax), has its mean plus 10
    /// standard deviations, or a value's distance from its mean, past that value (Standardize), or, not constant, spreads
    /// less than its inverse, about 2.9e-39, so its scale would not fit float32; or too few rows remain to hold some out for validation and still train; or a row's loss overflows float32
    /// while other rows' are finite, as it lies too far outside the rest of the data. The message names the row, counted in
    /// <paramref name="input"/> (after any filter, split or cross-validation fold upstream, so not always the source's
    /// row), and the slot of a bad value; its advice names the settings as the caller wrote them, for an estimator of the
    /// simple <see cref="VaeCatalog.Vae(TransformsCatalog, string, int, int[], int, VaeLikelihood, VaeInputScaling, int, int?, bool)"/>
    /// overload by its parameters (likelihood, inputScaling).
    /// </exception>
    /// <exception cref="VaeTrainingDivergedException">
    /// The loss or a gradient stopped being finite, or the loss exploded while staying finite; lower the learning rate or
    /// scale the features. With early stopping, its <see cref="VaeTrainingDivergedException.BestModel"/> holds the best
    /// epoch's model so far when that is not the last completed one.
    /// </exception>
    /// <exception cref="VaeTrainingStalledException">
    /// An epoch changed no weight, as every Adam step rounded away in float32: raise the learning rate, or lower Adam's
    /// ε or raise the clip norm where the message names them.
    /// </exception>
    /// <exception cref="OperationCanceledException">
    /// <see cref="Options.CancellationToken"/> was cancelled; once an epoch has completed, a
    /// <see cref="VaeTrainingCanceledException"/> holding the model of the last completed epoch, and with early stopping
    /// the best epoch's so far (<see cref="VaeTrainingCanceledException.BestModel"/>) when that is an earlier one.
    /// </exception>
    public OnnxTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // The size checks, before the rows are read and again in the trainer with its real batch, name the options.
        try
        {
            _options.RequireValidationRowsForEarlyStopping(
                validationData: false, $"this estimator fitted on its own, {nameof(Fit)}(trainData, validationData) (an EstimatorChain calls only {nameof(Fit)}(IDataView))");
            return Train(input, nameof(input), validationData: null);
        }
        catch (ArgumentException e) when (_inCallerNames?.Invoke(e) is { } renamed)
        {
            throw renamed;
        }
    }

    /// <summary>
    /// Trains the autoencoder on <paramref name="trainData"/>'s feature column, measures <paramref name="validationData"/>'s
    /// after every epoch, and wraps the ONNX graph in an <see cref="OnnxTransformer"/>, as ML.NET's trainers that take
    /// validation data do beside <see cref="Fit(IDataView)"/>. The validation rows are only measured, never trained on:
    /// their loss is each epoch's <see cref="VaeEpochReport.ValidationLoss"/> and what
    /// <see cref="VaeOptions.EarlyStoppingPatience"/> watches, and the weights are those
    /// <see cref="VaeTrainer.Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/> gives for the
    /// same rows. An <see cref="Microsoft.ML.Data.EstimatorChain{TLastTransformer}"/> calls only <see cref="Fit(IDataView)"/>: to fit with
    /// validation data, transform both views with the fitted upstream pipeline and fit this estimator on its own.
    /// </summary>
    /// <param name="trainData">Training data holding the feature column, every row of it trained on.</param>
    /// <param name="validationData">
    /// Rows to measure, holding the feature column with as many slots as <paramref name="trainData"/>'s: the validation
    /// data transformed by the same fitted pipeline as the training data.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="trainData"/> or <paramref name="validationData"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// With the parameter name <paramref name="validationData"/>, <see cref="VaeOptions.ValidationFraction"/> is above 0,
    /// as the validation rows come from the validation data or from the training data, not both; or the validation data
    /// has other features than the training data: other slot names where both name them, or other
    /// CategoricalSlotRanges where <see cref="Options.UseCategoricalSlotRanges"/> reads them, refused before any row is read.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// As for <see cref="Fit(IDataView)"/>, <paramref name="trainData"/> in place of its input; or, with the parameter
    /// name <paramref name="validationData"/>, the validation data has no feature column, or one that is not a
    /// known-size vector of <see cref="float"/> with as many slots as the training data's.
    /// </exception>
    /// <exception cref="InvalidOperationException">As for <see cref="Fit(IDataView)"/>, of either view.</exception>
    /// <exception cref="VaeDataException">
    /// As for <see cref="Fit(IDataView)"/>; or a value of the validation data is not finite or, where the loss reads it
    /// as a probability, lies outside [0, 1] after the scaling learned from the training data, or a validation row's
    /// loss is not finite although the training rows' are. The message names the validation data and the row, counted
    /// in <paramref name="validationData"/>.
    /// </exception>
    /// <exception cref="VaeTrainingDivergedException">As for <see cref="Fit(IDataView)"/>.</exception>
    /// <exception cref="VaeTrainingStalledException">As for <see cref="Fit(IDataView)"/>.</exception>
    /// <exception cref="OperationCanceledException">As for <see cref="Fit(IDataView)"/>.</exception>
    public OnnxTransformer Fit(IDataView trainData, IDataView validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        ArgumentNullException.ThrowIfNull(validationData);
        try
        {
            _options.RequireNoValidationFraction(nameof(validationData));
            return Train(trainData, nameof(trainData), validationData);
        }
        catch (ArgumentException e) when (_inCallerNames?.Invoke(e) is { } renamed)
        {
            throw renamed;
        }
    }

    /// <param name="input">The training data.</param>
    /// <param name="inputName">The parameter that took <paramref name="input"/>, which the size checks name.</param>
    /// <param name="validationData">The validation data, if any.</param>
    private OnnxTransformer Train(IDataView input, string inputName, IDataView? validationData)
    {
        int featureCount = FloatVectorColumn.RequireSize(input.Schema, _options.FeatureColumnName, FeatureRole, inputName);
        if (validationData is not null)
        {
            RequireValidationFeatures(input.Schema, validationData, featureCount);
        }

        // The trainer checks this too, but only once the data is read, and the probe below, of the full latent width,
        // would overflow first on a model too large to train. A batch of one row, the fewest the trainer counts, as the
        // rows are not read yet: this refuses no model the trainer would take.
        VaeNetwork.RequireTrainableSize(_options, featureCount, batchRows: 1, inputName);

        // ML.NET makes its ONNX Runtime session, on a GPU when these options or the MLContext ask for one, only when it is
        // handed a graph: a GPU it cannot use would fail Fit after reading the data and the whole of training. A session
        // over the graph of an untrained network with the trained one's inputs and outputs, and one unit in each hidden
        // layer so that even a large model's costs nothing, fails before the data is read instead.
        VaeNetwork probe = VaeNetwork.Create(_options.WithUnitHiddenLayers(), featureCount, new Random(0));
        OnnxGraphFile.Release(ScorerOver(OnnxExporter.ExportAutoencoder(probe, scaling: null, VaeInputScaling.None, GraphNames(), GraphOutputs()), input));

        VaeModel model;
        try
        {
            VaeDataset data = Read(input, featureCount, isValidationData: false);
            var trainer = new VaeTrainer(_options);
            model = validationData is null
                ? trainer.Fit(data, _options.Progress, _options.CancellationToken)
                : trainer.Fit(data, Read(validationData, featureCount, isValidationData: true), _options.Progress, _options.CancellationToken);
        }
        catch (VaeDataException e) when (Retold(e) is { } retold)
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
    /// Checks, before any row is read, that <paramref name="validationData"/> has the feature column, of the training
    /// data's <paramref name="featureCount"/> slots, and with the features its annotations give the training data's: the
    /// same slot names where both name them and, read as categorical columns, the same one-hot ranges.
    /// </summary>
    private void RequireValidationFeatures(DataViewSchema trainSchema, IDataView validationData, int featureCount)
    {
        const string SamePipeline = "transform the validation data with the pipeline fitted on the training data, as the training data was";
        string columnName = _options.FeatureColumnName;
        if (validationData.Schema.GetColumnOrNull(columnName) is null)
        {
            throw new ArgumentOutOfRangeException(nameof(validationData), $"The validation data has no feature column '{columnName}'; {SamePipeline}.");
        }

        int size = FloatVectorColumn.RequireSize(validationData.Schema, columnName, FeatureRole, nameof(validationData), "validation data");
        if (size != featureCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(validationData), $"The validation data's feature column '{columnName}' has {size} slots but the training data's has {featureCount}; {SamePipeline}.");
        }

        // The trainer compares them too, once the rows are read, with advice for reading CSV files.
        (string[]? trainedNames, VaeCategoricalFeature[] trainedCategorical) = FeaturesOf(trainSchema, featureCount, isValidationData: false);
        (string[]? names, VaeCategoricalFeature[] categorical) = FeaturesOf(validationData.Schema, featureCount, isValidationData: true);
        const string ValidationData = "the validation data", TrainingData = "the training data";
        string? difference = VaeCategoricalFeature.Difference(trainedCategorical, categorical, ValidationData, TrainingData)
            ?? (trainedNames is null || names is null ? null : FeatureNaming.Difference(trainedNames, names, ValidationData, TrainingData));
        if (difference is not null)
        {
            throw new ArgumentException(
                $"The validation data's feature column '{columnName}' holds other features than the training data's ({difference}); {SamePipeline}.", nameof(validationData));
        }
    }

    private (string[]? Names, VaeCategoricalFeature[] Categorical) FeaturesOf(DataViewSchema schema, int featureCount, bool isValidationData) =>
        FeatureColumnReader.FeaturesOf(schema, _options.FeatureColumnName, featureCount, _options.UseCategoricalSlotRanges, isValidationData);

    private VaeDataset Read(IDataView view, int featureCount, bool isValidationData) => FeatureColumnReader.Read(
        view, _options.FeatureColumnName, featureCount, _options.UseCategoricalSlotRanges, isValidationData, _options.CancellationToken);

    /// <summary>
    /// <paramref name="error"/> told as the caller knows the rows (<see cref="InFittedRows"/>) and the settings
    /// (<see cref="_inCallerWording"/>); null when that changes nothing.
    /// </summary>
    private VaeDataException? Retold(VaeDataException error)
    {
        VaeDataException told = InFittedRows(error) ?? error;
        string message = _inCallerWording?.Invoke(told.Message) ?? told.Message;
        return message != told.Message ? new VaeDataException(message, told.DataSource, told.Row, told.Column, error)
            : told != error ? told
            : null;
    }

    /// <summary>
    /// <paramref name="error"/> about one row, told as a row of the view Fit was given: a filter, split or
    /// cross-validation fold upstream hands the VAE a subset, whose row 71 the source may hold as row 99, and the view
    /// does not tell which. Null for an error about no one row.
    /// </summary>
    private static VaeDataException? InFittedRows(VaeDataException error)
    {
        string? message = error switch
        {
            { Row: null } => null,
            { FeatureProblem: { } problem, FeatureNumbered: { } feature } => $"{FittedRow(error.Row.Value, error.InValidationData)}, feature {feature} is {problem}",
            { RowProblem: { } problem } => $"{FittedRow(error.Row.Value, error.InValidationData)}: {problem}",
            _ => null,
        };
        return message is null ? null : new VaeDataException(message, error.DataSource, error.Row, error.Column, error);
    }

    /// <summary>
    /// The zero-based <paramref name="row"/> of the view Fit was given, the training data's or, with
    /// <paramref name="validationData"/>, the validation data's, named so that a reader does not take it for the source's row.
    /// </summary>
    internal static string FittedRow(long row, bool validationData) =>
        $"Row {row} of {(validationData ? "the validation data" : "the rows the VAE was fitted on")} (counted after any filter, split or cross-validation fold upstream)";

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
