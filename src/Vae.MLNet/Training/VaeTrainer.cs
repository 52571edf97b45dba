using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Text;
using Vae.MLNet.Training;

namespace Vae.MLNet;

/// <summary>
/// Trains a <see cref="VaeModel"/> by minimizing the negative ELBO with Adam on shuffled mini-batches. The same
/// options, seed and thread count give bit-identical weights.
/// </summary>
public sealed class VaeTrainer
{
    /// <summary>How a gradient past about 1.8e19 harms training while the loss stays finite.</summary>
    private const string MomentOverflowed = "overflowed Adam's second moment, which stops its weight for good";

    /// <summary>What happened in an epoch that changed no weight, for the message of <see cref="VaeTrainingStalledException"/>.</summary>
    private const string Unchanged =
        "it changed not one weight, though its gradients were not zero: every Adam step was under half the float32 spacing of its weight, so it rounded away";

    /// <summary>
    /// How far, in multiples of the starting loss's size plus one nat a feature, the loss of a run's first rows may lie
    /// above their loss at the starting weights at weights that are still a start to go on from.
    /// </summary>
    private const double NoStartMargin = 1;

    /// <summary>The gradient element whose float32 square, the second moment's input, overflows.</summary>
    private static readonly double MomentOverflowingGradient = Math.Sqrt(float.MaxValue);

    private readonly VaeOptions _options;

    /// <summary>Creates a trainer; the options are checked and copied, so later changes to them have no effect.</summary>
    /// <param name="options">Architecture and training settings; null takes the defaults.</param>
    /// <exception cref="ArgumentException">
    /// A setting is out of its range or contradicts another (an <see cref="ArgumentOutOfRangeException"/> for a number out
    /// of range); the parameter name is the setting's.
    /// </exception>
    public VaeTrainer(VaeOptions? options = null)
    {
        options ??= new VaeOptions();
        options.ValidateForTraining();
        _options = options.SettingsOnly();
    }

    /// <summary>A copy of the trainer's options.</summary>
    public VaeOptions Options => _options.Clone();

    /// <summary>
    /// The work a training step must give each thread it uses (<see cref="ThreadWork.MinMultiplyAdds"/>); tests
    /// of the sharded arithmetic lower it, so that small models take its paths.
    /// </summary>
    internal long MinMultiplyAddsPerThread { get; init; } = ThreadWork.MinMultiplyAdds;

    /// <summary>
    /// How far, in multiples of the starting loss's size plus one nat a feature, the loss of a run's first rows may rise
    /// above their loss at the starting weights before the run counts as diverged. Adam's step is bounded by the learning
    /// rate, so one far too large throws the weights out with every loss finite, orders of magnitude past it; a high rate
    /// that only spikes, and recovers, stays inside it (docs/architecture.md, Numerical safety, gives the measurements).
    /// Tests of the divergences that come later, once such weights overflow, raise it to infinity to reach them.
    /// </summary>
    internal double ExplodedLossMargin { get; init; } = 1000;

    /// <summary>
    /// How far, in the same multiples, the loss of a run's first rows may lie above their loss at the starting weights
    /// at the weights the run hands back. Weights that far out are no model, however the run got there short of
    /// <see cref="ExplodedLossMargin"/>: a learning rate of 10 on 6000 of MNIST's digits ended its epochs at 1.4e4 a row
    /// against 549 at the start, with no latent dimension active, and the run completed. Tests that let the loss rise as
    /// far as it may raise it to infinity, with <see cref="ExplodedLossMargin"/>.
    /// </summary>
    internal double ThrownOutLossMargin { get; init; } = NoStartMargin;

    /// <summary>
    /// Whether an epoch that changed no weight stops training with <see cref="VaeTrainingStalledException"/>. Tests that
    /// hold the weights still with a learning rate of 1e-30, to see what else an epoch changes (its rows' draws, ε, the
    /// KL weight) or to read the weights a run starts from, turn it off.
    /// </summary>
    internal bool StopsWhenStalled { get; init; } = true;

