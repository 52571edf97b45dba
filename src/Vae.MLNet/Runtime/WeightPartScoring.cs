using System.Buffers;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.Runtime;

/// <summary>
/// Encodes rows, decodes latent vectors, does both, or scores rows' loss besides, with the network cut by weights as
/// <see cref="WeightParts"/> says, each part a shard of the runners' call, which their threads share out, and on
/// sessions of its own, which are made the first time a batch is scored so. The parts hold the weights of the calls
/// that use them once more between them. A single row is scored through buffers and runs bound once (<see cref="WeightPartRowBindings"/>), several rows
/// through buffers rented for the call.
/// </summary>
internal sealed class WeightPartScoring : IDisposable
{
    // A part gets at least this many of the multiply-adds the cut shares out of each row: a row cut in two costs two more
    // ONNX Runtime runs and a meeting of the threads, some microseconds, which only a part of tens of microseconds' work
    // repays. Cut in two on two cores, single rows of one-hidden-layer models (where the cut layers are nearly all the
    // work) scored 0.68 times as fast as whole at 8 thousand multiply-adds a row, 0.89 at 92 thousand, 1.09 at 169
    // thousand, 1.21 at 258 thousand and 1.52 at MNIST's 651 thousand. The layers between the cut ones are computed whole
    // by every part that needs them, so they do not count: counted, they had a 14-512-512 model's rows cut, which
    // scored 0.88 times as fast as whole. Nor do the rows of a batch: what repays the cut is sharing out weights too
    // many for one core's caches, which a row of narrow layers does not have however many rows come. Counted, the rows
    // had batches of narrow layers cut: models of 1 792 to 61 440 such multiply-adds a row, at 4 to 3 000 rows, scored
    // 0.53-0.91 times as fast as whole in 13 cases of 15 and 1.07 and 1.18 in the other two (docs/benchmarks.md).
    private const long MinMultiplyAddsPerPart = 80_000;

    private readonly WeightParts _parts;
    private readonly int _hiddenWidth;
    private readonly LazyDisposable<OnnxSession>[] _firstLayers;
    private readonly LazyDisposable<OnnxSession>[] _rests;
    private readonly LazyDisposable<OnnxSession>[] _lossRests;
    private readonly LazyDisposable<OnnxSession> _encoderRest;
    private readonly LazyDisposable<OnnxSession>[] _decoders;
    private readonly WeightPartRowBindings _row;
    private readonly int _inputDimension;
    private readonly long _firstLayerMultiplyAdds;
    private readonly long _decoderHeadMultiplyAdds;
    private long _batchesScored;

    public WeightPartScoring(VaeModel model, WeightParts parts, int intraOpThreads)
    {
        _parts = parts;
        _inputDimension = model.InputDimension;
        _firstLayerMultiplyAdds = DenseLayer.MultiplyAdds([model.Network.EncoderHidden[0]]);
        _decoderHeadMultiplyAdds = DenseLayer.MultiplyAdds([model.Network.DecoderHead]);
        _hiddenWidth = model.Network.EncoderHidden[0].OutputSize;
        _firstLayers = [.. parts.HiddenColumns.Select(columns => Session(() => model.ExportFirstLayerPartOnnx(columns), intraOpThreads))];
        _rests = [.. parts.DecodedFeatures.Select(features => Session(() => model.ExportRestPartOnnx(features), intraOpThreads))];
        _lossRests = [.. parts.DecodedFeatures.Select(features => Session(() => model.ExportLossRestPartOnnx(features), intraOpThreads))];
        _encoderRest = Session(() => model.ExportRestPartOnnx(features: null), intraOpThreads);
        _decoders = [.. parts.DecodedFeatures.Select(features => Session(() => model.ExportDecoderPartOnnx(features), intraOpThreads))];
        _row = new WeightPartRowBindings(parts, model.Network, _firstLayers, _rests, _lossRests, _encoderRest, _decoders);
    }

    /// <summary>How many parts a batch is cut into, one for each of the runners' threads.</summary>
    public int Count => _parts.Count;

    /// <summary>How many batches have been scored cut by weights.</summary>
    public long BatchesScored => Interlocked.Read(ref _batchesScored);

    /// <summary>
    /// Whether a row gives each part work enough in the layers the cut shares out: the encoder's first hidden layer when
    /// a call <paramref name="encodes"/>, the decoder head when it <paramref name="decodes"/>.
    /// </summary>
    public bool IsWorthCutting(bool encodes, bool decodes) =>
        (encodes ? _firstLayerMultiplyAdds : 0) + (decodes ? _decoderHeadMultiplyAdds : 0) >= Count * MinMultiplyAddsPerPart;

