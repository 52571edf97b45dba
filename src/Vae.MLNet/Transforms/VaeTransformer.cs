using System.Buffers;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Runtime;
using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet.Transforms;

/// <summary>
/// A trained VAE scored by ONNX Runtime in one pass per batch: each row's latent mean and log-variance, its
/// reconstruction from z = μ, its reconstruction error and its anomaly score (the loss with z = μ: reconstruction error plus KL). Made by
/// <see cref="VaeTransformerEstimator"/>'s Fit, <see cref="Load(string, int, int)"/> or <see cref="Load(Stream, int, int)"/>;
/// the caller owns it and must dispose it. All methods are safe to call from several threads at once; once disposed, each
/// throws <see cref="ObjectDisposedException"/> whatever its arguments.
/// </summary>
public sealed class VaeTransformer : IDisposable
{
    // Rows copied out of a dataset per run: bounds the feature buffer while keeping ONNX Runtime's batches large.
    private const int BatchRows = 1024;

    private readonly VaeOnnxModelShare _share;

    internal VaeTransformer(VaeOnnxModel model)
    {
        _share = new VaeOnnxModelShare(model);
        Model = model.ToTrainableModel();
    }

    /// <summary>
    /// The trained engine model with the same weights, for example to train it further or score it in process; it holds
    /// no ONNX Runtime resources, so it stays usable after the transformer is disposed. From a training, or from a
    /// checkpoint (<see cref="VaeModel.SaveCheckpoint(string)"/>), it holds Adam's state, about twice the weights'
    /// memory, as long as the transformer is held (see <see cref="VaeOnnxModel.ToTrainableModel"/>).
    /// </summary>
    public VaeModel Model { get; }

    /// <summary>Number of input features D.</summary>
    public int InputDimension => Model.InputDimension;

    /// <summary>Dimension K of the latent space.</summary>
    public int LatentDimension => Model.LatentDimension;

    /// <summary>
    /// Loads a model zip written by <see cref="Save(string)"/> or <see cref="VaeModel.Save(string)"/>; the graphs are
    /// checked before ONNX Runtime sees them.
    /// </summary>
    /// <param name="path">The model zip.</param>
    /// <param name="intraOpThreads">Threads one ONNX Runtime operator may use; 1 by default, 0 lets ONNX Runtime choose.</param>
    /// <param name="concurrentRuns">How many runs one large batch is split into; see <see cref="VaeOnnxModel.Load(string, int, int)"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names a directory.</exception>
    /// <exception cref="VaeModelFormatException">The file is not a model zip this library can load.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime could not create a session for a graph, as when the memory its weights take cannot be allocated.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A thread or run count is out of range, or more runs are asked for than fit in memory.</exception>
    public static VaeTransformer Load(string path, int intraOpThreads = 1, int concurrentRuns = 0) =>
        new(VaeOnnxModel.Load(path, intraOpThreads, concurrentRuns));

    /// <summary>Loads a model zip from <paramref name="stream"/>, as <see cref="Load(string, int, int)"/> does; the stream stays open.</summary>
    /// <param name="stream">A readable stream holding the zip.</param>
    /// <param name="intraOpThreads">Threads one ONNX Runtime operator may use.</param>
    /// <param name="concurrentRuns">How many runs one large batch is split into.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read, or can seek and is at its end past its start (as after saving to it without setting its position back).</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="VaeModel.Load(Stream)"/>: a stream that cannot seek, or is not at its start, holds more than 2 GiB.</exception>
    /// <exception cref="VaeModelFormatException">The stream does not hold a model zip this library can load.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime could not create a session for a graph, as when the memory its weights take cannot be allocated.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A thread or run count is out of range, or more runs are asked for than fit in memory.</exception>
    public static VaeTransformer Load(Stream stream, int intraOpThreads = 1, int concurrentRuns = 0) =>
        new(VaeOnnxModel.Load(stream, intraOpThreads, concurrentRuns));