    /// <summary>
    /// Trains a new model on every row of <paramref name="data"/>; the model keeps the data's <see cref="VaeDataset.FeatureNames"/>
    /// and <see cref="VaeDataset.ImageShape"/>, and, for a <see cref="BinarizedDataset"/>, its binarization (<see cref="VaeTrainingHistory.Binarization"/>).
    /// </summary>
    /// <param name="data">Training rows; with a validation fraction, part of them is held out.</param>
    /// <param name="progress">
    /// Receives a report after every epoch, on the training thread; <see cref="Progress{T}"/> would post each to the thread
    /// pool, where printed lines can come late or out of order.
    /// </param>
    /// <param name="cancellationToken">
    /// Checked between batches; cancellation throws <see cref="VaeTrainingCanceledException"/>, holding the model of the
    /// last completed epoch, once an epoch of the run has completed, and a plain <see cref="OperationCanceledException"/> before.
    /// </param>
    /// <exception cref="VaeDataException">
    /// The data reports no rows or no features, or too few rows to hold any out for validation and still train; a value
    /// is not finite, or lies outside [0, 1] for the Bernoulli likelihood without MinMax scaling or in a one-hot feature
    /// of <see cref="VaeDataset.CategoricalFeatures"/>; a feature to scale by <see cref="VaeOptions.InputScaling"/> spans
    /// a range wider than <see cref="float.MaxValue"/> (MinMax), has its mean plus 10 standard deviations, or a value's
    /// distance from its mean, past <see cref="float.MaxValue"/> (Standardize), or, not constant, spreads less than 1/<see cref="float.MaxValue"/>,
    /// about 2.9e-39, so its scale would not fit float32 (the message and <see cref="VaeDataException.Column"/> name the
    /// feature); or the loss of a held-out row is not finite although the training rows' are, or that of a training row is not finite at the weights
    /// its epoch started from although other training rows' are, as it lies too far outside the rest of the data. The
    /// message and <see cref="VaeDataException.Row"/> name the row.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// The data's <see cref="VaeDataset.FeatureNames"/> cannot name its features (not one distinct, non-blank name per
    /// feature), or its <see cref="VaeDataset.CategoricalFeatures"/> overlap, leave the row or disagree with the names, or
    /// its <see cref="VaeDataset.ImageShape"/> has another number of pixels than it has features; or
    /// <see cref="VaeOptions.EarlyStoppingPatience"/> is set with no validation rows to watch, as
    /// <see cref="VaeOptions.ValidationFraction"/> is 0 (the parameter name is the setting's; the overload taking
    /// validation data gives it rows).
    /// </exception>
    /// <exception cref="VaeTrainingDivergedException">
    /// The loss or a gradient stopped being finite, not through one row too far outside the rest (a
    /// <see cref="VaeDataException"/>); a gradient overflowed the optimizer's second moment; or, at an epoch's end, the
    /// loss of the rows the run trained on first had risen more than 1000 × (|their loss at the starting weights| + 1 nat
    /// a feature) above that loss, as steps far too large throw the weights out while every loss stays finite; or, once
    /// the run had ended, that loss at the weights it would hand back (the last epoch's, or those early stopping kept
    /// from an epoch of the run) lay more than |their loss at the starting weights| + 1 nat a feature above it. Both sides
    /// weigh the KL term as the epoch judged trained with, so a KL warm-up's early epochs are judged as they train.
    /// </exception>
    /// <exception cref="VaeTrainingStalledException">
    /// An epoch changed not one weight though its gradients were not zero: every Adam step rounded away in float32, as
    /// with a learning rate of 1e-30, an <see cref="VaeOptions.AdamEpsilon"/> of 3e38 or a
    /// <see cref="VaeOptions.GradientClipNorm"/> of 1e-45. Its <see cref="VaeTrainingStalledException.LastCompletedModel"/>
    /// holds the weights the epoch left as they were.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A layer sized by the options and the data's width, or the rows of its outputs a batch holds, would need more
    /// values than one array holds, the weights would take more than the 2 GiB an ONNX file holds (so the model could
    /// not be saved or scored by ONNX Runtime), or training the network would need more memory than the process may use
    /// (seven or eight copies of its weights); the parameter name is the option to reduce: <see cref="VaeOptions.BatchSize"/>
    /// where a batch of rows so wide would not fit whatever the layers, or <paramref name="data"/> where the feature count
    /// is the limit: one row would not fit (more than 1 073 741 795 features, whose scratch row of twice the features
    /// passes an array), or one unit in every hidden layer and one latent dimension would leave the network too large too.
    /// </exception>
    /// <exception cref="VaeTrainingCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled after an epoch of the run completed; its
    /// <see cref="VaeTrainingCanceledException.LastCompletedModel"/> holds the weights at the end of the last completed
    /// epoch (with early stopping too, not the best so far), which training further goes on from.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before an epoch of the run completed.</exception>
    public VaeModel Fit(VaeDataset data, IProgress<VaeEpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Train(data, validationData: null, initialModel: null, progress, cancellationToken);

    /// <summary>
    /// Trains further from <paramref name="initialModel"/>'s weights (its architecture, input scaling and
    /// <see cref="VaeModel.TensorNames"/> are kept; this trainer's optimization settings apply), appending to its history, which records this run's binarization of
    /// <paramref name="data"/> (<see cref="VaeTrainingHistory.Binarization"/>). Adam goes on from the model's optimizer state when it
    /// has one (<see cref="VaeModel.HasOptimizerState"/>: a model trained in this process, or loaded from a zip
    /// <see cref="VaeModel.SaveCheckpoint(string)"/> wrote), its step count and so its bias correction included, with this
    /// trainer's learning rate, betas, ε and weight decay from the first step; otherwise (a model loaded from a zip
    /// <see cref="VaeModel.Save(string)"/> wrote) its moments start afresh, and its first steps move every weight by about
    /// the learning rate. With the same data,
    /// <see cref="VaeOptions.Seed"/> and <see cref="VaeOptions.ValidationFraction"/> as the run that trained the model,
    /// the same rows are held out, so the validation loss goes on measuring rows the model has not been trained on, and
    /// the epochs shuffle the rows, draw ε and read a <see cref="BinarizedDataset.Resampled"/> binarization with the same
    /// seed as the epochs after the model's would have in one longer run. With
    /// early stopping, the starting weights compete with every epoch's: when no epoch has a lower validation loss, the
    /// model keeps them and <see cref="VaeTrainingHistory.BestEpoch"/> names the epoch they came from. What describes the
    /// weights then comes from the run that trained them, as <paramref name="initialModel"/> records it: the model's
    /// <see cref="VaeModel.Options"/> and its history's <see cref="VaeTrainingHistory.GemmBackend"/>,
    /// <see cref="VaeTrainingHistory.NumberOfThreadsUsed"/>, <see cref="VaeTrainingHistory.GemmKernel"/> and
    /// <see cref="VaeTrainingHistory.Binarization"/>, and its <see cref="VaeModel.FeatureRanges"/>, while the history keeps
    /// this run's epochs, which show why it stopped,
    /// and <see cref="VaeTrainingHistory.BestValidationLoss"/> the loss the starting weights won by, on this run's
    /// validation rows at its β (their epoch's report holds the loss an earlier run measured on its own).
    /// </summary>
    /// <param name="data">
    /// Training rows with the model's number of features and, where both name them, its <see cref="VaeModel.FeatureNames"/>
    /// in its order. The model keeps its names, or its lack of them.
    /// </param>
    /// <param name="initialModel">The model to start from, or null to start from fresh weights.</param>
    /// <param name="progress">
    /// Receives a report after every epoch, on the training thread; <see cref="Progress{T}"/> would post each to the thread
    /// pool, where printed lines can come late or out of order.
    /// </param>
    /// <param name="cancellationToken">
    /// Checked between batches; cancellation throws <see cref="VaeTrainingCanceledException"/>, holding the model of the
    /// last completed epoch, once an epoch of the run has completed, and a plain <see cref="OperationCanceledException"/> before.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>; or <see cref="VaeOptions.Epochs"/>
    /// more epochs would take <paramref name="initialModel"/>'s history past <see cref="VaeTrainingHistory.MaxEpochs"/>.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>; or the data has another number
    /// of features than <paramref name="initialModel"/>, or, where both name them, other feature names or another order,
    /// or, where both read categories, other categorical features, or, where both know it, another
    /// <see cref="VaeDataset.ImageShape"/> (the model keeps its own; one without takes the data's).
    /// </exception>
    /// <exception cref="VaeDataException">
    /// As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>; or <paramref name="initialModel"/>
    /// has the Bernoulli likelihood and MinMax scaling, which it keeps, and a value lies outside the range that scaling
    /// was learned on, so that it would leave [0, 1]: such a model is not trained further on wider data.
    /// </exception>
    /// <exception cref="VaeTrainingDivergedException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingStalledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingCanceledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="OperationCanceledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    // Beside the overloads taking validation data, which refuse null, Fit(data, null, progress) would be ambiguous; a
    // null second argument is read as no model to start from, above the validation overload that takes progress third.
    [OverloadResolutionPriority(2)]
    public VaeModel Fit(VaeDataset data, VaeModel? initialModel, IProgress<VaeEpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Train(data, validationData: null, initialModel, progress, cancellationToken);

    /// <summary>
    /// Trains a new model on every row of <paramref name="data"/> and measures <paramref name="validationData"/> after every
    /// epoch, as ML.NET's trainers take a validation set beside the training set: its loss is each epoch's
    /// <see cref="VaeEpochReport.ValidationLoss"/>, defined and computed as for the rows <see cref="VaeOptions.ValidationFraction"/>
    /// holds out (reconstruction + β·KL with the epoch's β, z sampled with the same seed every epoch, the model's input
    /// scaling applied), and what <see cref="VaeOptions.EarlyStoppingPatience"/> watches. The validation data is only
    /// measured, never trained on: it draws no random number training uses, so the weights are those
    /// <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/> gives without it, until early stopping restores the best epoch's.
    /// Without validation data, call <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/> or
    /// <see cref="Fit(VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/>: the overloads taking validation data refuse null.
    /// </summary>
    /// <param name="data">Training rows, every one of them trained on; the model keeps their <see cref="VaeDataset.FeatureNames"/>.</param>
    /// <param name="validationData">
    /// Rows to measure, with the training data's features (their number, names where both name them, categorical
    /// features, and image shape where both know it) and values the model could train on.
    /// </param>
    /// <param name="progress">
    /// Receives a report after every epoch, with the validation data's loss, on the training thread; <see cref="Progress{T}"/>
    /// would post each to the thread pool, where printed lines can come late or out of order.
    /// </param>
    /// <param name="cancellationToken">
    /// Checked between batches; cancellation throws <see cref="VaeTrainingCanceledException"/>, holding the model of the
    /// last completed epoch, once an epoch of the run has completed, and a plain <see cref="OperationCanceledException"/> before.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="validationData"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>; or, with the parameter name <paramref name="validationData"/>,
    /// <see cref="VaeOptions.ValidationFraction"/> is above 0, as the validation rows come from the validation data or
    /// from the training data, not both; or the validation data reports no rows or no features, or not one label per
    /// row, or has other features than the training data: another number, other names or another order where both name
    /// them, other categorical features, another <see cref="VaeDataset.ImageShape"/> where both know it.
    /// </exception>
    /// <exception cref="VaeDataException">
    /// As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>; or a value of the validation data is not finite or, where the loss reads it as a
    /// probability, lies outside [0, 1] after the model's scaling (which is learned from the training data alone), or a
    /// validation row's loss is not finite although the training rows' are. The message names the validation data and
    /// the row, counted in it, which <see cref="VaeDataException.Row"/> gives.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingDivergedException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingStalledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingCanceledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="OperationCanceledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    // Beside the overload taking an initial model, Fit(data, validationData, null) would be ambiguous; a null third
    // argument is read as no progress, which also starts from fresh weights, as it did when the model came third.
    [OverloadResolutionPriority(1)]
    public VaeModel Fit(VaeDataset data, VaeDataset validationData, IProgress<VaeEpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Fit(data, validationData, initialModel: null, progress, cancellationToken);

    /// <summary>
    /// Trains <paramref name="initialModel"/> further, as <see cref="Fit(VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/> does, and measures
    /// <paramref name="validationData"/> after every epoch, as <see cref="Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/> does. With early stopping, the initial
    /// model's weights are measured on the validation data too and compete with every epoch's; when they are kept, so is
    /// what describes them, as that overload says. Without validation data,
    /// call <see cref="Fit(VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/>.
    /// </summary>
    /// <param name="data">
    /// Training rows, every one of them trained on, with <paramref name="initialModel"/>'s features when it is given.
    /// </param>
    /// <param name="validationData">
    /// Rows to measure, with <paramref name="initialModel"/>'s features (their number, names where both name them,
    /// categorical features, and image shape where both know it; the training data's shape for a model without one),
    /// or the training data's when it is null, and values the model could train on.
    /// </param>
    /// <param name="initialModel">The model to train further, or null to start from fresh weights.</param>
    /// <param name="progress">
    /// Receives a report after every epoch, with the validation data's loss, on the training thread; <see cref="Progress{T}"/>
    /// would post each to the thread pool, where printed lines can come late or out of order.
    /// </param>
    /// <param name="cancellationToken">
    /// Checked between batches; cancellation throws <see cref="VaeTrainingCanceledException"/>, holding the model of the
    /// last completed epoch, once an epoch of the run has completed, and a plain <see cref="OperationCanceledException"/> before.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="validationData"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// As for <see cref="Fit(VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/> and <see cref="Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>, the validation data's features being compared with
    /// <paramref name="initialModel"/>'s.
    /// </exception>
    /// <exception cref="VaeDataException">As for <see cref="Fit(VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/> and <see cref="Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Fit(VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingDivergedException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingStalledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingCanceledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="OperationCanceledException">As for <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    public VaeModel Fit(
        VaeDataset data, VaeDataset validationData, VaeModel? initialModel, IProgress<VaeEpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validationData);
        return Train(data, validationData, initialModel, progress, cancellationToken);
    }

    private VaeModel Train(VaeDataset data, VaeDataset? validationData, VaeModel? initialModel, IProgress<VaeEpochReport>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (validationData is not null)
        {
            _options.RequireNoValidationFraction(nameof(validationData));
        }

        _options.RequireValidationRowsForEarlyStopping(validationData is not null, nameof(Fit));
        int rowCount = data.RowCount;
        int featureCount = data.FeatureCount;
        if (rowCount <= 0 || featureCount <= 0)
        {
            throw new VaeDataException(
                string.Create(CultureInfo.InvariantCulture, $"The dataset reports {rowCount} rows of {featureCount} features; training needs at least one row with at least one feature."));
        }

        if (initialModel is not null)
        {
            initialModel.RequireFeaturesOf(data, nameof(data), "the initial model");
            RequireRoomInHistory(initialModel.History);
        }

        // Training further keeps what the model had: names taken from data it was not first trained on could be in another order.
        IReadOnlyList<string>? featureNames = initialModel is null ? FeatureNaming.NamesOf(data, nameof(data)) : initialModel.FeatureNames;
        IReadOnlyList<VaeCategoricalFeature>? categoricalFeatures = initialModel is null
            ? VaeCategoricalFeature.Of(data, nameof(data))
            : initialModel.CategoricalFeatures;
        VaeImageShape? imageShape = ImageShapeOf(data, featureCount, initialModel);

        VaeOptions options = initialModel is null ? _options : _options.WithArchitectureOf(initialModel.Options);
        VaeNetwork.RequireTrainableSize(options, featureCount, Math.Min(options.BatchSize, rowCount), nameof(data));
        var seeds = new SeededRandom(options.Seed);

        // Drawn even when a model gives the weights, so the split and the seeds after it are the ones a fresh run with
        // this seed drew: otherwise training further would validate on rows the first run trained on.
        int initializationSeed = seeds.Next();

        // A resampled binarization draws anew at every read of its own: the training steps read each epoch at the draw
        // of its number in the model's history, and everything else (the statistics, the held-out rows, the check after
        // an epoch's last update) at the first.
        VaeDataset fixedRows = data.WithFixedRows(draw: 0);
        FeatureStatistics statistics = FeatureStatistics.Compute(fixedRows);
        VaeNetwork network = initialModel?.Network.Clone()
            ?? VaeNetwork.Create(options, featureCount, new SeededRandom(initializationSeed), CategoricalGroups.Of(categoricalFeatures, featureCount));
        FeatureScaling? scaling = initialModel is null
            ? statistics.CreateScaling(options.InputScaling, FeatureScaling.Clips(network.Likelihood))?.Leaving(network.Categories)
            : initialModel.Scaling;
        VaeFeatureRanges? dataRanges = VaeFeatureRanges.Of(statistics);
        VaeFeatureRanges? featureRanges = initialModel?.FeatureRanges is { } earlier && dataRanges is not null ? earlier.Union(dataRanges) : dataRanges;
        VaeFeatureRanges? scalingRanges = initialModel is null ? dataRanges : initialModel.FeatureRanges;
        statistics.RequireUnitInterval(fixedRows, network.Likelihood, network.Categories, scaling, continuing: initialModel is not null, validating: false, scalingRanges);
        (VaeDataset Rows, int RowCount)? validationRows = validationData is null
            ? null
            : ValidationRows(validationData, featureNames, categoricalFeatures, initialModel?.ImageShape, data.ImageShape, network, scaling, scalingRanges, continuing: initialModel is not null);

        // The split's row indices and the network's width hold for the whole run: a dataset that reports other counts
        // later, before the held-out rows are first read or between epochs, is refused rather than read out of its rows.
        fixedRows.RequireUnchanged(rowCount, featureCount);
        (int[] train, int[] heldOut) = Split(rowCount, options.ValidationFraction, new SeededRandom(seeds.Next()));

        // Validation data takes the held-out rows' place, with no fraction to hold any out, so the split and the seeds drawn
        // after it are those of a run without it: measuring the validation data changes no weight.
        VaeDataset validationSource = validationRows?.Rows ?? fixedRows;
        int[] validation = validationRows is { } measured ? Enumerable.Range(0, measured.RowCount).ToArray() : heldOut;
        var shuffle = new SeededRandom(seeds.Next());
        var noise = new GaussianNoise(seeds.Next());
        int validationSeed = seeds.Next();

        using var step = new ShardedStep(network, Math.Min(options.BatchSize, train.Length), options.Gemm, options.EffectiveThreads, MinMultiplyAddsPerThread);
        var adam = new AdamOptimizer(network.Layers, AdamOptimizer.Settings.From(options), initialModel?.OptimizerState);
        VaeNetwork lastGood = network.Clone();

        // Adam's state when the last good weights were reached, kept beside them for a model handed back after a
        // cancellation or divergence mid-epoch; until an epoch of this run completes, the starting weights' own.
        AdamState? lastGoodState = initialModel?.OptimizerState;
        bool lastGoodStateOwned = false;
        VaeNetwork? best = null;
        double bestValidation = double.PositiveInfinity;
        int? bestEpoch = null;
        int epochsSinceBest = 0;
        bool watchedAnEpoch = false;
        bool stoppedEarly = false;
        var history = new List<VaeEpochReport>(initialModel?.History.Epochs ?? []);
        int firstEpoch = history.Count + 1;
        (int[] Rows, VaeEvaluation AtStart)? runStart = null;

        // The run's first rows' loss at the end of its last completed epoch, and at the starting weights, both at the KL
        // weight that epoch trained with: how far the weights a divergence hands back had already gone.
        (double Loss, double StartLoss)? lastEpochFirstRows = null;

        // The same losses at the weights early stopping keeps, when they are an epoch of this run's.
        (double Loss, double StartLoss)? bestFirstRows = null;

        // Training further goes on with the row orders, ε and binarization draws the seeds give the epochs after the
        // model's, as one longer run on the same data would have drawn them, instead of repeating those of its first epochs.
        for (int epoch = 1; epoch < firstEpoch; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            shuffle.Shuffle(train);
        }

        noise.Skip((long)(firstEpoch - 1) * train.Length * network.LatentDimension, cancellationToken);

        // Training further must not hand back weights worse on the held-out rows than the ones it was given: those are
        // early stopping's first candidate, measured as each epoch's weights are. They are the weights of the model's
        // best epoch when early stopping kept those, else of its last; weights with no epoch behind them (a model that
        // diverged in its first) have nothing to name them by and are not kept.
        if (initialModel?.History.WeightsEpoch is int startingEpoch && options.EarlyStoppingPatience is not null && validation.Length > 0)
        {
            VaeEvaluation initialValidation = VaeModel.Evaluate(
                network, scaling, step.Scratch.Gemm, step.Scratch.Pass, validationSource, validation, new GaussianNoise(validationSeed), latentMeans: null, out int? overflowingRow);
            if (overflowingRow is null)
            {
                bestValidation = initialValidation.LossAt(options.Beta);
                bestEpoch = startingEpoch;
                best = network.Clone();
            }
        }

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            // The ramp counts the model's epochs, not this run's: training continued from a model goes on where it was.
            int modelEpoch = firstEpoch + epoch - 1;
            float beta = options.Beta * options.KLWarmupFractionAt(modelEpoch);
            shuffle.Shuffle(train);
            VaeDataset epochRows = data.WithFixedRows(draw: modelEpoch - 1);
            epochRows.RequireUnchanged(rowCount, featureCount);
            var clock = Stopwatch.StartNew();
            double reconstruction = 0;
            double kl = 0;
            int batch = 0;

            // The largest norm of the epoch's gradients before clipping: 0 when there was nothing to learn, so that weights
            // standing still are no stall.
            double largestGradientNorm = 0;
            foreach ((int start, int rows) in new RowRanges(train.Length, step.Capacity))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw Canceled();
                }

                (double batchReconstruction, double batchKl) = step.Run(epochRows, train.AsSpan(start, rows), scaling, noise, beta);
                bool lossFinite = double.IsFinite(batchReconstruction + batchKl);

                // A diverging step is applied before it is caught, then undone with the rest of its epoch: that lets the
                // gradient's finite check ride on the update's own pass over it.
                double gradientNorm = lossFinite ? step.Update(adam, network, options.GradientClipNorm) : double.NaN;
                if (!double.IsFinite(gradientNorm))
                {
                    // Judged at the weights the epoch started from, before any of its updates: a row whose loss overflows
                    // there, beside rows whose losses do not, is the data's fault, which no learning rate or clipping mends.
                    if (!lossFinite)
                    {
                        network.CopyWeightsFrom(lastGood);
                        if (RowTooFarOut(step, scaling, fixedRows, train.AsSpan(start, rows), train) is int farOut)
                        {
                            throw VaeDataException.InRow(
                                farOut,
                                $"a training row, its loss overflows float32 in epoch {modelEpoch}, batch {batch + 1}, already at the weights the epoch "
                                + "started from, though other training rows' losses are finite there, so the row lies too far outside the rest of the data "
                                + $"for a lower learning rate or clipping to help. {FarOutRowRemedy(options, continuing: initialModel is not null)}");
                        }
                    }

                    throw Diverged(modelEpoch, batch, "the loss or its gradient is not finite", afterUpdate: false, batchReconstruction, batchKl, beta);
                }

                // An epoch's first gradient is the own of the weights the epoch started from (at the run's start, the starting
                // weights), whatever the learning rate: a moment it overflowed is told as such here, where the check once an
                // epoch would blame the epoch's updates and send the caller on from those weights.
                if (batch == 0 && !adam.SecondMomentsFinite())
                {
                    throw Diverged(
                        modelEpoch,
                        batch,
                        $"a gradient, weight decay included, passed about 1.8e19 and {MomentOverflowed}",
                        afterUpdate: false,
                        batchReconstruction,
                        batchKl,
                        beta,
                        momentOverflowed: true,
                        lossGradientNorm: Math.Min(gradientNorm, options.GradientClipNorm ?? double.PositiveInfinity));
                }

                // The run's first batch is measured at the starting weights, before any update: its loss there is what
                // each epoch's end is held against, on the same rows, so rows far out in the data weigh on both sides alike.
                runStart ??= (train.AsSpan(start, rows).ToArray(), new VaeEvaluation(rows, batchReconstruction / rows, batchKl / rows));
                largestGradientNorm = Math.Max(largestGradientNorm, gradientNorm);
                reconstruction += batchReconstruction;
                kl += batchKl;
                batch++;
            }

