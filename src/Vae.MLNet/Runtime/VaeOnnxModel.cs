using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Onnx;
using Vae.MLNet.Persistence;
using Vae.MLNet.Text;
using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet.Runtime;

/// <summary>
/// A VAE scored by ONNX Runtime: the encoder, decoder and autoencoder graphs of a model zip (or of a trained model) in
/// ONNX Runtime sessions (one set per concurrent run), with the same span-based API as <see cref="VaeModel"/>. All
/// scoring methods are safe to call from several threads at once; the process's exit waits for the runs in flight (see
/// <see cref="OnnxSession"/>). The autoencoder's sessions, which hold the weights a
/// second time, are made on the first call that asks for anomaly scores or reconstruction errors.
/// </summary>
/// <remarks>
/// A large batch's inputs and outputs are checked range by range as its concurrent runs score them, so a call refused for
/// a value of its input, or for an output that overflowed, may have written part of its outputs. How a batch is shared
/// among the runs depends on its size and on the calls in flight, and a row's reconstruction error and anomaly score can
/// differ in the last bits with it (see <see cref="ScoreRows"/>).
/// </remarks>
public sealed unsafe class VaeOnnxModel : IDisposable
{
    // Bound ONNX Runtime's intermediate tensors for very large inputs: a run scores at most this many rows, and its
    // widest tensor (rows × the widest layer, a learned variance's 2·D included) holds at most BufferRows' 64 MB, so
    // that 8192 rows of 20 000 features do not take 655 MB a tensor.
    private const int MaxChunkRows = 8192;

    // Threads of this model's own for the concurrent runs: handing each run to the thread pool (Parallel.For) instead
    // scored batches of 1000 clearly slower on two cores than threads that stay put.
    private readonly ParallelShards? _runners;
    private readonly Lock _runnersGate = new();

    // One set of sessions per concurrent run, so runs at once share no session state: on one shared session two runs
    // scored batches of 1000 clearly slower than on sessions of their own. Callers running a batch whole take the first.
    private readonly ScoringSessions[] _sessions;

    // Rows too few to cut into ranges are cut by weights instead, when the runs' threads have a core each.
    private readonly WeightPartScoring? _weightParts;
    private readonly VaeModel _model;
    private readonly VaeModelManifest _manifest;
    private readonly long _encoderMultiplyAdds;
    private readonly long _decoderMultiplyAdds;
    private readonly int _chunkRows;
    private volatile bool _disposed;

    // The calls scoring now, and when one last began while another was (Stopwatch ticks): see ScoreRanges.
    private int _callsScoring;
    private long _lastOverlapTimestamp = Stopwatch.GetTimestamp() - ParallelShards.PollTicks;