    /// <summary>
    /// Transforms rows of D features (row-major, original units) in one pass, writing the outputs asked for: K values per
    /// row into <paramref name="latentMean"/> and <paramref name="latentLogVariance"/>, D into
    /// <paramref name="reconstruction"/> (decoded from z = μ) and one into <paramref name="reconstructionError"/> and
    /// <paramref name="anomalyScore"/>. Pass an empty span to skip an output; only the others are computed.
    /// </summary>
    /// <param name="features">Rows of D features, row-major, in original units; empty for no rows, which writes nothing.</param>
    /// <param name="latentMean">Receives the means μ of q(z | x), K values per row; empty to skip them.</param>
    /// <param name="latentLogVariance">Receives the clamped log-variances of q(z | x), K values per row; empty to skip them.</param>
    /// <param name="reconstruction">
    /// Receives the rows decoded from z = μ in the original feature units, D values per row, row-major; empty to skip them.
    /// </param>
    /// <param name="reconstructionError">Receives −log p(x | z = μ) on the model's scaled features, one value per row; empty to skip it.</param>
    /// <param name="anomalyScore">Receives the loss with z = μ, the reconstruction error plus the KL term, one value per row; empty to skip it.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="features"/> does not hold whole rows, a non-empty span does not hold exactly its rows' values, two
    /// spans share memory, a feature is not finite, or, when a loss output is asked for, a feature the loss reads as a
    /// probability (a one-hot feature of a categorical column, or any feature of a Bernoulli model without input scaling)
    /// lies outside [0, 1] by more than training accepts.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The transformer has been disposed.</exception>
    public void Transform(
        ReadOnlySpan<float> features,
        Span<float> latentMean,
        Span<float> latentLogVariance,
        Span<float> reconstruction,
        Span<float> reconstructionError,
        Span<float> anomalyScore) =>
        _share.Get(this).Transform(features, latentMean, latentLogVariance, reconstruction, reconstructionError, anomalyScore);