            // Each batch's loss checks the update before it, which leaves the epoch's last update to check here, on the
            // rows it came from (their fixed draw, for a resampled binarization), before its weights become the last good ones.
            int lastStart = (batch - 1) * step.Capacity;
            VaeEvaluation afterLastUpdate = VaeModel.Evaluate(
                network, scaling, step.Scratch.Gemm, step.Scratch.Pass, fixedRows, train.AsSpan(lastStart, train.Length - lastStart), noise: null, latentMeans: null, out int? overflowingRow);
            if (overflowingRow is not null)
            {
                throw Diverged(modelEpoch, batch - 1, "the loss after its update is not finite", afterUpdate: true, afterLastUpdate.Reconstruction, afterLastUpdate.KullbackLeibler, beta);
            }

            // Checked once an epoch: a weight whose moment overflowed in it has stood still since, which its loss does not show.
            if (!adam.SecondMomentsFinite())
            {
                throw Diverged(
                    modelEpoch,
                    batch - 1,
                    $"by then a gradient, weight decay included, had passed about 1.8e19 and {MomentOverflowed}",
                    afterUpdate: true,
                    afterLastUpdate.Reconstruction,
                    afterLastUpdate.KullbackLeibler,
                    beta,
                    momentOverflowed: true);
            }

            if (runStart is { } first)
            {
                VaeEvaluation firstRowsNow = VaeModel.Evaluate(
                    network, scaling, step.Scratch.Gemm, step.Scratch.Pass, fixedRows, first.Rows, noise: null, latentMeans: null, out int? firstRowOverflowing);
                // Both sides weigh the KL as the epoch trained: early in a warm-up it grows freely while the loss falls.
                double startLoss = first.AtStart.LossAt(beta);
                double lossNow = firstRowOverflowing is null ? firstRowsNow.LossAt(beta) : double.PositiveInfinity;
                if (PastTheStart(lossNow, startLoss, network.InputDimension, ExplodedLossMargin))
                {
                    throw Diverged(
                        modelEpoch,
                        batch - 1,
                        ExplodedLoss(first.Rows.Length, startLoss, lossNow),
                        afterUpdate: true,
                        firstRowsNow.Reconstruction,
                        firstRowsNow.KullbackLeibler,
                        beta,
                        givenRemedy: ExplodedLossRemedy(options, network.InputDimension, lastEpochFirstRows, modelEpoch - 1, continuing: initialModel is not null));
                }

                lastEpochFirstRows = (lossNow, startLoss);
            }

