using System.Buffers;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.Runtime;

/// <summary>
/// Encodes rows and decodes their latent means with the network cut by weights as <see cref="WeightParts"/> says, each
/// part on one of the concurrent runs' threads and on sessions of its own, which are made the first time a batch is
/// scored so. The parts hold the encoder's and decoder's weights once more between them.
/// </summary>
internal sealed class WeightPartScoring : IDisposable
{
    // A part gets at least this many multiply-adds of a batch: a row cut in two costs two more ONNX Runtime runs and a
    // meeting of the threads, some microseconds, which only a part of tens of microseconds' work repays. Cut in two on
    // two cores, single rows of one-hidden-layer models scored 0.68 times as fast as whole at 8 thousand multiply-adds a
    // row, 0.89 at 92 thousand, 1.09 at 169 thousand, 1.21 at 258 thousand and 1.52 at MNIST's 651 thousand
    // (docs/benchmarks.md).
    private const long MinMultiplyAddsPerPart = 80_000;

    private readonly WeightParts _parts;
    private readonly (string Name, int Width)[] _hidden;
    private readonly LazySession[] _firstLayers;
    private readonly LazySession[] _rests;
    private readonly int _inputDimension;
    private long _batchesScored;

    public WeightPartScoring(VaeModel model, WeightParts parts, int intraOpThreads)
    {
        _parts = parts;
        _inputDimension = model.InputDimension;
        _hidden = [.. parts.HiddenColumns.Select((columns, part) => ($"first_layer_part_{part}", columns.Count))];
        _firstLayers = [.. Enumerable.Range(0, parts.Count).Select(part => new LazySession(
            () => model.ExportFirstLayerPartOnnx(parts.HiddenColumns[part], _hidden[part].Name), intraOpThreads))];
        _rests = [.. Enumerable.Range(0, parts.Count).Select(part => new LazySession(
            () => model.ExportRestPartOnnx(_hidden, parts.DecodedFeatures[part]), intraOpThreads))];
    }

    /// <summary>How many parts a batch is cut into, each on a thread of its own.</summary>
    public int Count => _parts.Count;

    /// <summary>How many batches have been scored cut by weights.</summary>
    public long BatchesScored => Interlocked.Read(ref _batchesScored);

    /// <summary>Whether a batch of <paramref name="rows"/> has work enough for each part.</summary>
    public bool IsWorthCutting(int rows, long multiplyAddsPerRow) => (long)rows * multiplyAddsPerRow >= Count * MinMultiplyAddsPerPart;

    /// <summary>
    /// Scores the rows of <paramref name="features"/> on <paramref name="runners"/>, one part each, into
    /// <paramref name="reconstruction"/> and, when not empty, <paramref name="latentMean"/> and
    /// <paramref name="latentLogVariance"/>. The runs meet once, when each needs every part's hidden units; a part that
    /// fails lets the others stop there, and the call throws its exception.
    /// </summary>
    public void Score(
        ParallelShards runners,
        int rows,
        ReadOnlyMemory<float> features,
        Memory<float> latentMean,
        Memory<float> latentLogVariance,
        Memory<float> reconstruction)
    {
        float[][] hidden = [.. _hidden.Select(part => ArrayPool<float>.Shared.Rent(rows * part.Width))];
        int arrived = 0;
        int failed = 0;
        try
        {
            runners.Run(part =>
            {
                try
                {
                    _firstLayers[part].Session.Run(
                        rows, OnnxTensorNames.Default.Features, features.Span, _hidden[part].Name, hidden[part].AsSpan(0, rows * _hidden[part].Width));
                }
                catch
                {
                    Volatile.Write(ref failed, 1);
                    throw;
                }
                finally
                {
                    Interlocked.Increment(ref arrived);
                }

                // Every part runs on a core of its own, so the wait is for another core's last microseconds of work.
                var wait = new SpinWait();
                while (Volatile.Read(ref arrived) < Count)
                {
                    wait.SpinOnce(sleep1Threshold: -1);
                }

                if (Volatile.Read(ref failed) == 0)
                {
                    ScoreRest(part, rows, hidden, part == 0 ? latentMean : default, part == 0 ? latentLogVariance : default, reconstruction);
                }
            });
            Interlocked.Increment(ref _batchesScored);
        }
        finally
        {
            foreach (float[] rented in hidden)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    public void Dispose()
    {
        foreach (LazySession session in _firstLayers.Concat(_rests))
        {
            session.Dispose();
        }
    }

    /// <summary>
    /// Runs part <paramref name="part"/>'s rest of the network on every part's hidden units, writing its features of each
    /// row's reconstruction in place: straight into the row for a single row, through a buffer of its own otherwise.
    /// </summary>
    private void ScoreRest(int part, int rows, float[][] hidden, Memory<float> latentMean, Memory<float> latentLogVariance, Memory<float> reconstruction)
    {
        FeatureRun features = _parts.DecodedFeatures[part];
        float[]? buffer = rows == 1 ? null : ArrayPool<float>.Shared.Rent(rows * features.Count);
        try
        {
            Memory<float> decoded = buffer is null ? reconstruction.Slice(features.First, features.Count) : buffer.AsMemory(0, rows * features.Count);
            OnnxTensorNames names = OnnxTensorNames.Default;
            OnnxOutput[] outputs = [
                new OnnxOutput(names.Reconstruction, decoded),
                .. latentMean.IsEmpty ? Array.Empty<OnnxOutput>() : [new OnnxOutput(names.LatentMean, latentMean)],
                .. latentLogVariance.IsEmpty ? Array.Empty<OnnxOutput>() : [new OnnxOutput(names.LatentLogVar, latentLogVariance)]];
            _rests[part].Session.Run(rows, [.. _hidden.Select((input, q) => new OnnxInput(input.Name, hidden[q].AsMemory(0, rows * input.Width)))], outputs);
            if (buffer is not null)
            {
                Span<float> all = reconstruction.Span;
                for (int row = 0; row < rows; row++)
                {
                    buffer.AsSpan(row * features.Count, features.Count).CopyTo(all.Slice((row * _inputDimension) + features.First, features.Count));
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }
}