    /// <summary>
    /// Transforms every row of <paramref name="data"/>, a batch at a time, into newly allocated arrays; for a
    /// <see cref="VaeLikelihood.GaussianLearnedVariance"/> model also into each row's reconstruction log-variances
    /// (<see cref="VaeTransformResult.ReconstructionLogVariance"/>), which the decoder graph gives with the reconstruction
    /// in a second pass over the latent means.
    /// </summary>
    /// <param name="data">Rows with D features each.</param>
    /// <exception cref="ArgumentException">
    /// The data has no rows or not one label per row, the rows do not have D features or, named, not the model's
    /// <see cref="VaeModel.FeatureNames"/>, or are images of another shape than the model's <see cref="VaeModel.ImageShape"/>;
    /// or the outputs would not fit in arrays.
    /// </exception>
    /// <exception cref="VaeDataException">
    /// A feature is not finite or lies outside [0, 1] by more than training accepts where the loss reads it as a
    /// probability (a one-hot feature of a categorical column, or any feature of a Bernoulli model without input scaling);
    /// the message and <see cref="VaeDataException.Row"/> give its row in <paramref name="data"/>.
    /// </exception>
    /// <exception cref="VaeOverflowException">
    /// An output came out NaN or infinite: the row, named as in <paramref name="data"/>, lies too far outside the training
    /// range for float32.
    /// </exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The transformer has been disposed.</exception>
    public VaeTransformResult Transform(VaeDataset data)
    {
        VaeOnnxModel model = _share.Get(this);
        ArgumentNullException.ThrowIfNull(data);
        Model.RequireFeaturesOf(data, nameof(data));
        RequireRows(data, nameof(data));

        int rows = data.RowCount;
        int widest = Math.Max(InputDimension, LatentDimension);
        if (!FitInOneArray(rows, widest))
        {
            string width = LatentDimension > InputDimension ? $"{LatentDimension} latent dimensions" : $"{InputDimension} features";
            throw new ArgumentException(
                $"{rows} rows of {width} give more values than one array holds; transform at most {Array.MaxLength / widest} rows at a time, "
                + "as Subset(rows) of ranges of rows or through the span overload.",
                nameof(data));
        }

        int d = InputDimension;
        int k = LatentDimension;
        var result = new VaeTransformResult(rows, new float[rows * k], new float[rows * k], new float[rows * d], new float[rows], new float[rows])
        {
            ReconstructionLogVariance = Model.Likelihood == VaeLikelihood.GaussianLearnedVariance ? new float[rows * d] : null,
        };
        int batch = Math.Min(BatchRows, rows);
        int[] indices = ArrayPool<int>.Shared.Rent(batch);
        float[] features = ArrayPool<float>.Shared.Rent(batch * d);
        try
        {
            foreach ((int start, int n) in new RowRanges(rows, BatchRows))
            {
                for (int i = 0; i < n; i++)
                {
                    indices[i] = start + i;
                }

                Span<float> batchFeatures = features.AsSpan(0, n * d);
                data.CopyRows(indices.AsSpan(0, n), batchFeatures);
                Span<float> means = result.LatentMean.AsSpan(start * k, n * k);
                Span<float> reconstruction = result.Reconstruction.AsSpan(start * d, n * d);
                model.Transform(
                    batchFeatures,
                    means,
                    result.LatentLogVariance.AsSpan(start * k, n * k),
                    result.ReconstructionLogVariance is null ? reconstruction : default,
                    result.ReconstructionError.AsSpan(start, n),
                    result.AnomalyScore.AsSpan(start, n),
                    datasetFirstRow: start);
                if (result.ReconstructionLogVariance is { } logVariance)
                {
                    // Transform gives no log-variances; the decoder graph gives them with the reconstruction, so the
                    // pair comes from one run.
                    model.Decode(means, reconstruction, logVariance.AsSpan(start * d, n * d), FeaturesFarOutside, firstRow: start);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(features);
        }

        return result;
    }

    /// <summary>
    /// Encodes two rows to their latent means and decodes the straight line between them, as
    /// <see cref="VaeDecoderTransformer.Interpolate"/> does: the first row returned is the reconstruction of
    /// <paramref name="rowA"/>, the last that of <paramref name="rowB"/>.
    /// </summary>
    /// <param name="rowA">The starting row, D features.</param>
    /// <param name="rowB">The final row, D features.</param>
    /// <param name="steps">Rows to return, both ends included: at least 2.</param>
    /// <returns><paramref name="steps"/> × D values, row-major.</returns>
    /// <exception cref="ArgumentException">A row does not hold D values, or holds a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 2 or too large for one array.</exception>
    /// <exception cref="ObjectDisposedException">The transformer has been disposed.</exception>
    /// <exception cref="VaeOverflowException">
    /// An output came out NaN or infinite: the inputs lie too far outside the training range for float32. An encoding
    /// names <paramref name="rowA"/> as row 0 and <paramref name="rowB"/> as row 1.
    /// </exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    public float[] InterpolateRows(ReadOnlySpan<float> rowA, ReadOnlySpan<float> rowB, int steps) =>
        _share.Get(this).InterpolateRows(rowA, rowB, steps);

    /// <summary>
    /// A decoder over the same ONNX Runtime sessions. It stays usable after this transformer is disposed; the sessions are
    /// released once the transformer and every decoder made from it are disposed.
    /// </summary>
    /// <returns>A decoder the caller owns and must dispose.</returns>
    /// <exception cref="ObjectDisposedException">The transformer has been disposed.</exception>
    public VaeDecoderTransformer CreateDecoder() => new(_share.Share(this));

    /// <summary>
    /// Writes the model zip this transformer scores, with the tensor names it was trained or loaded with, as
    /// <see cref="VaeOnnxModel.Save(string)"/> does; the file is replaced atomically.
    /// </summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a directory, or its directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">
    /// The file is read-only, or another user's in a sticky directory, or the directory does not let this process create files.
    /// </exception>
    /// <exception cref="IOException">Writing failed otherwise, as on a full disk; a file already at <paramref name="path"/> is left as it was.</exception>
    /// <exception cref="ObjectDisposedException">The transformer has been disposed.</exception>
    public void Save(string path) => _share.Get(this).Save(path);

    /// <summary>Writes the model zip described at <see cref="Save(string)"/> to <paramref name="stream"/>, which stays open.</summary>
    /// <param name="stream">A writable stream; the zip is written from its current position.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    /// <exception cref="ObjectDisposedException">The transformer has been disposed.</exception>
    /// <inheritdoc cref="VaeModel.Save(Stream)" path="/remarks"/>
    public void Save(Stream stream) => _share.Get(this).Save(stream);

    /// <summary>Releases this transformer's share of the ONNX Runtime sessions. Repeated calls do nothing.</summary>
    public void Dispose() => _share.Dispose();
}