            // A step under half the float32 spacing of its weight rounds away: an epoch whose every step did changed
            // nothing, as every later one would, and the run would hand back the weights it was given. Those are the last
            // good ones, so the check is one comparison an epoch, as cheap as the copy below, and none in the steps.
            if (StopsWhenStalled && largestGradientNorm > 0 && network.HasWeightsOf(lastGood))
            {
                throw Stalled(modelEpoch, largestGradientNorm);
            }

            double seconds = clock.Elapsed.TotalSeconds;
            double? validationLoss = null;
            int? validationActiveDimensions = null;
            if (validation.Length > 0)
            {
                validationRows?.Rows.RequireUnchanged(validation.Length, featureCount);
                // A single row's latent means have no spread: every dimension would read as inactive.
                ColumnMoments? latentMeans = validation.Length >= 2 ? new ColumnMoments(network.LatentDimension) : null;
                validationLoss = VaeModel.Evaluate(
                    network, scaling, step.Scratch.Gemm, step.Scratch.Pass, validationSource, validation, new GaussianNoise(validationSeed), latentMeans, out overflowingRow).LossAt(beta);
                validationActiveDimensions = latentMeans is null ? null : VaeLatentActivity.CountActive(Enumerable.Range(0, network.LatentDimension).Select(latentMeans.Variance));
                if (overflowingRow is int validationRow)
                {
                    // Not counted as an epoch without improvement: early stopping would then end training quietly.
                    string remedy = FarOutRowRemedy(options, continuing: initialModel is not null);
                    throw validationRows is null
                        ? VaeDataException.InRow(
                            validationRow,
                            $"held out for validation, its loss overflows float32 in epoch {modelEpoch}, though the training rows' losses are finite, "
                            + $"so the row lies too far outside the rest of the data. {remedy}")
                        : VaeDataException.InRow(
                            validationRow,
                            $"its loss overflows float32 in epoch {modelEpoch}, though the training rows' losses are finite, "
                            + $"so the row lies too far outside the training data. {remedy}").InTheValidationData();
                }
            }

            var report = new VaeEpochReport(
                modelEpoch,
                (reconstruction + beta * kl) / train.Length,
                reconstruction / train.Length,
                kl / train.Length,
                beta,
                validationLoss,
                seconds)
            {
                ValidationActiveDimensions = validationActiveDimensions,
            };
            history.Add(report);
            progress?.Report(report);
            lastGood.CopyWeightsFrom(network);
            if (lastGoodStateOwned)
            {
                lastGoodState!.CopyFrom(adam.State);
            }
            else
            {
                lastGoodState = adam.State.Clone();
                lastGoodStateOwned = true;
            }