    /// <summary>
    /// Scores the rows of <paramref name="features"/> on <paramref name="runners"/>, one part each, into the outputs
    /// whose buffer is not empty. With a <paramref name="reconstruction"/>, the runs meet once, when each needs every
    /// part's hidden units, and each then decodes its features; without, the rows are encoded as <see cref="Encode"/> does.
    /// </summary>
    public void Transform(
        ParallelShards runners,
        int rows,
        ReadOnlyMemory<float> features,
        Memory<float> latentMean,
        Memory<float> latentLogVariance,
        Memory<float> reconstruction)
    {
        if (reconstruction.IsEmpty)
        {
            Encode(runners, rows, features, latentMean, latentLogVariance);
            return;
        }

        if (rows == 1)
        {
            features.Span.CopyTo(_row.Features);
            RunFirstLayerThen(runners, partsThatGoOn: Count, part => _row.FirstLayer(part).Run(), part => _row.Rest(part).Run());
            _row.Reconstruction.CopyTo(reconstruction.Span);
            CopyIfRequested(_row.LatentMean, latentMean.Span);
            CopyIfRequested(_row.LatentLogVariance, latentLogVariance.Span);
            return;
        }

        WithHidden(rows, hidden => RunFirstLayerThen(
            runners,
            partsThatGoOn: Count,
            part => RunFirstLayer(part, rows, features.Span, hidden),
            part => RunForFeatures(
                _rests[part].Value,
                part,
                rows,
                [HiddenInput(rows, hidden)],
                [new OnnxOutput(OnnxTensorNames.Default.Reconstruction, reconstruction)],
                part == 0 ? LatentOutputs(latentMean, latentLogVariance) : [])));
    }