    // processors are those the cut by weights counts on, Environment.ProcessorCount but in tests: its parts score the same
    // on one core, only not faster, so tests count on two to cut rows on a runner of one.
    private VaeOnnxModel(ModelArchiveContents contents, int intraOpThreads, int concurrentRuns, int processors)
    {
        _model = contents.Model;
        _manifest = contents.Manifest;

        // A loaded zip's graphs were verified against its weights; the ones scored are exported afresh from those weights
        // and names, so a file holding an older form of the graphs scores as fast as a new one, and saves in the new form.
        // They are not kept once the sessions hold them (the autoencoder's is exported when its session is first needed):
        // saving exports the same bytes again, where keeping them held twice the weights for the model's lifetime.
        OnnxTensorNames names = _manifest.TensorNames;
        byte[] encoderGraph = _model.ExportEncoderOnnx(names);
        byte[] decoderGraph = _model.ExportDecoderOnnx(names);
        var autoencoderGraph = new SharedGraphExport(() => _model.ExportFullAutoencoderOnnx(names));
        _encoderMultiplyAdds = DenseLayer.MultiplyAdds([.. _model.Network.EncoderHidden, _model.Network.EncoderHead]);
        _decoderMultiplyAdds = DenseLayer.MultiplyAdds([.. _model.Network.DecoderHidden, _model.Network.DecoderHead]);
        _chunkRows = ChunkRows(_model.Network.MaxWidth);
        int runs = RunsThatFit(_encoderMultiplyAdds + _decoderMultiplyAdds, concurrentRuns, DefaultRuns(intraOpThreads, _model.NumberOfThreads), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        _runners = runs > 1 ? new ParallelShards(runs) : null;
        _sessions = new ScoringSessions[_runners?.Count ?? 1];
        try
        {
            int threadsPerRun = intraOpThreads == 0 ? processors : intraOpThreads;
            _weightParts = runs > 1 && (long)runs * threadsPerRun <= processors && WeightParts.For(_model.Network, runs) is { } parts
                ? new WeightPartScoring(_model, parts, intraOpThreads)
                : null;
            for (int i = 0; i < _sessions.Length; i++)
            {
                _sessions[i] = new ScoringSessions(encoderGraph, decoderGraph, autoencoderGraph.Get, names, intraOpThreads);
            }
        }
        catch
        {
            foreach (ScoringSessions? created in _sessions)
            {
                created?.Dispose();
            }

            _weightParts?.Dispose();
            _runners?.Dispose();
            throw;
        }
    }

    /// <summary>How many ONNX Runtime runs score one large batch at once, each on sessions of its own.</summary>
    internal int ConcurrentRuns => _sessions.Length;

    /// <summary>How many batches were scored cut by weights (see <see cref="WeightParts"/>).</summary>
    internal long BatchesCutByWeights => _weightParts?.BatchesScored ?? 0;

    /// <summary>How many ONNX Runtime tensors the sessions of the whole graphs have made so far, for runs and bindings.</summary>
    internal long TensorsMade => _sessions.Sum(sessions => sessions.TensorsMade);

    /// <summary>How many calls are scoring rows at this moment.</summary>
    internal int CallsScoring => Volatile.Read(ref _callsScoring);

    /// <summary>Multiply-adds of the encoder and the decoder for one row.</summary>
    private long RowMultiplyAdds => _encoderMultiplyAdds + _decoderMultiplyAdds;

    /// <summary>Number of input features D.</summary>
    public int InputDimension => _manifest.InputDimension;

    /// <summary>Dimension K of the latent space.</summary>
    public int LatentDimension => _manifest.LatentDimension;

    /// <summary>The decoder's observation model.</summary>
    public VaeLikelihood Likelihood => _manifest.Likelihood;

    /// <summary>The input and output names of the two graphs.</summary>
    public OnnxTensorNames TensorNames => _manifest.TensorNames;

    /// <summary>The names of the features the model was trained on, in its order; null when the training data did not name them.</summary>
    public IReadOnlyList<string>? FeatureNames => _manifest.FeatureNames;

    /// <summary>
    /// The width and height of the images the model's features are (see <see cref="VaeModel.ImageShape"/>); null when
    /// the training data did not know them, and for a model saved before shapes were kept.
    /// </summary>
    public VaeImageShape? ImageShape => _manifest.ImageShape;

    /// <summary>
    /// Each feature's range over the training data, and which features took whole numbers only (see
    /// <see cref="VaeModel.FeatureRanges"/>); null for a model saved before ranges were kept.
    /// </summary>
    public VaeFeatureRanges? FeatureRanges => _model.FeatureRanges;

    /// <summary>
    /// The features that stand for text categories, one-hot (see <see cref="VaeModel.CategoricalFeatures"/>); null when
    /// the training data read no column as categories.
    /// </summary>
    public IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => _model.CategoricalFeatures;

    /// <summary>
    /// The names of the columns <see cref="ToColumnValues"/> gives and <see cref="FromColumnValues"/> takes, in their order, as <see cref="VaeModel.ColumnNames"/>
    /// names them; <see langword="null"/> where the model has no feature names, or a categorical column has no name of its own.
    /// </summary>
    public IReadOnlyList<string>? ColumnNames => _model.ColumnNames;

    /// <summary>What the model zip says about the model: architecture, options, training history; a copy each time, so changing it changes nothing the model saves.</summary>
    public VaeModelManifest Manifest => _manifest with { Options = _manifest.Options.Clone() };

    /// <summary>
    /// Loads a model zip written by <see cref="VaeModel.Save(string)"/>. The graphs are checked by the same reader as
    /// <see cref="VaeModel.Load(string)"/> before ONNX Runtime sees them.
    /// </summary>
    /// <param name="path">The model zip.</param>
    /// <param name="intraOpThreads">
    /// Threads one ONNX Runtime operator may use, up to <see cref="VaeOptions.MaxNumberOfThreads"/>; see
    /// <see cref="OnnxSession(ReadOnlySpan{byte}, int)"/>.
    /// </param>
    /// <param name="concurrentRuns">
    /// How many ONNX Runtime runs score one large batch at once, on the calling thread and on threads the model keeps;
    /// they take ranges of the batch in turn, each range with at least 16 million multiply-adds of work or a full run
    /// (at most 8 192 rows) where that is less. A batch too small for two ranges, down to a single row, is cut by weights
    /// instead when the model has a hidden layer and the runs' threads are no more than the processors: each run
    /// computes its share of the first hidden layer, of the reconstruction, or of both, and of the reconstruction error
    /// when the loss is scored, on sessions made the first time a call is cut so and holding that call's weights once
    /// more between them. Models whose first hidden layer and decoder head
    /// are narrow run whole, however many rows a batch has. Calls from several threads at once each score whole on their
    /// own thread, until 2 ms after they last overlapped, and so does a call made once the process has begun to exit (in
    /// a ProcessExit handler), as only the exiting thread may then run ONNX Runtime. 0, the default, is
    /// the processor count, or the model's <see cref="VaeModel.NumberOfThreads"/> where that is fewer, divided by <paramref name="intraOpThreads"/>
    /// (one run when <paramref name="intraOpThreads"/> is 0): on a few cores, two single-threaded runs over parts of a batch
    /// score faster than one run with two intra-op threads. The runs'
    /// threads together, runs × <paramref name="intraOpThreads"/> (the processor count for 0), are at most <see cref="VaeOptions.MaxNumberOfThreads"/>,
    /// and as each run holds its own sessions, up to 28 bytes per weight each, they must fit in the memory the process may use:
    /// the default is lowered to the runs that fit, and more runs asked for than fit are refused.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty or names a directory; the message of a directory holding an unzipped model's files
    /// says how to zip them.
    /// </exception>
    /// <exception cref="VaeModelFormatException">The file is not a model zip this library can load.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime could not create a session for a graph, as when the memory its weights take cannot be allocated.</exception>
    /// <exception cref="IOException">Reading the file failed (a disk or network error).</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A thread or run count is out of range, or more runs are asked for than fit in memory.</exception>
    public static VaeOnnxModel Load(string path, int intraOpThreads = 1, int concurrentRuns = 0)
    {
        CheckThreads(intraOpThreads, concurrentRuns);
        using FileStream file = ModelArchive.OpenFile(path, nameof(path));
        return Load(file, intraOpThreads, concurrentRuns);
    }

    /// <summary>
    /// Loads a model zip from <paramref name="stream"/>, as <see cref="Load(string, int, int)"/> does; the stream stays open
    /// and, after a successful load, is at its end.
    /// </summary>
    /// <param name="stream">A readable stream holding one model zip from its current position to its end and nothing else, as for <see cref="VaeModel.Load(Stream)"/>.</param>
    /// <param name="intraOpThreads">Threads one ONNX Runtime operator may use.</param>
    /// <param name="concurrentRuns">How many runs score one large batch at once; see <see cref="Load(string, int, int)"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read, or can seek and is at its end past its start (as after saving to it without setting its position back).</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="VaeModel.Load(Stream)"/>: a stream that cannot seek, or is not at its start, holds more than 2 GiB.</exception>
    /// <exception cref="VaeModelFormatException">The stream does not hold a model zip this library can load.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime could not create a session for a graph, as when the memory its weights take cannot be allocated.</exception>
    /// <exception cref="IOException">Reading the stream failed: the stream's own exception, not taken for a damaged zip.</exception>
    /// <exception cref="NotSupportedException">The stream refused an operation it claims to support, such as a seek: its own exception, not taken for a damaged zip.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A thread or run count is out of range, or more runs are asked for than fit in memory.</exception>
    public static VaeOnnxModel Load(Stream stream, int intraOpThreads = 1, int concurrentRuns = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckThreads(intraOpThreads, concurrentRuns);
        return new VaeOnnxModel(ModelArchive.Read(stream), intraOpThreads, concurrentRuns, Environment.ProcessorCount);
    }

    /// <summary>
    /// The version of the ONNX Runtime library this process scores with (such as <c>1.30.0</c>), loaded on first use: read
    /// it before long work, such as training, whose result is to be scored, to learn at once that the library is missing.
    /// </summary>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded, or is too old.</exception>
    public static string OnnxRuntimeVersion => OrtApi.Instance.Version;

    /// <summary>Scores a trained model through ONNX Runtime by exporting its graphs with its <see cref="VaeModel.TensorNames"/>.</summary>
    /// <param name="model">The engine model.</param>
    /// <param name="intraOpThreads">Threads one ONNX Runtime operator may use.</param>
    /// <param name="concurrentRuns">How many runs score one large batch at once; see <see cref="Load(string, int, int)"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A thread or run count is out of range, or more runs are asked for than fit in memory.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime could not create a session for a graph, as when the memory its weights take cannot be allocated.</exception>
    public static VaeOnnxModel FromModel(VaeModel model, int intraOpThreads = 1, int concurrentRuns = 0) =>
        FromModelOn(Environment.ProcessorCount, model, intraOpThreads, concurrentRuns);

    /// <summary><see cref="FromModel(VaeModel, int, int)"/>, with rows cut by weights as on <paramref name="processors"/> processors.</summary>
    internal static VaeOnnxModel FromModelOn(int processors, VaeModel model, int intraOpThreads, int concurrentRuns)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckThreads(intraOpThreads, concurrentRuns);
        return new VaeOnnxModel(new ModelArchiveContents(model.CreateManifest(model.TensorNames), model), intraOpThreads, concurrentRuns, processors);
    }

