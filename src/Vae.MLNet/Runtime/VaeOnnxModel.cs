using System.Buffers;
using Vae.MLNet.Onnx;
using Vae.MLNet.Persistence;
using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet.Runtime;

/// <summary>
/// A VAE scored by ONNX Runtime: the encoder and decoder graphs of a model zip (or of a trained model) in two
/// sessions, with the same span-based API as <see cref="VaeModel"/>. All scoring methods are safe to call from several
/// threads at once.
/// </summary>
public sealed unsafe class VaeOnnxModel : IDisposable
{
    // Bounds ONNX Runtime's intermediate tensors (rows × widest layer) for very large inputs.
    private const int ChunkRows = 8192;

    private readonly OnnxSession _encoder;
    private readonly OnnxSession _decoder;
    private readonly VaeModel _model;

    private VaeOnnxModel(ModelArchiveContents contents, int intraOpThreads)
    {
        _model = contents.Model;
        Manifest = contents.Manifest;
        _encoder = new OnnxSession(contents.Graphs.Encoder, intraOpThreads);
        try
        {
            _decoder = new OnnxSession(contents.Graphs.Decoder, intraOpThreads);
        }
        catch
        {
            _encoder.Dispose();
            throw;
        }
    }

    /// <summary>Number of input features D.</summary>
    public int InputDimension => Manifest.InputDimension;

    /// <summary>Dimension K of the latent space.</summary>
    public int LatentDimension => Manifest.LatentDimension;

    /// <summary>The decoder's observation model.</summary>
    public VaeLikelihood Likelihood => Manifest.Likelihood;

    /// <summary>The input and output names of the two graphs.</summary>
    public OnnxTensorNames TensorNames => Manifest.TensorNames;

    /// <summary>What the model zip says about the model: architecture, options, training history.</summary>
    public VaeModelManifest Manifest { get; }