    /// <summary>
    /// Scores the rows of <paramref name="features"/> on <paramref name="runners"/> as <see cref="Transform"/> does with a
    /// reconstruction, and their loss, into the outputs whose buffer is not empty: each run also scores the reconstruction
    /// error of its features, and the first the KL term, so a row's error is the sum of the parts' and its anomaly score
    /// that plus the KL term.
    /// </summary>
    public void ScoreLoss(
        ParallelShards runners,
        int rows,
        ReadOnlyMemory<float> features,
        Memory<float> latentMean,
        Memory<float> latentLogVariance,
        Memory<float> reconstruction,
        Memory<float> reconstructionError,
        Memory<float> anomalyScore)
    {
        if (rows == 1)
        {
            features.Span.CopyTo(_row.Features);
            RunFirstLayerThen(runners, partsThatGoOn: Count, part => _row.FirstLayer(part).Run(), part => _row.LossRest(part).Run());
            CopyIfRequested(_row.Reconstruction, reconstruction.Span);
            CopyIfRequested(_row.LatentMean, latentMean.Span);
            CopyIfRequested(_row.LatentLogVariance, latentLogVariance.Span);
            SumLoss(_row.ReconstructionErrors, _row.KullbackLeibler, rows, reconstructionError.Span, anomalyScore.Span);
            return;
        }

        float[] partErrors = ArrayPool<float>.Shared.Rent(Count * rows);
        float[] kullbackLeibler = ArrayPool<float>.Shared.Rent(rows);
        try
        {
            OnnxTensorNames names = OnnxTensorNames.Default;
            OnnxOutput[] wholeRows = Requested((names.Reconstruction, reconstruction));
            OnnxOutput[] firstPartOnly = [new OnnxOutput(OnnxExporter.KullbackLeibler, kullbackLeibler.AsMemory(0, rows)), .. LatentOutputs(latentMean, latentLogVariance)];
            WithHidden(rows, hidden => RunFirstLayerThen(
                runners,
                partsThatGoOn: Count,
                part => RunFirstLayer(part, rows, features.Span, hidden),
                part => RunForFeatures(
                    _lossRests[part].Value,
                    part,
                    rows,
                    [HiddenInput(rows, hidden), new OnnxInput(names.Features, features)],
                    wholeRows,
                    [new OnnxOutput(names.ReconstructionError, partErrors.AsMemory(part * rows, rows)), .. part == 0 ? firstPartOnly : []])));
            SumLoss(partErrors, kullbackLeibler, rows, reconstructionError.Span, anomalyScore.Span);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partErrors);
            ArrayPool<float>.Shared.Return(kullbackLeibler);
        }
    }

    /// <summary>
    /// Encodes the rows of <paramref name="features"/> on <paramref name="runners"/> into the outputs whose buffer is not
    /// empty, at least one: each run computes its part of the first hidden layer, and the first of them, once all have,
    /// the rest of the encoder.
    /// </summary>
    public void Encode(ParallelShards runners, int rows, ReadOnlyMemory<float> features, Memory<float> latentMean, Memory<float> latentLogVariance)
    {
        if (rows == 1)
        {
            features.Span.CopyTo(_row.Features);
            RunFirstLayerThen(runners, partsThatGoOn: 1, part => _row.FirstLayer(part).Run(), _ => _row.EncoderRest.Run());
            CopyIfRequested(_row.LatentMean, latentMean.Span);
            CopyIfRequested(_row.LatentLogVariance, latentLogVariance.Span);
            return;
        }

        WithHidden(rows, hidden => RunFirstLayerThen(
            runners,
            partsThatGoOn: 1,
            part => RunFirstLayer(part, rows, features.Span, hidden),
            _ => _encoderRest.Value.Run(rows, [HiddenInput(rows, hidden)], LatentOutputs(latentMean, latentLogVariance))));
    }

    /// <summary>
    /// Decodes the rows of <paramref name="latent"/> on <paramref name="runners"/> into <paramref name="reconstruction"/>
    /// and, when not empty, <paramref name="reconstructionLogVariance"/>: each run decodes its features, and the runs
    /// never wait for each other.
    /// </summary>
    public void Decode(ParallelShards runners, int rows, ReadOnlyMemory<float> latent, Memory<float> reconstruction, Memory<float> reconstructionLogVariance)
    {
        if (rows == 1)
        {
            latent.Span.CopyTo(_row.Latent);
            runners.Run(part => _row.Decoder(part).Run());
            _row.Reconstruction.CopyTo(reconstruction.Span);
            CopyIfRequested(_row.ReconstructionLogVariance, reconstructionLogVariance.Span);
        }
        else
        {
            OnnxTensorNames names = OnnxTensorNames.Default;
            OnnxOutput[] decoded = Requested((names.Reconstruction, reconstruction), (names.ReconstructionLogVar, reconstructionLogVariance));
            runners.Run(part => RunForFeatures(_decoders[part].Value, part, rows, [new OnnxInput(names.Latent, latent)], decoded, []));
        }

        Interlocked.Increment(ref _batchesScored);
    }

    public void Dispose()
    {
        _row.Dispose();
        foreach (LazyDisposable<OnnxSession> session in _firstLayers.Concat(_rests).Concat(_lossRests).Append(_encoderRest).Concat(_decoders))
        {
            session.Dispose();
        }
    }

    private static LazyDisposable<OnnxSession> Session(Func<byte[]> graph, int intraOpThreads) => new(() => new OnnxSession(graph(), intraOpThreads));

    /// <summary>Copies <paramref name="source"/> into <paramref name="requested"/> unless that is empty, an output not asked for.</summary>
    private static void CopyIfRequested(ReadOnlySpan<float> source, Span<float> requested)
    {
        if (!requested.IsEmpty)
        {
            source.CopyTo(requested);
        }
    }

    /// <summary>
    /// Writes each of the <paramref name="rows"/> rows' reconstruction error, the sum of its parts' in
    /// <paramref name="partErrors"/> (part after part, a value a row), and its anomaly score, that plus its
    /// <paramref name="kullbackLeibler"/> term, into the outputs that are not empty.
    /// </summary>
    private void SumLoss(ReadOnlySpan<float> partErrors, ReadOnlySpan<float> kullbackLeibler, int rows, Span<float> reconstructionError, Span<float> anomalyScore)
    {
        for (int row = 0; row < rows; row++)
        {
            float error = 0f;
            for (int part = 0; part < Count; part++)
            {
                error += partErrors[(part * rows) + row];
            }

            if (!reconstructionError.IsEmpty)
            {
                reconstructionError[row] = error;
            }

            if (!anomalyScore.IsEmpty)
            {
                anomalyScore[row] = error + kullbackLeibler[row];
            }
        }
    }

    /// <summary>The outputs among <paramref name="outputs"/> whose buffer is not empty.</summary>
    private static OnnxOutput[] Requested(params (string Name, Memory<float> Data)[] outputs) =>
        [.. outputs.Where(output => !output.Data.IsEmpty).Select(output => new OnnxOutput(output.Name, output.Data))];

    private static OnnxOutput[] LatentOutputs(Memory<float> latentMean, Memory<float> latentLogVariance) =>
        Requested((OnnxTensorNames.Default.LatentMean, latentMean), (OnnxTensorNames.Default.LatentLogVar, latentLogVariance));

    /// <summary>Calls <paramref name="score"/> with a buffer for the first hidden layer of <paramref name="rows"/> rows.</summary>
    private void WithHidden(int rows, Action<float[]> score)
    {
        float[] hidden = ArrayPool<float>.Shared.Rent(rows * _hiddenWidth);
        try
        {
            score(hidden);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(hidden);
        }
    }

    /// <summary>
    /// <see cref="RunFirstLayerThen(ParallelShards, int, int, Action{int}, Action{int})"/> over this cut's parts, counted
    /// in <see cref="BatchesScored"/>.
    /// </summary>
    private void RunFirstLayerThen(ParallelShards runners, int partsThatGoOn, Action<int> firstLayer, Action<int> rest)
    {
        RunFirstLayerThen(runners, Count, partsThatGoOn, firstLayer, rest);
        Interlocked.Increment(ref _batchesScored);
    }

    /// <summary>
    /// Calls <paramref name="firstLayer"/>(part) for each of the <paramref name="parts"/>, which computes its part of the
    /// first hidden layer, then, once all have, <paramref name="rest"/>(part) for the first <paramref name="partsThatGoOn"/>
    /// parts, each a shard of <paramref name="runners"/>' call: a thread that has not started by the time another is done
    /// with its own shards leaves its shards to that one. A part that fails lets the others stop there, with no rest run
    /// on a hidden layer that part left unwritten, and the call throws its exception.
    /// </summary>
    internal static void RunFirstLayerThen(ParallelShards runners, int parts, int partsThatGoOn, Action<int> firstLayer, Action<int> rest)
    {
        int firstLayersDone = 0;
        int failed = 0;
        runners.Run(parts + partsThatGoOn, shard =>
        {
            if (shard < parts)
            {
                try
                {
                    firstLayer(shard);
                }
                catch
                {
                    Volatile.Write(ref failed, 1);
                    throw;
                }
                finally
                {
                    Interlocked.Increment(ref firstLayersDone);
                }

                return;
            }

            // Shards are claimed in order, so every part of the first layer is running already, mostly on a core of its
            // own: the wait is for another core's last microseconds of work.
            var wait = new SpinWait();
            while (Volatile.Read(ref firstLayersDone) < parts)
            {
                wait.SpinOnce(sleep1Threshold: -1);
            }

            if (Volatile.Read(ref failed) == 0)
            {
                rest(shard - parts);
            }
        });
    }

    /// <summary>
    /// Computes part <paramref name="part"/>'s columns of the first hidden layer of the rows of <paramref name="features"/>
    /// into their place in <paramref name="hidden"/> (H values a row), through a buffer of their own.
    /// </summary>
    private void RunFirstLayer(int part, int rows, ReadOnlySpan<float> features, float[] hidden)
    {
        FeatureRun columns = _parts.HiddenColumns[part];
        float[] own = ArrayPool<float>.Shared.Rent(rows * columns.Count);
        try
        {
            _firstLayers[part].Value.Run(rows, OnnxTensorNames.Default.Features, features, OnnxExporter.FirstHiddenLayer, own.AsSpan(0, rows * columns.Count));
            CopyIntoRows(own, rows, columns, hidden, _hiddenWidth);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(own);
        }
    }

    private OnnxInput HiddenInput(int rows, float[] hidden) => new(OnnxExporter.FirstHiddenLayer, hidden.AsMemory(0, rows * _hiddenWidth));

    /// <summary>Copies <paramref name="rows"/> rows of <paramref name="columns"/>.Count values each into those columns of the rows of <paramref name="destination"/>, <paramref name="width"/> values a row.</summary>
    private static void CopyIntoRows(ReadOnlySpan<float> source, int rows, FeatureRun columns, Span<float> destination, int width)
    {
        for (int row = 0; row < rows; row++)
        {
            source.Slice(row * columns.Count, columns.Count).CopyTo(destination.Slice((row * width) + columns.First, columns.Count));
        }
    }

    /// <summary>
    /// Runs <paramref name="session"/>, a graph that gives part <paramref name="part"/>'s features of each row of
    /// <paramref name="wholeRows"/> (D values a row) besides <paramref name="others"/>, writing those features in place
    /// through a buffer of their own.
    /// </summary>
    private void RunForFeatures(OnnxSession session, int part, int rows, OnnxInput[] inputs, OnnxOutput[] wholeRows, OnnxOutput[] others)
    {
        FeatureRun features = _parts.DecodedFeatures[part];
        float[][] buffers = [.. wholeRows.Select(_ => ArrayPool<float>.Shared.Rent(rows * features.Count))];
        try
        {
            OnnxOutput[] outputs = [
                .. wholeRows.Select((output, i) => new OnnxOutput(output.Name, buffers[i].AsMemory(0, rows * features.Count))),
                .. others];
            session.Run(rows, inputs, outputs);
            for (int i = 0; i < buffers.Length; i++)
            {
                CopyIntoRows(buffers[i], rows, features, wholeRows[i].Data.Span, _inputDimension);
            }
        }
        finally
        {
            foreach (float[] buffer in buffers)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }
}
