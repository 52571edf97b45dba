using Vae.MLNet.Data;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Transforms;

/// <summary>
/// Trains a variational autoencoder and returns a <see cref="VaeTransformer"/> that scores it through ONNX Runtime:
/// the estimator → transformer pattern of ML.NET, without depending on ML.NET.
/// </summary>
public sealed class VaeTransformerEstimator
{
    private readonly VaeTrainer _trainer;

    /// <summary>Creates an estimator; the options are checked and copied, so later changes to them have no effect.</summary>
    /// <param name="options">Architecture and training settings; null takes the defaults of <see cref="VaeOptions"/>.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public VaeTransformerEstimator(VaeOptions? options = null) => _trainer = new VaeTrainer(options);

    /// <summary>A copy of the estimator's options.</summary>
    public VaeOptions Options => _trainer.Options;

    /// <summary>
    /// Trains on <paramref name="data"/> and loads the trained graphs into ONNX Runtime, whose runs stay within the
    /// options' <see cref="VaeOptions.NumberOfThreads"/> (see <see cref="VaeOnnxModel.FromModel"/>).
    /// </summary>
    /// <remarks>ONNX Runtime is loaded before the first epoch, so a missing or unusable library fails at once.</remarks>
    /// <param name="data">Training rows; with a validation fraction, part of them is held out.</param>
    /// <param name="progress">
    /// Receives a report after every epoch, on the training thread; <see cref="Progress{T}"/> would post each to the thread
    /// pool, where printed lines can come late or out of order.
    /// </param>
    /// <param name="cancellationToken">Checked between batches; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>A transformer the caller owns and must dispose.</returns>
    /// <exception cref="VaeDataException">As for <see cref="VaeTrainer.Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="VaeTrainer.Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="VaeTrainer.Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingDivergedException">As for <see cref="VaeTrainer.Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingStalledException">As for <see cref="VaeTrainer.Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">
    /// The ONNX Runtime native library could not be loaded; this is thrown before any training.
    /// </exception>
    public VaeTransformer Fit(VaeDataset data, IProgress<VaeEpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Scorer(() => _trainer.Fit(data, progress, cancellationToken));

    /// <summary>
    /// Trains on <paramref name="data"/>, measuring <paramref name="validationData"/> after every epoch as
    /// <see cref="VaeTrainer.Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>
    /// does, and loads the trained graphs into ONNX Runtime as <see cref="Fit(VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/> does.
    /// </summary>
    /// <remarks>ONNX Runtime is loaded before the first epoch, so a missing or unusable library fails at once.</remarks>
    /// <param name="data">Training rows, every one of them trained on.</param>
    /// <param name="validationData">Rows with the training data's features, measured after every epoch and never trained on.</param>
    /// <param name="progress">
    /// Receives a report after every epoch, with the validation data's loss, on the training thread; <see cref="Progress{T}"/>
    /// would post each to the thread pool, where printed lines can come late or out of order.
    /// </param>
    /// <param name="cancellationToken">Checked between batches; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>A transformer the caller owns and must dispose.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="validationData"/> is null.</exception>
    /// <exception cref="VaeDataException">As for <see cref="VaeTrainer.Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="VaeTrainer.Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="VaeTrainer.Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingDivergedException">As for <see cref="VaeTrainer.Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="VaeTrainingStalledException">As for <see cref="VaeTrainer.Fit(VaeDataset, VaeDataset, IProgress{VaeEpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">
    /// The ONNX Runtime native library could not be loaded; this is thrown before any training.
    /// </exception>
    public VaeTransformer Fit(VaeDataset data, VaeDataset validationData, IProgress<VaeEpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Scorer(() => _trainer.Fit(data, validationData, progress, cancellationToken));

    private static VaeTransformer Scorer(Func<VaeModel> train)
    {
        // Scoring needs ONNX Runtime; finding it missing only after the last epoch would throw the training away.
        _ = OrtEnvironment.Instance;
        return new VaeTransformer(VaeOnnxModel.FromModel(train()));
    }
}