    /// <summary>
    /// The in-process engine model with the same weights, for example to train it further: the model this one was made
    /// from, or the one its zip holds, with the optimizer state of a checkpoint (<see cref="VaeModel.SaveCheckpoint(string)"/>)
    /// in a layout this build reads, so that training goes on from it exactly. This model holds that state, about twice the weights' memory, for as
    /// long as it is held; one loaded to score is best loaded from the zip <see cref="VaeModel.Save(string)"/> writes, or
    /// made with <see cref="FromModel"/> from <see cref="VaeModel.WithoutOptimizerState"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public VaeModel ToTrainableModel()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _model;
    }

    /// <summary>
    /// Encodes rows of features into the parameters of q(z | x): <paramref name="latentMean"/> and
    /// <paramref name="latentLogVariance"/> each receive K values per row; pass an empty
    /// <paramref name="latentLogVariance"/> when only the means are wanted (ONNX Runtime is then not asked for it).
    /// </summary>
    /// <param name="features">Rows of D features, row-major, in original units; empty for no rows, which writes nothing.</param>
    /// <param name="latentMean">Receives the means μ of q(z | x), K values per row: exactly as many as <paramref name="features"/> has rows.</param>
    /// <param name="latentLogVariance">Receives the clamped log-variances of q(z | x), K values per row; empty to skip them.</param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a feature is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed, even when there are no rows to score.</exception>
    public void Encode(ReadOnlySpan<float> features, Span<float> latentMean, Span<float> latentLogVariance)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int rows = RequireEncodeBuffers(features, latentMean, latentLogVariance, InputDimension, LatentDimension);
        var findings = new RangeFindings();
        EncodeAndDecode(findings, rows, features, latentMean, latentLogVariance, default);
        if (findings.InputRefused)
        {
            RequireFinite(features, InputDimension, "feature", nameof(features));
        }

        if (findings.OutputNotFinite)
        {
            RequireFiniteEncoding(latentMean, latentLogVariance, LatentDimension);
        }
    }

    /// <summary>
    /// Decodes rows of latent vectors (K values each) into reconstructions in the original feature units: Bernoulli
    /// probabilities or Gaussian means, D values per row.
    /// </summary>
    /// <param name="latent">Latent points, K values each, row-major; empty for no rows, which writes nothing.</param>
    /// <param name="reconstruction">Receives the decoded rows, D values each, row-major: exactly as many rows as <paramref name="latent"/> holds.</param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a latent value is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed, even when there are no rows to score.</exception>
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
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed, even when there are no rows to score.</exception>
    public void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> reconstructionLogVariance) =>
        Decode(latent, reconstruction, reconstructionLogVariance, LatentPointsFarFromPrior);

    /// <summary>
    /// As the public overload, with an overflow blamed on <paramref name="inputsFarOutside"/> (see
    /// <see cref="RequireFiniteDecoding"/>) and its rows numbered from <paramref name="firstRow"/>.
    /// </summary>
    internal void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> reconstructionLogVariance, string inputsFarOutside, long firstRow = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int rows = RequireDecodeBuffers(latent, reconstruction, reconstructionLogVariance, InputDimension, LatentDimension, Likelihood);
        var findings = new RangeFindings();
        fixed (float* input = latent)
        fixed (float* means = reconstruction)
        fixed (float* logVariance = reconstructionLogVariance)
        {
            (nint inputAt, nint meansAt, nint logVarianceAt) = ((nint)input, (nint)means, (nint)logVariance);
            RunInRanges(
                findings,
                sessions => sessions.Decoder,
                rows,
                _decoderMultiplyAdds,
                PartsWorthCutting(encodes: false, decodes: true) is { } parts
                    ? runners => parts.Decode(
                        runners, rows, AllRows(inputAt, rows, LatentDimension), AllRows(meansAt, rows, InputDimension), AllRows(logVarianceAt, rows, InputDimension))
                    : null,
                (inputAt, LatentDimension),
                (meansAt, InputDimension),
                (logVarianceAt, InputDimension));
        }

        if (findings.InputRefused)
        {
            RequireFinite(latent, LatentDimension, "latent value", nameof(latent));
        }

        if (findings.OutputNotFinite)
        {
            RequireFiniteDecoding(reconstruction, reconstructionLogVariance, InputDimension, inputsFarOutside, firstRow);
        }
    }

    /// <summary>
    /// Generates <paramref name="count"/> new rows (D values each, row-major) by decoding, through ONNX Runtime, latent
    /// points drawn from N(0, T²·I), T being <paramref name="temperature"/>. The same seed and temperature give the same
    /// rows; T below 1 trades variety for typical-looking rows, and T = 0 decodes the prior's mean z = 0.
    /// </summary>
    /// <param name="count">Rows to generate, at least 1.</param>
    /// <param name="seed">Seed of the latent draws, and of the observations' when they are drawn.</param>
    /// <param name="temperature">Standard deviation T of the draws: finite, not negative and at most float.MaxValue / 8.572 (about 3.9697e37), past which a draw could overflow float32.</param>
    /// <param name="sampleObservations">
    /// Whether each row is drawn from p(x | z) rather than being its mean, as <see cref="VaeModel.Generate"/> draws them:
    /// the same seed gives the same rows there and here, to ONNX Runtime's rounding.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="count"/> is below 1 or too large for one array, or <paramref name="temperature"/> is negative, not finite, or above float.MaxValue / 8.572 (about 3.9697e37), where a draw could overflow float32.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32, or a drawn observation's noise is too wide for it.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public float[] Generate(int count, int seed = 0, float temperature = 1f, bool sampleObservations = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        LatentPoints.RequirePriorDraws(count, LatentDimension, InputDimension, temperature);
        return PriorSampler.Generate(_model, Decode, count, seed, temperature, sampleObservations);
    }

    /// <summary>
    /// Decodes, through ONNX Runtime, rows of latent vectors (K values each) and draws each row from p(x | z), as
    /// <see cref="VaeModel.SampleObservations"/> does: the same latent points and seed give the same rows there and here,
    /// to ONNX Runtime's rounding. Each call starts its seed's draws afresh, so calls with one seed draw their rows' noise
    /// alike: pass the latent points at once, or a seed for each call.
    /// </summary>
    /// <param name="latent">Latent points, K values each, row-major: chosen, or encoded from rows.</param>
    /// <param name="observations">Receives the drawn rows, D values each, row-major.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, the spans share memory, or a latent value is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32, or a drawn observation's noise is too wide for it.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed, even when there are no rows to draw.</exception>
    public void SampleObservations(ReadOnlySpan<float> latent, Span<float> observations, int seed = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireSampleBuffers(latent, observations, InputDimension, LatentDimension);
        ObservationDraws.Sample(_model, Decode, latent, observations, seed);
    }

    /// <summary>
    /// Decodes, through ONNX Runtime, <paramref name="steps"/> evenly spaced points on the straight line from
    /// <paramref name="latentA"/> to <paramref name="latentB"/>: point i is (1 − t)·a + t·b with t = i / (steps − 1), so
    /// the first row decodes exactly <paramref name="latentA"/> and the last exactly <paramref name="latentB"/>.
    /// </summary>
    /// <param name="latentA">The starting latent point, K values.</param>
    /// <param name="latentB">The final latent point, K values.</param>
    /// <param name="steps">Points to decode, both ends included: at least 2.</param>
    /// <returns><paramref name="steps"/> × D values, row-major, from <paramref name="latentA"/> to <paramref name="latentB"/>.</returns>
    /// <exception cref="ArgumentException">A latent point does not hold K values, or holds a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 2 or too large for one array.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the latent points lie too far from the prior for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public float[] Interpolate(ReadOnlySpan<float> latentA, ReadOnlySpan<float> latentB, int steps)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return LatentPoints.DecodedLine(latentA, latentB, LatentDimension, InputDimension, steps, Decode);
    }

    /// <summary>
    /// Encodes two rows to their latent means and decodes the straight line between them through ONNX Runtime, as
    /// <see cref="Interpolate"/> does and as <see cref="VaeModel.InterpolateRows"/> does in process: the first row
    /// returned is the reconstruction of <paramref name="rowA"/>, the last that of <paramref name="rowB"/>.
    /// </summary>
    /// <param name="rowA">The starting row, D features in original units.</param>
    /// <param name="rowB">The final row, D features in original units.</param>
    /// <param name="steps">Rows to return, both ends included: at least 2.</param>
    /// <returns><paramref name="steps"/> × D values, row-major.</returns>
    /// <exception cref="ArgumentException">A row does not hold D values, or holds a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 2 or too large for one array.</exception>
    /// <exception cref="VaeOverflowException">
    /// An output came out NaN or infinite: the inputs lie too far outside the training range for float32. An encoding
    /// names <paramref name="rowA"/> as row 0 and <paramref name="rowB"/> as row 1; a decoding names no row, its message
    /// the step of the line.
    /// </exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public float[] InterpolateRows(ReadOnlySpan<float> rowA, ReadOnlySpan<float> rowB, int steps)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // The line's ends encode the rows given, so an overflow lies with them.
        return LatentPoints.DecodedLineBetweenRows(
            rowA, rowB, LatentDimension, InputDimension, steps, Encode, (latent, rows, _) => Decode(latent, rows, default, FeaturesFarOutside));
    }

    /// <summary>Encodes rows, decodes their latent means, and writes the reconstructions (D values per row).</summary>
    /// <param name="features">Rows of D features, row-major, in original units; empty for no rows, which writes nothing.</param>
    /// <param name="reconstruction">
    /// Receives the reconstructions, D values per row, row-major: exactly as many rows as <paramref name="features"/> holds.
    /// </param>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a feature is not finite.</exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed, even when there are no rows to score.</exception>
    public void Reconstruct(ReadOnlySpan<float> features, Span<float> reconstruction)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int rows = RequireReconstructBuffers(features, reconstruction, InputDimension);
        var findings = new RangeFindings();
        EncodeAndDecode(findings, rows, features, default, default, reconstruction);
        if (findings.InputRefused)
        {
            RequireFinite(features, InputDimension, "feature", nameof(features));
        }

        if (findings.OutputNotFinite)
        {
            RequireFiniteDecoding(reconstruction, default, InputDimension, FeaturesFarOutside);
        }
    }

    /// <summary>
    /// Scores rows of features once — through the autoencoder graph when a loss output is asked for, otherwise through
    /// the encoder and then the decoder graph — and writes the outputs asked for: K values per row into
    /// <paramref name="latentMean"/> and <paramref name="latentLogVariance"/>, D into <paramref name="reconstruction"/>
    /// (decoded from z = μ, in the original feature units), and one into <paramref name="reconstructionError"/> and
    /// <paramref name="anomalyScore"/> (defined as in <see cref="ScoreRows"/>). Pass an empty span to skip an output:
    /// ONNX Runtime is asked only for the others, and if every span is empty nothing runs. A
    /// <see cref="VaeLikelihood.GaussianLearnedVariance"/> model's reconstruction log-variances come from
    /// <see cref="Decode(ReadOnlySpan{float}, Span{float}, Span{float})"/> of the latent means.
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
    /// spans share memory, a feature is not finite, or, when a loss output is asked for, a feature lies outside [0, 1] by
    /// more than training accepts where the loss reads it as a probability: a one-hot feature of a categorical column, or
    /// any feature of a Bernoulli model without input scaling.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed, even when there are no rows to score.</exception>
    /// <remarks>
    /// The reconstruction error and anomaly score compare across calls as <see cref="ScoreRows"/> says. The latents and
    /// reconstruction of a row came out the same bits whatever else was scoring in the library's tests, except under the
    /// Softplus activation where a layer, or a cut by weights' share of one, is not a multiple of four wide: ONNX
    /// Runtime's rounding of its logarithm lets them differ in the last bits with the batch the row came in.
    /// </remarks>
    public void Transform(
        ReadOnlySpan<float> features,
        Span<float> latentMean,
        Span<float> latentLogVariance,
        Span<float> reconstruction,
        Span<float> reconstructionError,
        Span<float> anomalyScore) =>
        Transform(features, latentMean, latentLogVariance, reconstruction, reconstructionError, anomalyScore, datasetFirstRow: null);

    /// <summary>
    /// <see cref="Transform(ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, Span{float}, Span{float})"/>, or,
    /// given <paramref name="datasetFirstRow"/>, the same for rows copied out of a dataset starting at that row: a refused
    /// feature then throws <see cref="VaeDataException"/> and, like an overflow, is named by its row in the dataset.
    /// </summary>
    internal void Transform(
        ReadOnlySpan<float> features,
        Span<float> latentMean,
        Span<float> latentLogVariance,
        Span<float> reconstruction,
        Span<float> reconstructionError,
        Span<float> anomalyScore,
        long? datasetFirstRow)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int rows = RowCount(features, InputDimension, nameof(features));
        RequireLengthUnlessSkipped(latentMean, rows, LatentDimension, nameof(latentMean));
        RequireLengthUnlessSkipped(latentLogVariance, rows, LatentDimension, nameof(latentLogVariance));
        RequireLengthUnlessSkipped(reconstruction, rows, InputDimension, nameof(reconstruction));
        RequireLengthUnlessSkipped(reconstructionError, rows, 1, nameof(reconstructionError));
        RequireLengthUnlessSkipped(anomalyScore, rows, 1, nameof(anomalyScore));
        RequireSeparateTransformBuffers(features, latentMean, latentLogVariance, reconstruction, reconstructionError, anomalyScore);

        // ONNX Runtime evaluates the autoencoder graph's loss nodes whether or not their outputs are asked for; they cost
        // about as much as the rest of the graph on MNIST (docs/benchmarks.md), so without them the encoder and decoder
        // graphs run instead, and rows cut by weights go to parts without them.
        bool scoresLoss = !(reconstructionError.IsEmpty && anomalyScore.IsEmpty);
        RangeFindings findings = scoresLoss ? ScorableFeatureFindings() : new RangeFindings();
        if (scoresLoss)
        {
            RunAutoencoder(findings, rows, features, latentMean, latentLogVariance, reconstruction, reconstructionError, anomalyScore);
        }
        else
        {
            EncodeAndDecode(findings, rows, features, latentMean, latentLogVariance, reconstruction);
        }

        if (findings.InputRefused)
        {
            if (datasetFirstRow is long first)
            {
                // Only a dataset's transform, which scores the loss, passes its first row: this names the first value
                // either kind of findings refuses, not finite or outside the range the loss reads as a probability.
                RequireScorableRows(features, first, _model.Network, _model.Scaling, _model.FeatureNames);
            }
            else if (scoresLoss)
            {
                RequireScorableFeatures(features, _model.Network, _model.Scaling, nameof(features));
            }
            else
            {
                RequireFinite(features, InputDimension, "feature", nameof(features));
            }
        }

        long firstRow = datasetFirstRow ?? 0;
        if (findings.OutputNotFinite)
        {
            RequireFiniteEncoding(latentMean, latentLogVariance, LatentDimension, firstRow);
            RequireFiniteDecoding(reconstruction, default, InputDimension, FeaturesFarOutside, firstRow);
            RequireFiniteScores(reconstructionError, anomalyScore, firstRow);
        }
    }

    /// <summary>
    /// Refuses any two of <see cref="Transform(ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, Span{float}, Span{float})"/>'s buffers sharing memory: rows are scored range by range, so a
    /// reconstruction written over features not yet encoded, say, would silently change later rows' outputs.
    /// </summary>
    private static void RequireSeparateTransformBuffers(
        ReadOnlySpan<float> features,
        ReadOnlySpan<float> latentMean,
        ReadOnlySpan<float> latentLogVariance,
        ReadOnlySpan<float> reconstruction,
        ReadOnlySpan<float> reconstructionError,
        ReadOnlySpan<float> anomalyScore)
    {
        RequireSeparate(features, nameof(features), latentMean, nameof(latentMean));
        RequireSeparate(features, nameof(features), latentLogVariance, nameof(latentLogVariance));
        RequireSeparate(features, nameof(features), reconstruction, nameof(reconstruction));
        RequireSeparate(features, nameof(features), reconstructionError, nameof(reconstructionError));
        RequireSeparate(features, nameof(features), anomalyScore, nameof(anomalyScore));
        RequireSeparate(latentMean, nameof(latentMean), latentLogVariance, nameof(latentLogVariance));
        RequireSeparate(latentMean, nameof(latentMean), reconstruction, nameof(reconstruction));
        RequireSeparate(latentMean, nameof(latentMean), reconstructionError, nameof(reconstructionError));
        RequireSeparate(latentMean, nameof(latentMean), anomalyScore, nameof(anomalyScore));
        RequireSeparate(latentLogVariance, nameof(latentLogVariance), reconstruction, nameof(reconstruction));
        RequireSeparate(latentLogVariance, nameof(latentLogVariance), reconstructionError, nameof(reconstructionError));
        RequireSeparate(latentLogVariance, nameof(latentLogVariance), anomalyScore, nameof(anomalyScore));
        RequireSeparate(reconstruction, nameof(reconstruction), reconstructionError, nameof(reconstructionError));
        RequireSeparate(reconstruction, nameof(reconstruction), anomalyScore, nameof(anomalyScore));
        RequireSeparate(reconstructionError, nameof(reconstructionError), anomalyScore, nameof(anomalyScore));
    }

    /// <summary>
    /// Scores each row for anomaly detection through the autoencoder graph, as <see cref="VaeModel.ScoreRows(ReadOnlySpan{float}, Span{float}, Span{float})"/> does in
    /// process: <paramref name="reconstructionError"/> gets −log p(x | z = μ) and <paramref name="anomalyScore"/> that plus
    /// KL(q(z | x) ‖ N(0, I)), on the model's scaled features and without the likelihood constants. Higher means less
    /// typical of the training data.
    /// </summary>
    /// <param name="features">Rows of D features, row-major, in original units.</param>
    /// <param name="reconstructionError">Receives one value per row; pass an empty span to skip it.</param>
    /// <param name="anomalyScore">Receives one value per row; pass an empty span to skip it.</param>
    /// <exception cref="ArgumentException">
    /// A span does not hold whole rows or the matching length, spans share memory, or a feature is not finite or lies
    /// outside [0, 1] by more than training accepts where the loss reads it as a probability: a one-hot feature of a
    /// categorical column, or any feature of a Bernoulli model without input scaling.
    /// </exception>
    /// <exception cref="VaeOverflowException">An output came out NaN or infinite: the inputs lie too far outside the training range for float32.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed a run or, on the first call that needs them, could not create the sessions of the autoencoder graph or of a batch cut by weights, as when their memory cannot be allocated.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed, even when there are no rows to score.</exception>
    /// <remarks>
    /// A row's reconstruction error and anomaly score can differ in the last bits with the calls in flight and the batch
    /// it came in, within a relative 1e-6 in the library's tests: a batch too small for two ranges is cut by weights while
    /// it is the only call, and the parts' sums of its terms are added, where scored whole beside other calls, or among
    /// enough rows to cut into ranges, the autoencoder graph sums them at once (docs/architecture.md, "Determinism").
    /// </remarks>
    public void ScoreRows(ReadOnlySpan<float> features, Span<float> reconstructionError, Span<float> anomalyScore)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int rows = RequireScoreRowsBuffers(features, reconstructionError, anomalyScore, InputDimension);
        RangeFindings findings = ScorableFeatureFindings();
        RunAutoencoder(findings, rows, features, default, default, default, reconstructionError, anomalyScore);
        if (findings.InputRefused)
        {
            RequireScorableFeatures(features, _model.Network, _model.Scaling, nameof(features));
        }

        if (findings.OutputNotFinite)
        {
            RequireFiniteScores(reconstructionError, anomalyScore);
        }
    }

    /// <summary>
    /// Writes the model zip of this model as <see cref="VaeModel.Save(string)"/> writes it, with this model's tensor names:
    /// the graphs it scores, and a manifest made afresh by this library from the same weights, options, history and
    /// feature names, so <see cref="Load(string, int, int)"/> gives a model that scores identically. Nothing of the loaded
    /// manifest is copied unchecked, such as the library version or the file names it gave the graphs. The file is
    /// replaced atomically.
    /// </summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a directory, or its directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">
    /// The file is read-only, or another user's in a sticky directory, or the directory does not let this process create files.
    /// </exception>
    /// <exception cref="IOException">Writing failed otherwise, as on a full disk; a file already at <paramref name="path"/> is left as it was.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _model.Save(path);
    }

    /// <summary>Writes the model zip described at <see cref="Save(string)"/> to <paramref name="stream"/>, which stays open.</summary>
    /// <param name="stream">A writable stream; the zip is written from its current position.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    /// <inheritdoc cref="VaeModel.Save(Stream)" path="/remarks"/>
    public void Save(Stream stream)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _model.Save(stream);
    }

    /// <summary>
    /// Turns a row of the model's features, such as one <see cref="Generate"/>, <see cref="Decode(ReadOnlySpan{float}, Span{float})"/>
    /// or <see cref="Reconstruct"/> gives, back into the columns of the data the model was trained on, as
    /// <see cref="VaeModel.ToColumnValues"/> does: each categorical column as the <see cref="string"/> of its category
    /// (<see langword="null"/> for a row of none), each other feature as its <see cref="float"/>.
    /// </summary>
    /// <param name="row">One whole row of <see cref="InputDimension"/> features, in the order the model takes them.</param>
    /// <returns>One value per column, in the order of <see cref="ColumnNames"/>.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="row"/> does not hold <see cref="InputDimension"/> values, or a categorical column's features hold NaN.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public object?[] ToColumnValues(ReadOnlySpan<float> row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _model.ToColumnValues(row);
    }

    /// <summary>
    /// Turns the values of one row of the data the model was trained on, in the order of <see cref="ColumnNames"/>, into
    /// the row of <see cref="InputDimension"/> features <see cref="ScoreRows"/>, <see cref="Encode"/> and
    /// <see cref="Reconstruct"/> take, as <see cref="VaeModel.FromColumnValues"/> does: each categorical column's category,
    /// its <see cref="string"/>, as its one-hot features; each other column's number, in the original units, as its feature.
    /// </summary>
    /// <param name="values">One value per column: a category's text for a categorical column, a finite number for the others.</param>
    /// <param name="unknownCategoriesAsNone">Whether a category the model was not trained on, or <see langword="null"/>, leaves all its column's features 0 rather than being refused.</param>
    /// <returns>A new row of <see cref="InputDimension"/> features.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> does not hold one value per column, a categorical column's value is not one of its
    /// categories, or another column's value is not a number finite as a <see cref="float"/>.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public float[] FromColumnValues(IReadOnlyList<object?> values, bool unknownCategoriesAsNone = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _model.FromColumnValues(values, unknownCategoriesAsNone);
    }

    /// <summary>
    /// Releases the ONNX Runtime sessions once no run is using them. Scoring, <see cref="Save(string)"/>,
    /// <see cref="ToTrainableModel"/>, <see cref="ToColumnValues"/> and <see cref="FromColumnValues"/> then throw <see cref="ObjectDisposedException"/>, as a disposed
    /// <see cref="Transforms.VaeTransformer"/>'s scoring does; the properties describing the model (the dimensions,
    /// <see cref="Manifest"/>) still work. A call scoring on another thread meanwhile stops at its next range of rows
    /// (at most 8 192; see <see cref="Load(string, int, int)"/>) with <see cref="ObjectDisposedException"/>; this method waits only for the ranges
    /// being scored, not for the rest of the call, and the call's outputs may then be partly written.
    /// </summary>
    public void Dispose()
    {
        // Set first: the runners holding a batch look at it before each range, so the wait for them below lasts a range.
        _disposed = true;

        // Once the process has begun to exit, a batch holding the runners may have runs refused by the exit gate, each
        // waiting its RefusalWait of 10 s, and a ProcessExit handler disposing the model would wait as long; the runners'
        // threads are background threads that end with the process, so they are then left to it when a batch holds them.
        if (_runnersGate.TryEnter(OnnxRuntimeExitGate.Process.HasExitBegun ? TimeSpan.Zero : Timeout.InfiniteTimeSpan))
        {
            try
            {
                _runners?.Dispose();
            }
            finally
            {
                _runnersGate.Exit();
            }
        }

        foreach (ScoringSessions sessions in _sessions)
        {
            sessions.Dispose();
        }

        _weightParts?.Dispose();
    }

    /// <summary>
    /// Refuses thread settings whose threads together pass <see cref="VaeOptions.MaxNumberOfThreads"/>: every run has
    /// sessions of its own with their own threads, and 256 runs of 256 threads took minutes to load on two cores.
    /// </summary>
    private static void CheckThreads(int intraOpThreads, int concurrentRuns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(intraOpThreads, VaeOptions.MaxNumberOfThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(concurrentRuns);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(concurrentRuns, VaeOptions.MaxNumberOfThreads);

        // 0 intra-op threads lets ONNX Runtime start about one per processor in each run; one such run is always allowed.
        int perRun = intraOpThreads == 0 ? Math.Min(Environment.ProcessorCount, VaeOptions.MaxNumberOfThreads) : intraOpThreads;
        int runs = concurrentRuns > 0 ? concurrentRuns : DefaultRuns(intraOpThreads, threadLimit: null);
        long threads = (long)perRun * runs;
        if (threads > VaeOptions.MaxNumberOfThreads)
        {
            string each = intraOpThreads == 0 ? $"ONNX Runtime's own intra-op threads, {perRun} here," : $"{intraOpThreads} intra-op threads";
            throw new ArgumentOutOfRangeException(
                nameof(concurrentRuns),
                concurrentRuns,
                $"{runs} runs of {each} each make {threads} threads; together they may use at most {VaeOptions.MaxNumberOfThreads}.");
        }
    }

    /// <summary>
    /// The runs to score with: <paramref name="concurrentRuns"/> when the process has memory for them, else refused; for
    /// 0, <paramref name="defaultRuns"/>, lowered to what fits. Each run holds its own sessions, whose weights ONNX
    /// Runtime keeps with a prepacked copy: measured for two runs of a 3.3-million-weight model, some 11 bytes per weight
    /// per run for the encoders and decoders, 18.5–20.5 once the autoencoders' sessions are made, 21.5–23.3 once single
    /// rows have been encoded, decoded and transformed, which makes the sessions of the weight parts, and 25.0–25.2 once
    /// their losses have been scored too, so 28 are counted. 256 runs of a 12-million-weight model ask for 80 GiB, which
    /// the thread limit alone let them start on.
    /// </summary>
    /// <param name="weights">The encoder's and decoder's weights.</param>
    /// <param name="concurrentRuns">The runs asked for; 0 for the default.</param>
    /// <param name="defaultRuns">The runs of the default, by the processor count.</param>
    /// <param name="availableBytes">The memory the process may use.</param>
    /// <exception cref="ArgumentOutOfRangeException">The runs asked for would not fit.</exception>
    internal static int RunsThatFit(long weights, int concurrentRuns, int defaultRuns, long availableBytes)
    {
        const int BytesPerWeightPerRun = 28;
        double bytesPerRun = (double)BytesPerWeightPerRun * weights;
        int fitting = (int)Math.Clamp(availableBytes / bytesPerRun, 1, int.MaxValue);
        if (concurrentRuns == 0)
        {
            return Math.Min(defaultRuns, fitting);
        }

        if (concurrentRuns > fitting)
        {
            throw new ArgumentOutOfRangeException("concurrentRuns", concurrentRuns, string.Create(
                CultureInfo.InvariantCulture,
                $"{concurrentRuns} runs each hold their own ONNX Runtime sessions of the model's {weights:N0} weights, about {ByteSizeText.GibibytesUp(concurrentRuns * bytesPerRun)} together, more than the {ByteSizeText.GibibytesDown(availableBytes)} this process may use; ask for at most {fitting} (0 chooses for you)."));
        }

        return concurrentRuns;
    }

    /// <summary>
    /// The processor count, or <paramref name="threadLimit"/> where that is fewer, divided by <paramref name="intraOpThreads"/>
    /// (one run when ONNX Runtime chooses its threads), within the <see cref="VaeOptions.MaxNumberOfThreads"/> threads
    /// <see cref="CheckThreads"/> allows.
    /// </summary>
    private static int DefaultRuns(int intraOpThreads, int? threadLimit) => intraOpThreads == 0
        ? 1
        : Math.Clamp(Math.Min(Environment.ProcessorCount, threadLimit ?? int.MaxValue) / intraOpThreads, 1, VaeOptions.MaxNumberOfThreads / intraOpThreads);

    /// <summary>Findings that refuse the features <see cref="RequireScorableFeatures"/> refuses, for calls that score the loss.</summary>
    private RangeFindings ScorableFeatureFindings() => new(rows => AreScorableFeatures(rows, _model.Network, _model.Scaling));

    /// <summary>
    /// Runs the encoder, then, when a reconstruction is asked for, the decoder of the latent means, on each range of rows
    /// in turn, so a split batch meets once; writes the outputs whose span is not empty, and tells <paramref name="findings"/>
    /// what each range's features and outputs hold. Ranges are sized by the work of the graphs that run. Nothing runs
    /// when every output is skipped; the features are still looked at. Rows too few to cut into ranges are cut by weights
    /// (see <see cref="WeightParts"/>).
    /// </summary>
    private void EncodeAndDecode(
        RangeFindings findings, int rows, ReadOnlySpan<float> features, Span<float> latentMean, Span<float> latentLogVariance, Span<float> reconstruction)
    {
        if (latentMean.IsEmpty && latentLogVariance.IsEmpty && reconstruction.IsEmpty)
        {
            findings.LookAtInput(features);
            return;
        }

        int d = InputDimension;
        int k = LatentDimension;
        fixed (float* input = features)
        fixed (float* mean = latentMean)
        fixed (float* logVariance = latentLogVariance)
        fixed (float* decoded = reconstruction)
        {
            (nint inputAt, nint meanAt, nint logVarianceAt, nint decodedAt) = ((nint)input, (nint)mean, (nint)logVariance, (nint)decoded);
            (nint Address, int Width)[] requested = [(meanAt, k), (logVarianceAt, k), (decodedAt, d)];
            long multiplyAdds = decodedAt != 0 ? RowMultiplyAdds : _encoderMultiplyAdds;
            Action<ParallelShards>? byWeights = PartsWorthCutting(encodes: true, decodes: decodedAt != 0) is { } parts
                ? WithFindings(findings, rows, (inputAt, d), requested, runners => parts.Transform(
                    runners, rows, AllRows(inputAt, rows, d), AllRows(meanAt, rows, k), AllRows(logVarianceAt, rows, k), AllRows(decodedAt, rows, d)))
                : null;
            ForEachRange(rows, multiplyAdds, (sessions, start, n) =>
            {
                float[]? rented = meanAt == 0 ? ArrayPool<float>.Shared.Rent(n * k) : null;
                try
                {
                    fixed (float* rentedMeans = rented)
                    {
                        nint means = rented is null ? RowsAt(meanAt, start, k) : (nint)rentedMeans;
                        ScoreLookedAt(findings, (inputAt, d), requested, start, n, () =>
                        {
                            sessions.Encoder.Run(n, RowsAt(inputAt, start, d), [means, RowsAt(logVarianceAt, start, k)]);
                            if (decodedAt != 0)
                            {
                                sessions.Decoder.Run(n, means, [RowsAt(decodedAt, start, d), 0]);
                            }
                        });
                    }
                }
                finally
                {
                    if (rented is not null)
                    {
                        ArrayPool<float>.Shared.Return(rented);
                    }
                }
            }, byWeights);
        }
    }

    /// <summary>
    /// Runs the autoencoder over the rows, asking ONNX Runtime only for the outputs whose span is not empty, and tells
    /// <paramref name="findings"/> what each range's features and outputs hold. Rows too few to cut into ranges are cut
    /// by weights (see <see cref="WeightPartScoring.ScoreLoss"/>).
    /// </summary>
    private void RunAutoencoder(
        RangeFindings findings,
        int rows,
        ReadOnlySpan<float> features,
        Span<float> latentMean,
        Span<float> latentLogVariance,
        Span<float> reconstruction,
        Span<float> reconstructionError,
        Span<float> anomalyScore)
    {
        fixed (float* input = features)
        fixed (float* mean = latentMean)
        fixed (float* logVariance = latentLogVariance)
        fixed (float* decoded = reconstruction)
        fixed (float* error = reconstructionError)
        fixed (float* score = anomalyScore)
        {
            int d = InputDimension;
            int k = LatentDimension;
            (nint inputAt, nint meanAt, nint logVarianceAt, nint decodedAt, nint errorAt, nint scoreAt) =
                ((nint)input, (nint)mean, (nint)logVariance, (nint)decoded, (nint)error, (nint)score);
            Action<ParallelShards>? byWeights = PartsWorthCutting(encodes: true, decodes: true) is { } parts
                ? runners => parts.ScoreLoss(
                    runners,
                    rows,
                    AllRows(inputAt, rows, d),
                    AllRows(meanAt, rows, k),
                    AllRows(logVarianceAt, rows, k),
                    AllRows(decodedAt, rows, d),
                    AllRows(errorAt, rows, 1),
                    AllRows(scoreAt, rows, 1))
                : null;
            RunInRanges(
                findings,
                sessions => sessions.Autoencoder,
                rows,
                RowMultiplyAdds,
                byWeights,
                (inputAt, d),
                (meanAt, k),
                (logVarianceAt, k),
                (decodedAt, d),
                (errorAt, 1),
                (scoreAt, 1));
        }
    }

    /// <summary>
    /// Runs <paramref name="graph"/> over pinned row-major buffers, range by range (see <see cref="ForEachRange"/>),
    /// asking for each output whose address is not null: an empty span pins to null, which is what marks an output as
    /// not requested. The outputs come in the order the graph takes them (see <see cref="ScoringSessions"/>). Each
    /// range's input and outputs are shown to <paramref name="findings"/>. A batch too small to cut into ranges goes to
    /// <paramref name="byWeights"/> instead when given, and its rows are shown the same way. Nothing runs when no output
    /// is requested; the input is still looked at.
    /// </summary>
    private void RunInRanges(
        RangeFindings findings,
        Func<ScoringSessions, ScoringGraph> graph,
        int rows,
        long multiplyAddsPerRow,
        Action<ParallelShards>? byWeights,
        (nint Address, int Width) input,
        params (nint Address, int Width)[] outputs)
    {
        if (Array.TrueForAll(outputs, output => output.Address == 0))
        {
            findings.LookAtInput(RowSpan(input.Address, 0, rows, input.Width));
            return;
        }

        ForEachRange(
            rows,
            multiplyAddsPerRow,
            (sessions, start, n) => ScoreLookedAt(findings, input, outputs, start, n, () => RunRows(graph(sessions), start, n, input, outputs)),
            byWeights is null ? null : WithFindings(findings, rows, input, outputs, byWeights));
    }

    /// <summary>
    /// Runs <paramref name="graph"/> over rows [<paramref name="start"/>, start + <paramref name="count"/>) of the pinned
    /// row-major <paramref name="input"/> into those rows of each output whose address is not null.
    /// </summary>
    private static void RunRows(ScoringGraph graph, int start, int count, (nint Address, int Width) input, (nint Address, int Width)[] outputs)
    {
        Span<nint> rowsAt = stackalloc nint[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            rowsAt[i] = RowsAt(outputs[i].Address, start, outputs[i].Width);
        }

        graph.Run(count, RowsAt(input.Address, start, input.Width), rowsAt);
    }

    /// <summary>The scoring model's cut by weights when its rows repay it (<see cref="WeightPartScoring.IsWorthCutting"/>); null otherwise.</summary>
    private WeightPartScoring? PartsWorthCutting(bool encodes, bool decodes) =>
        _weightParts is { } parts && parts.IsWorthCutting(encodes, decodes) ? parts : null;

    /// <summary>
    /// <paramref name="score"/>, which scores a whole batch cut by weights, with its input and the outputs in
    /// <paramref name="requested"/> shown to <paramref name="findings"/> as a range shows its rows.
    /// </summary>
    private static Action<ParallelShards> WithFindings(
        RangeFindings findings, int rows, (nint Address, int Width) input, (nint Address, int Width)[] requested, Action<ParallelShards> score) =>
        runners => ScoreLookedAt(findings, input, requested, 0, rows, () => score(runners));

    /// <summary>
    /// Calls <paramref name="score"/>, which scores rows [<paramref name="start"/>, start + <paramref name="count"/>) of
    /// the pinned row-major <paramref name="input"/> into the outputs in <paramref name="requested"/> whose address is
    /// not null, with those rows of the input shown to <paramref name="findings"/> before and of each such output after.
    /// </summary>
    private static void ScoreLookedAt(
        RangeFindings findings, (nint Address, int Width) input, (nint Address, int Width)[] requested, int start, int count, Action score)
    {
        findings.LookAtInput(RowSpan(input.Address, start, count, input.Width));
        score();
        foreach ((nint address, int width) in requested)
        {
            if (address != 0)
            {
                findings.LookAtOutput(RowSpan(address, start, count, width));
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="score"/>(sessions, start, count) for row ranges that cover [0, <paramref name="rows"/>), at
    /// most <see cref="_chunkRows"/> rows each. A batch with enough work for more than one range is cut as
    /// <see cref="BatchRanges"/> says, and the runners take the ranges in turn, each on its own sessions. Rows are scored
    /// independently and every runner's sessions hold the same graphs, so which runner scores a range changes nothing;
    /// the cut changes only where a row lies in the tensors ONNX Runtime computes, which some of its kernels round by.
    /// A batch that is not cut goes whole to <paramref name="byWeights"/> on the runners when given and they are free;
    /// its rows' loss is then summed part by part, in another order than the autoencoder graph sums it. The runners
    /// take a batch only while calls have not overlapped lately and the process is not exiting (see <see cref="ScoreRanges"/>); otherwise it is scored
    /// whole on the calling thread. So the bits of a row's outputs can depend on the calls in flight and the batch it
    /// came in, as docs/architecture.md ("Determinism") bounds.
    /// </summary>
    private void ForEachRange(int rows, long multiplyAddsPerRow, Action<ScoringSessions, int, int> score, Action<ParallelShards>? byWeights = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Increment(ref _callsScoring) > 1)
        {
            Volatile.Write(ref _lastOverlapTimestamp, Stopwatch.GetTimestamp());
        }

        try
        {
            ScoreRanges(rows, multiplyAddsPerRow, score, byWeights);
        }
        catch (ObjectDisposedException) when (_disposed)
        {
            // Disposed on another thread mid-batch: the caller is told about this model, not about which of its sessions,
            // handles or runners happened to be released first.
            throw new ObjectDisposedException(GetType().FullName, "The model was disposed while it was scoring; dispose it only once no call is using it.");
        }
        finally
        {
            Interlocked.Decrement(ref _callsScoring);
        }
    }

    private void ScoreRanges(int rows, long multiplyAddsPerRow, Action<ScoringSessions, int, int> score, Action<ParallelShards>? byWeights)
    {
        // The runners take a batch only when no two calls have scored at once for as long as the runners poll after a
        // batch. Another call scores whole on its own thread and needs a core as well, so runners beside it, working or
        // polling, would outnumber the cores, and the runs of a row cut by weights, which wait for each other, would wait
        // for a core too: two threads calling with single rows scored about 40 % fewer of them than whole, and still a
        // sixth fewer once idle threads left their shards to busy ones (docs/benchmarks.md). A call that finds the
        // runners busy likewise scores whole rather than queue behind them.
        // Once the process has begun to exit, the gate lets only the exiting thread into ONNX Runtime, so a call (a
        // ProcessExit handler's) scores whole on its own thread: on the runners its runs would be refused for the gate's
        // RefusalWait. Lending the runners the exiting thread's exemption instead would need it withdrawn exactly when the
        // call ends, or a runner's run for a later call could overlap ONNX Runtime's teardown; a run on the calling thread
        // is over when the call returns.
        if (_runners is { } runners && !OnnxRuntimeExitGate.Process.HasExitBegun && !CallsOverlappedRecently() && _runnersGate.TryEnter())
        {
            try
            {
                int rangeRows = BatchRanges.RangeRows(rows, multiplyAddsPerRow, runners.Count, _chunkRows);
                if (rangeRows < rows)
                {
                    var ranges = new RowRanges(rows, rangeRows);
                    int taken = -1;
                    runners.Run(runner =>
                    {
                        for (int range = Interlocked.Increment(ref taken); range < ranges.Count; range = Interlocked.Increment(ref taken))
                        {
                            (int start, int count) = ranges[range];
                            ScoreRangeUnlessDisposed(score, _sessions[runner], start, count);
                        }
                    });
                    return;
                }

                if (byWeights is not null)
                {
                    byWeights(runners);
                    return;
                }
            }
            finally
            {
                _runnersGate.Exit();
            }
        }

        foreach ((int start, int count) in new RowRanges(rows, _chunkRows))
        {
            ScoreRangeUnlessDisposed(score, _sessions[0], start, count);
        }
    }

    /// <summary>
    /// Scores one range of a call, refused once the model is disposed: a call in progress then stops at its next range
    /// with <see cref="ObjectDisposedException"/> wherever it runs, and <see cref="Dispose"/>, which waits for a batch
    /// holding the runners, waits for the ranges being scored rather than for the rest of the batch.
    /// </summary>
    private void ScoreRangeUnlessDisposed(Action<ScoringSessions, int, int> score, ScoringSessions sessions, int start, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        score(sessions, start, count);
    }

    /// <summary>Whether a call, this one included, began while another was scoring within the runners' polling time.</summary>
    private bool CallsOverlappedRecently() => Stopwatch.GetTimestamp() - Volatile.Read(ref _lastOverlapTimestamp) < ParallelShards.PollTicks;

    /// <summary>The most rows one run scores, for a network whose widest layer takes or gives <paramref name="widestRow"/> values a row.</summary>
    internal static int ChunkRows(int widestRow) => BufferRows.Fitting(widestRow, MaxChunkRows);

    /// <summary>All <paramref name="rows"/> rows of a pinned row-major buffer, or no memory for a buffer not given (a null address).</summary>
    private static Memory<float> AllRows(nint address, int rows, int width) =>
        address == 0 ? default : new PinnedSpanMemory((float*)address, rows * width).Memory;

    /// <summary>The address of row <paramref name="start"/> of a pinned row-major buffer <paramref name="width"/> floats wide, or null for a buffer not given.</summary>
    private static nint RowsAt(nint address, int start, int width) => address == 0 ? 0 : (nint)((float*)address + ((long)start * width));

    /// <summary>Rows [<paramref name="start"/>, start + <paramref name="count"/>) of a pinned row-major buffer <paramref name="width"/> floats wide.</summary>
    private static Span<float> RowSpan(nint address, int start, int count, int width) =>
        new((float*)address + ((long)start * width), count * width);
}