            // While the KL weight ramps up, each epoch's validation loss weighs the KL differently, and all of them less
            // than the objective the warm-up leads to: early stopping watches the epochs trained on that one.
            if (options.EarlyStoppingPatience is { } patience && validationLoss is { } current && options.KLWarmedUpAt(modelEpoch))
            {
                watchedAnEpoch = true;
                if (current < bestValidation)
                {
                    bestValidation = current;
                    bestEpoch = report.Epoch;
                    epochsSinceBest = 0;
                    best ??= network.Clone();
                    best.CopyWeightsFrom(network);
                    bestFirstRows = lastEpochFirstRows;
                }
                else if (++epochsSinceBest >= patience)
                {
                    stoppedEarly = epoch < options.Epochs;
                    break;
                }
            }
        }

        // Starting weights that no epoch of the run was compared with have not been shown better than its last epoch's.
        if (!watchedAnEpoch)
        {
            best = null;
            bestEpoch = null;
        }

        // The margin that stops a run midway lets high rates spike and recover; once the run has ended there is no
        // recovery to wait for, and weights that have left the start that far behind are handed back as no model.
        // Starting weights early stopping kept are the start itself.
        (double Loss, double StartLoss)? keptFirstRows = best is null ? lastEpochFirstRows : bestEpoch >= firstEpoch ? bestFirstRows : null;
        if (runStart is { } begun && keptFirstRows is { } kept && PastTheStart(kept.Loss, kept.StartLoss, network.InputDimension, ThrownOutLossMargin))
        {
            // An earlier epoch early stopping kept leaves the last one's weights, which LastGoodModel holds, to be judged
            // on their own; the kept ones, thrown out, are no best model to hand back beside them.
            int lastEpoch = history[^1].Epoch;
            int? keptEpoch = best is null ? null : bestEpoch;
            best = null;
            throw Diverged(
                lastEpoch,
                (train.Length - 1) / step.Capacity,
                EndedThrownOut(begun.Rows.Length, kept.StartLoss, kept.Loss, keptEpoch),
                afterUpdate: true,
                batchReconstruction: 0,
                batchKl: 0,
                beta: options.Beta,
                atRunEnd: true,
                givenRemedy: keptEpoch is null || keptEpoch == lastEpoch
                    ? (ThrownOutRemedy(options, continuing: initialModel is not null), string.Empty, true)
                    : ExplodedLossRemedy(options, network.InputDimension, lastEpochFirstRows, lastEpoch, continuing: initialModel is not null));
        }

        if (best is not null)
        {
            network.CopyWeightsFrom(best);
        }

        return KeptByEarlyStopping(network, stoppedEarly, runStopped: false);

        // The weights early stopping chose, or the last epoch's when it chose none, with only their own Adam state: the
        // optimizer's for the last epoch's, the initial model's for the weights it started from; an earlier epoch's,
        // which early stopping kept, was not kept with them.
        VaeModel KeptByEarlyStopping(VaeNetwork weights, bool endedEarly, bool runStopped)
        {
            AdamState? keptState = bestEpoch is null || bestEpoch == history[^1].Epoch ? adam.State
                : bestEpoch < firstEpoch ? initialModel!.OptimizerState
                : null;
            return Holding(weights, bestEpoch, bestEpoch is null ? null : bestValidation, endedEarly, startingWeights: bestEpoch < firstEpoch, runStopped, keptState);
        }

        // What a run stopped now would have handed back had it ended here, when that differs from its last completed
        // epoch's weights: they are what early stopping was asked for. Weights no epoch of the run was compared with have
        // not been shown better, as at the run's end. Training stops here, so they are handed over without a copy.
        VaeModel? BestSoFar() => watchedAnEpoch && best is not null && bestEpoch != history[^1].Epoch
            ? KeptByEarlyStopping(best, endedEarly: false, runStopped: true)
            : null;

        // Cancelled before this run completed an epoch, training has no weights the caller does not hold or could not draw again.
        OperationCanceledException Canceled()
        {
            int completed = history.Count - (firstEpoch - 1);
            if (completed == 0)
            {
                return new OperationCanceledException(cancellationToken);
            }

            VaeModel? bestModel = BestSoFar();
            string message = initialModel is null
                ? $"Training was cancelled after {Counted.Of(completed, "epoch")} completed; the weights after epoch {history.Count}"
                : $"Training was cancelled after {Counted.Of(completed, "epoch")} of this run completed; the weights after epoch {history.Count} of the model's history";
            message += $" are in {nameof(VaeTrainingCanceledException.LastCompletedModel)}, from which {nameof(VaeTrainer)}.{nameof(Fit)}(data, {nameof(VaeTrainingCanceledException.LastCompletedModel)}) "
                + $"trains further, Adam going on from where it stood then.{BestSoFarSentence(bestModel, nameof(VaeTrainingCanceledException.BestModel))}";
            return new VaeTrainingCanceledException(message, LastCompletedModel(), completed, cancellationToken) { BestModel = bestModel };
        }

        VaeTrainingDivergedException Diverged(
            int modelEpoch,
            int batch,
            string cause,
            bool afterUpdate,
            double batchReconstruction,
            double batchKl,
            float beta,
            bool momentOverflowed = false,
            double? lossGradientNorm = null,
            bool atRunEnd = false,
            (string Remedy, string GoingOn, bool LastGoodModelDiverges)? givenRemedy = null)
        {
            // A divergence found once the run had ended hands back the weights its last epoch left, as a stop in the next would.
            (string handedBack, bool afterAnEpoch) = WeightsBefore(atRunEnd ? modelEpoch + 1 : modelEpoch);
            string weights = afterAnEpoch ? $"{char.ToUpperInvariant(handedBack[0])}{handedBack[1..]}"
                : initialModel is null ? $"No epoch completed, so {handedBack}"
                : $"No epoch of this run completed, so {handedBack}";
            bool atLastGoodWeights = !afterUpdate && batch == 0;
            bool beforeAnyUpdate = atLastGoodWeights && modelEpoch == firstEpoch;
            (string remedy, string goingOn, bool lastGoodModelDiverges) = givenRemedy ?? DivergenceRemedy(
                options,
                beforeAnyUpdate,
                atUpdatedWeights: atLastGoodWeights && !beforeAnyUpdate,
                continuing: initialModel is not null,
                batchReconstruction,
                batchKl,
                beta,
                momentOverflowed,
                lossGradientNorm);
            VaeModel? bestModel = BestSoFar();
            string when = atRunEnd ? $"by the end of epoch {modelEpoch}" : $"in epoch {modelEpoch}, batch {batch + 1}";
            return new VaeTrainingDivergedException(
                $"Training diverged {when}: {cause}. " +
                $"{weights} are in {nameof(VaeTrainingDivergedException.LastGoodModel)}.{BestSoFarSentence(bestModel, nameof(VaeTrainingDivergedException.BestModel))} {remedy}",
                modelEpoch,
                batch,
                LastCompletedModel(runEnded: atRunEnd),
                beforeAnyUpdate)
            {
                BestModel = bestModel,
                Remedy = remedy,
                GoingOn = goingOn,
                Cause = cause,
                LastGoodModelDiverges = lastGoodModelDiverges,
                AtRunEnd = atRunEnd,
            };
        }

        VaeTrainingStalledException Stalled(int modelEpoch, double largestGradientNorm)
        {
            (string weights, _) = WeightsBefore(modelEpoch);
            (string remedy, string goingOn) = StallRemedy(options, largestGradientNorm, network);
            VaeModel? bestModel = BestSoFar();
            return new VaeTrainingStalledException(
                $"Training stalled in epoch {modelEpoch}: {Unchanged}. {nameof(VaeTrainingStalledException.LastCompletedModel)} holds {weights}, which it left as they were."
                + $"{BestSoFarSentence(bestModel, nameof(VaeTrainingStalledException.BestModel))} {remedy}",
                modelEpoch,
                LastCompletedModel())
            {
                BestModel = bestModel,
                Remedy = remedy,
                GoingOn = goingOn,
                Cause = Unchanged,
            };
        }

        // The weights a run stopped in modelEpoch hands back, as its messages name them: those its last completed epoch
        // left, or, before it completed one, those it started from; and whether they are an epoch's of this run.
        (string Weights, bool AfterAnEpoch) WeightsBefore(int modelEpoch) =>
            initialModel is null || modelEpoch > firstEpoch
                ? (modelEpoch > 1 ? ($"the weights after epoch {modelEpoch - 1}", true) : ("the freshly initialized weights", false))
                : initialModel.History.WeightsEpoch is int epoch ? ($"the weights it started from (epoch {epoch} of the model's history)", false)
                : ("the weights it started from", false);

        // Names the weights of BestSoFar and the property of the exception that holds them; empty without them.
        string BestSoFarSentence(VaeModel? bestModel, string property) => bestModel is null ? string.Empty
            : bestEpoch < firstEpoch ? $" The weights it started from (epoch {bestEpoch} of the model's history), which no epoch of this run bettered on the validation rows, are in {property}."
            : $" The weights of epoch {bestEpoch}, whose validation loss was the lowest so far, are in {property}, as the run would have handed them back had it ended here.";

        // The weights after the run's last completed epoch, not early stopping's best, so the history names no best epoch;
        // until this run completes an epoch they are the weights it started from, whose history, best epoch included, it
        // keeps. Training stops here, so they are handed over without a copy. A run that had ended, its epochs all given
        // or early stopping's end reached, is no stopped one, as that of a divergence found then is not.
        VaeModel LastCompletedModel(bool runEnded = false) => history.Count < firstEpoch && initialModel is not null
            ? Holding(
                lastGood,
                initialModel.History.BestEpoch,
                initialModel.History.BestValidationLoss,
                initialModel.History.StoppedEarly,
                startingWeights: true,
                runStopped: true,
                lastGoodState)
            : Holding(lastGood, keptEpoch: null, keptBy: null, endedEarly: runEnded && stoppedEarly, startingWeights: false, runStopped: !runEnded, lastGoodState);

        // What describes the weights (the options, the backend, threads and kernel, the binarization and ranges of the rows)
        // is the run's that trained them: for the weights it started from, the initial model's, not this run's, which
        // changed none of them.
        // The loss they were kept by is the run's that chose them, measured on its validation rows: for starting weights
        // this run kept, not the loss their epoch's report holds, which an earlier run measured on its own.
        // Weights of this run that stopped before it completed are marked interrupted: their options ask for epochs they
        // did not train. Starting weights keep the initial model's mark, however this run ended: theirs are that model's
        // options, and marking a completed model's weights would call them unfinished.
        VaeModel Holding(VaeNetwork weights, int? keptEpoch, double? keptBy, bool endedEarly, bool startingWeights, bool runStopped, AdamState? optimizerState)
        {
            VaeTrainingHistory? before = startingWeights ? initialModel!.History : null;
            var record = new VaeTrainingHistory(
                history.ToArray(),
                keptEpoch,
                endedEarly,
                before?.GemmBackend ?? step.Backend,
                before is null ? step.Threads : before.NumberOfThreadsUsed,
                before is null ? step.Kernel : before.GemmKernel,
                before is null ? data.RowBinarization : before.Binarization,
                keptBy,
                before?.Interrupted ?? runStopped,
                VaeTrainingHistory.RunStartEpochsAfter(initialModel?.History, firstEpoch, history.Count));
            VaeOptions trainedWith = startingWeights ? initialModel!.Options : options;
            VaeFeatureRanges? learnedRanges = startingWeights ? initialModel!.FeatureRanges : featureRanges;
            return new VaeModel(weights, scaling, trainedWith, record, featureNames, learnedRanges, categoricalFeatures, initialModel?.TensorNames, imageShape, optimizerState);
        }
    }

    /// <summary>
    /// The image shape the trained model keeps: <paramref name="initialModel"/>'s, or, for a model without one, that of
    /// <paramref name="data"/>'s images, which <see cref="VaeModel.RequireFeaturesOf"/> has required to be the model's.
    /// </summary>
    private static VaeImageShape? ImageShapeOf(VaeDataset data, int featureCount, VaeModel? initialModel)
    {
        VaeImageShape? given = data.ImageShape;
        if (given is not null && given.Pixels != featureCount)
        {
            throw new ArgumentException(
                $"The data's {nameof(VaeDataset.ImageShape)} {given} has {given.Pixels} pixels, but its rows have {featureCount} features; give the shape of its images, or none.",
                nameof(data));
        }

        return initialModel?.ImageShape ?? given;
    }

    /// <summary>
    /// The rows of <paramref name="validationData"/> at their first draw (see <see cref="VaeDataset.WithFixedRows"/>),
    /// refused unless the model being trained could have trained on them: rows of its features, images of its shape, finite, and in [0, 1]
    /// after <paramref name="scaling"/> where the loss reads a feature as a probability. Refusals name the validation data.
    /// Also returns the row count those checks read, the rows measured from then on: a count read again could take in
    /// a row the checks never saw.
    /// </summary>
    /// <param name="validationData">The validation data training was given.</param>
    /// <param name="featureNames">The names of the model's features, if it has them.</param>
    /// <param name="categoricalFeatures">The model's categorical features, if any.</param>
    /// <param name="initialShape">The image shape of the model trained further, if it records one.</param>
    /// <param name="trainingShape">The image shape of the training data, if it knows one.</param>
    /// <param name="network">The network being trained, whose width, likelihood and categories the rows must fit.</param>
    /// <param name="scaling">The model's input scaling, learned from the training data.</param>
    /// <param name="scalingRanges">The ranges of the data the scaling was learned on, if known.</param>
    /// <param name="continuing">Whether a model is trained further, whose features the rows must have and whose scaling they keep.</param>
    private static (VaeDataset Rows, int RowCount) ValidationRows(
        VaeDataset validationData,
        IReadOnlyList<string>? featureNames,
        IReadOnlyList<VaeCategoricalFeature>? categoricalFeatures,
        VaeImageShape? initialShape,
        VaeImageShape? trainingShape,
        VaeNetwork network,
        FeatureScaling? scaling,
        VaeFeatureRanges? scalingRanges,
        bool continuing)
    {
        ScoringArguments.RequireRows(validationData, nameof(validationData));
        // A new model is not trained yet: its features are the training data's.
        FeatureNaming.RequireFeaturesOf(
            validationData,
            network.InputDimension,
            featureNames,
            nameof(validationData),
            continuing ? "the initial model" : "the training data",
            categoricalFeatures,
            "the validation data",
            modelIsItsTrainingData: !continuing);
        // A model trained further without a shape of its own takes the training data's.
        bool initialModelHasShape = initialShape is not null;
        ImageShapeMatch.Require(
            validationData,
            initialShape ?? trainingShape,
            nameof(validationData),
            initialModelHasShape ? "the initial model" : "the training data",
            "The validation data",
            modelIsItsTrainingData: !initialModelHasShape);

        VaeDataset rows = validationData.WithFixedRows(draw: 0);
        FeatureStatistics statistics;
        try
        {
            statistics = FeatureStatistics.Compute(rows);
            statistics.RequireUnitInterval(rows, network.Likelihood, network.Categories, scaling, continuing, validating: true, scalingRanges);
        }
        catch (VaeDataException exception) when (exception.DataSource is null)
        {
            // A caller that placed the rows in a file has named it already; the library's own checks name no data.
            throw exception.InTheValidationData();
        }

        return (rows, statistics.RowCount);
    }

    /// <summary>
    /// The first of <paramref name="batchRows"/> whose loss at z = μ is not finite at the weights of the network
    /// <paramref name="step"/> trains, provided some chunk of <paramref name="train"/> has every row's loss finite there;
    /// null when no batch row's loss overflows, or when no chunk is finite, as then the weights, the loss's settings or
    /// the data's scale are at fault rather than one row. The search stops at the first finite chunk, usually the first
    /// or second, so only data at fault throughout is read whole.
    /// </summary>
    private static int? RowTooFarOut(ShardedStep step, FeatureScaling? scaling, VaeDataset rows, ReadOnlySpan<int> batchRows, ReadOnlySpan<int> train)
    {
        (ForwardPass pass, IMatrixMultiplier gemm) = step.Scratch;
        VaeModel.Evaluate(pass.Network, scaling, gemm, pass, rows, batchRows, noise: null, latentMeans: null, out int? overflowingRow);
        if (overflowingRow is null)
        {
            return null;
        }

        foreach ((int start, int count) in new RowRanges(train.Length, pass.Capacity))
        {
            VaeModel.Evaluate(pass.Network, scaling, gemm, pass, rows, train.Slice(start, count), noise: null, latentMeans: null, out int? overflowingInChunk);
            if (overflowingInChunk is null)
            {
                return overflowingRow;
            }
        }

        return null;
    }

    /// <summary>What to do about a row whose loss overflows float32 beside rows whose losses do not; a model trained further keeps its scaling.</summary>
    private static string FarOutRowRemedy(VaeOptions options, bool continuing) =>
        options.InputScaling == VaeInputScaling.None && !continuing
            ? $"Scale the inputs ({nameof(VaeOptions.InputScaling)}) or leave such rows out."
            : "Leave such rows out or bring them back into range.";

    /// <summary>Refuses to train a model further past the <see cref="VaeTrainingHistory.MaxEpochs"/> its history holds.</summary>
    private void RequireRoomInHistory(VaeTrainingHistory history)
    {
        int room = history.EpochsLeft;
        if (_options.Epochs > room)
        {
            string trained = $"The initial model has trained {history.Epochs.Count} epochs of the {VaeTrainingHistory.MaxEpochs} a model's history holds";
            throw new ArgumentOutOfRangeException(
                nameof(VaeOptions.Epochs),
                _options.Epochs,
                room > 0 ? $"{trained}, so {nameof(VaeOptions.Epochs)} can be at most {room}." : $"{trained}, so it cannot be trained further.");
        }
    }

    /// <summary>
    /// What to change after training diverged, in <see cref="VaeOptions"/> names. Before any update the learning rate has
    /// not acted yet, so it is not offered then: a term of the loss overflows float32 at the starting weights, and the
    /// setting weighing that term (when only the gradient overflowed, the larger term's) and the data's scale are
    /// offered; when the KL term itself, <paramref name="kullbackLeibler"/> before <paramref name="beta"/> weighs it, is
    /// not finite there, the inputs' magnitude overflowed it whatever the settings, and only the data's scale is. A model trained further keeps its Gaussian variance and input scaling, so those are not offered for it.
    /// Weight decay is offered when a gradient overflowed an optimizer moment, which decay can do on its own (without
    /// decay, before any update, clipping is, which bounds the gradient before it is squared), and a β above 1 whenever
    /// the run had updated, and then, first of all, settings that put β₂ above β₁² where Adam's steps have no bound (<see cref="StepBound"/>).
    /// When <paramref name="lossGradientNorm"/>, the norm of the loss's gradient as it reached the
    /// optimizer, shows that gradient too small to overflow a moment, the decay did, and it is the only setting offered.
    /// Also returns, once the run had updated, the settings for a run going on from the last good weights
    /// ("a lower LearningRate (now 0.01) or GradientClipNorm"), whose data and scaling stay; and whether those weights
    /// are past going on from, which they are when the divergence came <paramref name="atUpdatedWeights"/>, at the
    /// weights the run's last completed epoch left, before any update of the next, and not from the decay alone: the
    /// advice is then to train again from where the run started, and there are no settings for going on.
    /// </summary>
    private static (string Remedy, string GoingOn, bool LastGoodModelDiverges) DivergenceRemedy(
        VaeOptions options,
        bool beforeAnyUpdate,
        bool atUpdatedWeights,
        bool continuing,
        double reconstruction,
        double kullbackLeibler,
        float beta,
        bool momentOverflowed,
        double? lossGradientNorm)
    {
        string dataRemedy = !continuing && options.InputScaling == VaeInputScaling.None ? $"scale the inputs ({nameof(VaeOptions.InputScaling)})"
            : continuing && beforeAnyUpdate ? "check that the data is on the scale the model was trained on"
            : "check the data for extreme values";

        // The latent log-variances are clamped, so a KL term that is not finite has a latent mean past about 1.8e19, whose
        // square overflows; at weights no update has touched, only the inputs' magnitude puts it there. β, the Gaussian
        // variance and clipping cannot bring it back, and offering them sent users from one to the next.
        if (beforeAnyUpdate && !double.IsFinite(kullbackLeibler))
        {
            return (
                "This happened at the starting weights, before any update: the inputs are so large that the encoder's latent means pass "
                + $"about 1.8e19 and the KL term overflows float32, whatever the loss's settings or the learning rate; {dataRemedy}.",
                string.Empty,
                false);
        }

        double weightedKullbackLeibler = beta * kullbackLeibler;
        bool reconstructionOverflowed = double.IsFinite(reconstruction) && double.IsFinite(weightedKullbackLeibler)
            ? reconstruction >= weightedKullbackLeibler
            : !double.IsFinite(reconstruction);
        var changes = new List<string>();
        var lower = new List<string>();

        // Decay adds λ·w to a gradient before its square enters the moment, so a large λ alone can overflow it; clipping
        // comes before decay is added, so it is not offered then.
        bool decayOverflowed = momentOverflowed && options.WeightDecay > 0;
        string decay = SettingNow(nameof(VaeOptions.WeightDecay), options.WeightDecay);
        string lowerDecay = $"lower {decay}, which adds to every weight's gradient";
        string clipping = options.GradientClipNorm is { } clip
            ? SettingNow(nameof(VaeOptions.GradientClipNorm), clip)
            : nameof(VaeOptions.GradientClipNorm);
        string changeClipping = options.GradientClipNorm is null ? $"set {clipping}" : $"lower {clipping}";

        // No element of a gradient whose norm is below the overflowing element overflows on its own: the loss's terms,
        // their weights and the data's scale then played no part, and naming them sent users after settings that cannot help.
        bool decayAlone = decayOverflowed && lossGradientNorm < MomentOverflowingGradient;
        if (decayAlone)
        {
            changes.Add(lowerDecay);
            if (!beforeAnyUpdate)
            {
                lower.Add(decay);
            }
        }
        else if (beforeAnyUpdate)
        {
            if (!continuing && options.Likelihood == VaeLikelihood.Gaussian && reconstructionOverflowed)
            {
                changes.Add($"raise {SettingNow(nameof(VaeOptions.GaussianVariance), options.GaussianVariance)}, which divides the squared error");
            }

            if (options.Beta > 0 && !reconstructionOverflowed)
            {
                changes.Add($"lower {SettingNow(nameof(VaeOptions.Beta), options.Beta)}, which weighs the KL term");
            }

            if (decayOverflowed)
            {
                changes.Add(lowerDecay);
            }
            else if (momentOverflowed)
            {
                changes.Add(changeClipping);
            }
        }
        else
        {
            if (UnboundedSteps(options))
            {
                changes.Add(BoundingChange(options));
            }

            if (decayOverflowed)
            {
                lower.Add(decay);
                changes.Add(lowerDecay);
            }

            // β multiplies the KL term's gradients, so one far above 1 overflows them whatever the learning rate.
            if (options.Beta > 1)
            {
                lower.Add(SettingNow(nameof(VaeOptions.Beta), options.Beta));
                changes.Add($"lower {lower[^1]}, which weighs the KL term's gradients");
            }

            lower.Add(LearningRateNow(options));
            changes.Add($"lower {lower[^1]}");
            if (!decayOverflowed)
            {
                changes.Add(changeClipping);
                lower.Add(clipping);
            }
        }

        if (!decayAlone)
        {
            changes.Add(dataRemedy);
        }

        // A serial comma, unlike ShortList.Alternatives: a change such as "raise …, which divides the squared error" has one of its own.
        string list = changes.Count == 1 ? changes[0] : $"{string.Join(", ", changes[..^1])}, or {changes[^1]}";
        if (beforeAnyUpdate)
        {
            return ($"This happened at the starting weights, before any update, so the learning rate is not the cause; {list}.", string.Empty, false);
        }

        // The weights the last epoch left overflow already, which the updates that led there caused; from them, the
        // gentler settings that would have avoided it come too late.
        if (atUpdatedWeights && !decayAlone)
        {
            string start = continuing ? "the model this run started from" : "the start";
            return (
                "This happened at the weights the last completed epoch left, before any update of the next, so training further from them "
                + $"diverges whatever the learning rate; train again from {start} and {list}.",
                string.Empty,
                true);
        }

        // The decay alone overflowed a moment, which bounding Adam's steps does not prevent.
        string gentler = $"a lower {ShortList.Alternatives(lower)}";
        return ($"{char.ToUpperInvariant(list[0])}{list[1..]}.", UnboundedSteps(options) && !decayAlone ? $"{StepBound(options).Setting}, and, should that not do, {gentler}" : gentler, false);
    }

    /// <summary>
    /// What to change after an epoch changed no weight. Adam's step is the learning rate times m̂/(√v̂ + ε): about the rate
    /// where the gradient outweighs ε, and the rate times the gradient over ε where ε outweighs it. No element of a
    /// gradient, and so no √v̂, passes the gradient's norm as Adam took it in, after clipping: an ε at least the epoch's
    /// largest outweighed every gradient, and is named, or the clipping, when it was what shrank them to ε or below.
    /// Otherwise the steps were about the learning rate, too small for float32 to add to weights of their size. Where ε
    /// or the clipping is named but steps of about the rate would move no weight either, the rate is named too: the run
    /// with the one setting mended would stall again, for the other.
    /// </summary>
    /// <param name="options">The run's settings.</param>
    /// <param name="largestGradientNorm">The largest norm of the epoch's gradients, before clipping.</param>
    /// <param name="weights">The weights the epoch left as they were.</param>
    private static (string Remedy, string GoingOn) StallRemedy(VaeOptions options, double largestGradientNorm, VaeNetwork weights)
    {
        string epsilon = SettingNow(nameof(VaeOptions.AdamEpsilon), options.AdamEpsilon);
        string learningRate = LearningRateNow(options);
        (string Remedy, string GoingOn)? gradientsOutweighed = null;
        if (options.GradientClipNorm is { } clip && clip < largestGradientNorm && options.AdamEpsilon >= clip)
        {
            string clipping = SettingNow(nameof(VaeOptions.GradientClipNorm), clip);
            gradientsOutweighed = (
                $"Raise {clipping}, or leave it unset: it shrank every gradient to a norm at or below {epsilon}, which then outweighed them in each step's denominator",
                $"a higher {clipping}");
        }
        else if (options.AdamEpsilon >= largestGradientNorm)
        {
            gradientsOutweighed = (
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Lower {epsilon}: it outweighed every gradient of the epoch, whose norms were at most {largestGradientNorm:G3}, in each step's denominator"),
                $"a lower {epsilon}");
        }

        if (gradientsOutweighed is not (string remedy, string goingOn))
        {
            return (
                $"Raise {learningRate}: Adam moves each weight by about the learning rate a step, too little for float32 to add to weights of their size.",
                $"a higher {learningRate}");
        }

        return MovesSomeWeight(weights, options.LearningRate)
            ? ($"{remedy}.", goingOn)
            : ($"{remedy}. Raise {learningRate} too: steps of about the learning rate, which Adam takes once the gradients outweigh {nameof(VaeOptions.AdamEpsilon)}, "
                + "are too little for float32 to add to any weight.",
                $"{goingOn} and a higher {learningRate}");
    }

    /// <summary>
    /// Whether a step of <paramref name="step"/> changes some weight of <paramref name="network"/>: float32 adds it to a
    /// weight when it is at least half the weight's spacing, smallest at the weight nearest 0.
    /// </summary>
    private static bool MovesSomeWeight(VaeNetwork network, float step)
    {
        float nearestZero = network.Layers.SelectMany(layer => layer.Weights.Concat(layer.Bias)).Min(MathF.Abs);
        return step >= (MathF.BitIncrement(nearestZero) - nearestZero) / 2;
    }

    /// <summary>The cause of a divergence <see cref="ExplodedLossMargin"/> caught, for the exception's message.</summary>
    private static string ExplodedLoss(int rows, double startingLoss, double lossNow)
    {
        string first = string.Create(CultureInfo.InvariantCulture, $"the loss of the {Counted.Of(rows, "row")} the run trained on first, {startingLoss:G4} a row at the weights it started from,");
        return double.IsFinite(lossNow)
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{first} was {lossNow:G4} a row at the epoch's end, far past any loss a run on its way down passes through: steps too large threw the weights out, though the losses stayed finite")
            : $"{first} is not finite at the epoch's end";
    }

    /// <summary>
    /// The cause of a divergence <see cref="ThrownOutLossMargin"/> caught once the run had ended, at the weights of
    /// <paramref name="keptEpoch"/> where early stopping kept an epoch, else at the last epoch's.
    /// </summary>
    private static string EndedThrownOut(int rows, double startingLoss, double lossKept, int? keptEpoch)
    {
        string kept = keptEpoch is int epoch ? $" (epoch {epoch}'s, which early stopping kept)" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"the loss of the {Counted.Of(rows, "row")} the run trained on first, {startingLoss:G4} a row at the weights it started from, was {lossKept:G4} a row at the weights it ended with{kept}, above that by more than its size and a nat a feature: steps too large threw the weights out, though the losses stayed finite");
    }

    /// <summary>
    /// The advice for a divergence <see cref="ExplodedLossMargin"/> caught. Adam moves each weight by about the learning
    /// rate a step whatever its gradient, so only a lower rate holds such steps back: clipping the gradient, β and the
    /// data's scale, which the advice for a loss that is not finite names, change nothing here. That bound needs β₂
    /// above β₁², so at or below it settings that put β₂ above β₁² are advised instead (<see cref="StepBound"/>). Weights
    /// handed back that had already risen far past the start on the run's first rows (<paramref name="lastEpochFirstRows"/>,
    /// both at the KL weight that epoch trained with), though not yet past the margin, are no start either: the run is to
    /// begin again, as from weights that diverge themselves.
    /// </summary>
    private static (string Remedy, string GoingOn, bool LastGoodModelDiverges) ExplodedLossRemedy(
        VaeOptions options, int features, (double Loss, double StartLoss)? lastEpochFirstRows, int lastEpoch, bool continuing)
    {
        if (lastEpochFirstRows is (double reached, double startingLoss) && PastTheStart(reached, startingLoss, features, NoStartMargin))
        {
            return (
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The weights after epoch {lastEpoch} had already risen to {reached:G4} a row on those rows, so they are no start either; {TrainAgain(options, continuing)}"),
                string.Empty,
                true);
        }

        string learningRate = LearningRateNow(options);
        if (UnboundedSteps(options))
        {
            (string bound, string reason, string setting) = StepBound(options);
            return (
                $"{char.ToUpperInvariant(bound[0])}{bound[1..]}: {reason}, so a lower {learningRate} alone may not hold them back; lower it too should that not do.",
                $"{setting}, and, should that not do, a lower {learningRate}",
                false);
        }

        return ($"Lower {learningRate}: Adam moves each weight by about the learning rate a step, whatever the gradient, so clipping it does not help.", $"a lower {learningRate}", false);
    }

    /// <summary>
    /// The advice for a run that ended with weights <see cref="ThrownOutLossMargin"/> judges thrown out: as for weights an
    /// epoch had already thrown out (<see cref="ExplodedLossRemedy"/>), they are no start to go on from.
    /// </summary>
    private static string ThrownOutRemedy(VaeOptions options, bool continuing) => $"Those weights are no start to go on from; {TrainAgain(options, continuing)}";

    /// <summary>
    /// The advice to train again, from the start or the model the run started from, with steps that do not throw the
    /// weights out: a lower learning rate, or first the change that bounds Adam's steps where they have none (<see cref="BoundingChange"/>).
    /// </summary>
    private static string TrainAgain(VaeOptions options, bool continuing)
    {
        string learningRate = LearningRateNow(options);
        string start = continuing ? "the model this run started from" : "the start";
        string change = UnboundedSteps(options) ? $"and {BoundingChange(options)}, and with a lower {learningRate} should that not do" : $"with a lower {learningRate}";
        return $"train again from {start} {change}.";
    }

    /// <summary>The learning rate as the advice names it: <c>LearningRate (now 0.01)</c>.</summary>
    private static string LearningRateNow(VaeOptions options) => SettingNow(nameof(VaeOptions.LearningRate), options.LearningRate);

    /// <summary>A setting as the advice names it, with its value as the run has it: <c>AdamEpsilon (now 1E-08)</c>.</summary>
    private static string SettingNow(string name, float value) => string.Create(CultureInfo.InvariantCulture, $"{name} (now {value})");

    /// <summary>
    /// Whether <paramref name="loss"/> of the run's first rows lies more than <paramref name="margin"/> × (|their loss at
    /// the starting weights| + 1 nat a feature) above that loss, <paramref name="startingLoss"/>.
    /// </summary>
    private static bool PastTheStart(double loss, double startingLoss, int features, double margin) =>
        loss > startingLoss + (margin * (Math.Abs(startingLoss) + features));

    /// <summary>
    /// Whether <see cref="VaeOptions.AdamBeta2"/> is at most <see cref="VaeOptions.AdamBeta1"/> squared, where Adam's steps
    /// have no bound. Each step is m̂/√v̂ times the learning rate, and by Cauchy–Schwarz |m̂/√v̂| is at most
    /// (1 − β₁)/√((1 − β₂)(1 − β₁²/β₂)) whatever the gradients while β₁² &lt; β₂: at or below that, a run of large gradients
    /// followed by small ones makes a step many times the rate, so lowering the rate, the usual advice, leaves such runs
    /// diverging (with β₂ = 0 the tests' patterns diverged within an epoch at learning rates down to 1e-4). With β₁ = 0
    /// the bound is 1/√(1 − β₂) whatever the gradients, as m̂ is the gradient itself.
    /// </summary>
    private static bool UnboundedSteps(VaeOptions options) =>
        options.AdamBeta1 > 0f && (double)options.AdamBeta1 * options.AdamBeta1 >= options.AdamBeta2;

    /// <summary>
    /// How to bound Adam's steps again when <see cref="UnboundedSteps"/>: the change, as an item of a list of changes
    /// ("raise …"), why it does, and the setting for a run going on from the last good weights ("a higher …"). β₂ is
    /// raised well above β₁², as the bound grows without limit as β₂ nears it, to its default where that lies above it,
    /// as it does for every β₁ up to 0.9994. Past that, β₁² leaves β₂ little or no room below 1, so β₁ comes down to its
    /// default instead, and β₂ goes up to its own too where the default β₁'s square would still be at or above it.
    /// </summary>
    private static (string Change, string Reason, string Setting) StepBound(VaeOptions options)
    {
        var defaults = new VaeOptions();
        string beta1 = SettingNow(nameof(VaeOptions.AdamBeta1), options.AdamBeta1);
        string beta2 = SettingNow(nameof(VaeOptions.AdamBeta2), options.AdamBeta2);
        if ((double)options.AdamBeta1 * options.AdamBeta1 < defaults.AdamBeta2)
        {
            string target = string.Create(CultureInfo.InvariantCulture, $"well above {beta1} squared, such as its default {defaults.AdamBeta2}");
            return ($"raise {beta2} {target}", "at or below that square Adam's steps can grow without bound", $"a higher {beta2}, {target}");
        }

        if ((double)defaults.AdamBeta1 * defaults.AdamBeta1 < options.AdamBeta2)
        {
            return (
                string.Create(CultureInfo.InvariantCulture, $"lower {beta1}, such as to its default {defaults.AdamBeta1}"),
                $"with {beta2} at or below {nameof(VaeOptions.AdamBeta1)} squared Adam's steps can grow without bound",
                string.Create(CultureInfo.InvariantCulture, $"a lower {beta1}, such as its default {defaults.AdamBeta1}"));
        }

        string bothDefaults = string.Create(CultureInfo.InvariantCulture, $"{defaults.AdamBeta1} and {defaults.AdamBeta2}");
        return (
            $"lower {beta1} and raise {beta2}, such as to their defaults {bothDefaults}",
            $"with {nameof(VaeOptions.AdamBeta2)} at or below {nameof(VaeOptions.AdamBeta1)} squared Adam's steps can grow without bound",
            $"a lower {beta1} and a higher {beta2}, such as their defaults {bothDefaults}");
    }

    /// <summary>The change that bounds Adam's steps again when <see cref="UnboundedSteps"/>, with its reason, as an item of a list of changes.</summary>
    private static string BoundingChange(VaeOptions options)
    {
        (string change, string reason, _) = StepBound(options);
        return $"{change}, since {reason}";
    }

    /// <summary>How many of <paramref name="rows"/> rows <see cref="Split"/> holds out for validation.</summary>
    internal static int HeldOutRowCount(int rows, float validationFraction) =>
        // A fraction of a few rows that rounds to none would quietly turn off the validation loss and early stopping.
        validationFraction <= 0f ? 0 : Math.Max(1, (int)Math.Round(rows * (double)validationFraction));

    /// <summary>Draws which rows train and which are held out for validation, a fraction of all, at random.</summary>
    internal static (int[] Train, int[] Validation) Split(int rows, float validationFraction, Random random)
    {
        int[] order = Enumerable.Range(0, rows).ToArray();
        if (validationFraction <= 0f)
        {
            return (order, []);
        }

        int validationRows = HeldOutRowCount(rows, validationFraction);
        if (validationRows >= rows)
        {
            throw new VaeDataException(
                string.Create(CultureInfo.InvariantCulture, $"With {nameof(VaeOptions.ValidationFraction)} at {validationFraction} no rows of the {rows} are left to train on; add rows or lower {nameof(VaeOptions.ValidationFraction)}."));
        }

        random.Shuffle(order);
        return (order[validationRows..], order[..validationRows]);
    }
}