    /// <summary>
    /// Loads a model zip written by <see cref="VaeModel.Save(string)"/>. The graphs are checked by the same reader as
    /// <see cref="VaeModel.Load(string)"/> before ONNX Runtime sees them.
    /// </summary>
    /// <param name="path">The model zip.</param>
    /// <param name="intraOpThreads">Threads one ONNX Runtime operator may use; see <see cref="OnnxSession(ReadOnlySpan{byte}, int)"/>.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="VaeModelFormatException">The file is not a model zip this library can load.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    public static VaeOnnxModel Load(string path, int intraOpThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        using FileStream file = File.OpenRead(path);
        return Load(file, intraOpThreads);
    }

    /// <summary>Loads a model zip from <paramref name="stream"/>, as <see cref="Load(string, int)"/> does; the stream stays open.</summary>
    /// <param name="stream">A readable stream holding the zip.</param>
    /// <param name="intraOpThreads">Threads one ONNX Runtime operator may use.</param>
    /// <exception cref="VaeModelFormatException">The stream does not hold a model zip this library can load.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    public static VaeOnnxModel Load(Stream stream, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        return new VaeOnnxModel(ModelArchive.Read(stream), intraOpThreads);
    }

    /// <summary>Scores a trained model through ONNX Runtime by exporting its graphs with the default tensor names.</summary>
    /// <param name="model">The engine model.</param>
    /// <param name="intraOpThreads">Threads one ONNX Runtime operator may use.</param>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    public static VaeOnnxModel FromModel(VaeModel model, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        VaeOnnxGraphs graphs = model.ExportOnnx();
        return new VaeOnnxModel(new ModelArchiveContents(model.CreateManifest(graphs.TensorNames), graphs, model), intraOpThreads);
    }

    /// <summary>The in-process engine model with the same weights, for example to train it further.</summary>
    public VaeModel ToTrainableModel() => _model;

    /// <summary>
    /// Encodes rows of features into the parameters of q(z | x): <paramref name="latentMean"/> and
    /// <paramref name="latentLogVariance"/> each receive K values per row.
    /// </summary>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a feature is not finite.</exception>
    public void Encode(ReadOnlySpan<float> features, Span<float> latentMean, Span<float> latentLogVariance)
    {
        int rows = RowCount(features, InputDimension, nameof(features));
        RequireLength(latentMean, rows * LatentDimension, nameof(latentMean));
        RequireLength(latentLogVariance, rows * LatentDimension, nameof(latentLogVariance));
        RequireFinite(features, InputDimension, "Feature", nameof(features));
        int d = InputDimension;
        int k = LatentDimension;
        for (int start = 0; start < rows; start += ChunkRows)
        {
            int n = Math.Min(ChunkRows, rows - start);
            fixed (float* input = features.Slice(start * d, n * d))
            fixed (float* mean = latentMean.Slice(start * k, n * k))
            fixed (float* logVariance = latentLogVariance.Slice(start * k, n * k))
            {
                _encoder.Run(
                    n,
                    [new OnnxInput(TensorNames.Features, new PinnedSpanMemory(input, n * d).Memory)],
                    [
                        new OnnxOutput(TensorNames.LatentMean, new PinnedSpanMemory(mean, n * k).Memory),
                        new OnnxOutput(TensorNames.LatentLogVar, new PinnedSpanMemory(logVariance, n * k).Memory),
                    ]);
            }
        }
    }

    /// <summary>
    /// Decodes rows of latent vectors (K values each) into reconstructions in the original feature units: Bernoulli
    /// probabilities or Gaussian means, D values per row.
    /// </summary>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a latent value is not finite.</exception>
    public void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction) => Decode(latent, reconstruction, default);

    /// <summary>
    /// Decodes like <see cref="Decode(ReadOnlySpan{float}, Span{float})"/> and, for
    /// <see cref="VaeLikelihood.GaussianLearnedVariance"/>, writes the per-feature log-variances of p(x | z) into
    /// <paramref name="reconstructionLogVariance"/> (D per row; pass an empty span to skip them).
    /// </summary>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a latent value is not finite.</exception>
    public void Decode(ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> reconstructionLogVariance)
    {
        int rows = RowCount(latent, LatentDimension, nameof(latent));
        RequireLength(reconstruction, rows * InputDimension, nameof(reconstruction));
        RequireLogVarianceLength(reconstructionLogVariance, rows, InputDimension, Likelihood);
        RequireFinite(latent, LatentDimension, "Latent value", nameof(latent));
        int d = InputDimension;
        int k = LatentDimension;
        for (int start = 0; start < rows; start += ChunkRows)
        {
            int n = Math.Min(ChunkRows, rows - start);
            ReadOnlySpan<float> input = latent.Slice(start * k, n * k);
            Span<float> means = reconstruction.Slice(start * d, n * d);
            if (reconstructionLogVariance.IsEmpty)
            {
                _decoder.Run(n, TensorNames.Latent, input, TensorNames.Reconstruction, means);
                continue;
            }

            fixed (float* inputData = input)
            fixed (float* meanData = means)
            fixed (float* logVarianceData = reconstructionLogVariance.Slice(start * d, n * d))
            {
                _decoder.Run(
                    n,
                    [new OnnxInput(TensorNames.Latent, new PinnedSpanMemory(inputData, n * k).Memory)],
                    [
                        new OnnxOutput(TensorNames.Reconstruction, new PinnedSpanMemory(meanData, n * d).Memory),
                        new OnnxOutput(TensorNames.ReconstructionLogVar, new PinnedSpanMemory(logVarianceData, n * d).Memory),
                    ]);
            }
        }
    }

    /// <summary>Encodes rows, decodes their latent means, and writes the reconstructions (D values per row).</summary>
    /// <exception cref="ArgumentException">A span does not hold whole rows or the matching length, or a feature is not finite.</exception>
    public void Reconstruct(ReadOnlySpan<float> features, Span<float> reconstruction)
    {
        int rows = RowCount(features, InputDimension, nameof(features));
        RequireLength(reconstruction, rows * InputDimension, nameof(reconstruction));
        RequireFinite(features, InputDimension, "Feature", nameof(features));
        int d = InputDimension;
        int k = LatentDimension;
        float[] means = ArrayPool<float>.Shared.Rent(Math.Min(rows, ChunkRows) * k);
        try
        {
            for (int start = 0; start < rows; start += ChunkRows)
            {
                int n = Math.Min(ChunkRows, rows - start);
                Span<float> mean = means.AsSpan(0, n * k);
                _encoder.Run(n, TensorNames.Features, features.Slice(start * d, n * d), TensorNames.LatentMean, mean);
                _decoder.Run(n, TensorNames.Latent, mean, TensorNames.Reconstruction, reconstruction.Slice(start * d, n * d));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(means);
        }
    }

    /// <summary>Releases both ONNX Runtime sessions once no run is using them.</summary>
    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }
}
