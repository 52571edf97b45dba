using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Training;

/// <summary>
/// A training step split into shards of the batch that run at once, one per thread, each through the whole forward
/// and backward pass with a single-threaded matrix multiplier; the update then sums the shards' gradients in shard order
/// as Adam reads them. Threads meet twice per batch (three times with gradient clipping) instead of inside every matrix
/// product, which is what makes two cores pay off for a model this small. The result depends on the thread count (it
/// fixes the split) but not on timing.
/// </summary>
internal sealed class ShardedStep : IDisposable
{
    // Below this many rows a shard's matrix products are too thin to be worth a thread.
    private const int MinRowsPerShard = 32;

    private readonly VaeNetwork _network;
    private readonly Backpropagation[] _shards;
    private readonly IMatrixMultiplier[] _gemms;
    private readonly float[][] _noise;
    private readonly int[] _shardRows;
    private readonly (double Reconstruction, double KullbackLeibler)[] _sums;
    private readonly double[] _squares;
    private readonly ParallelShards _parallel;
    private readonly IReadOnlyList<DenseLayer>[][] _gradientSets;
    private readonly Action<int> _runShard;
    private readonly Action<int> _normShard;
    private readonly Action<int> _updateShard;
    private FeatureScaling? _scaling;
    private int _batchRows;
    private int _activeShards;
    private float _beta;
    private AdamOptimizer? _adam;
    private AdamOptimizer.StepConstants _constants;
    private VaeNetwork? _target;

    public ShardedStep(VaeNetwork network, int batchCapacity, GemmBackend backend, int threads)
    {
        _network = network;
        Capacity = batchCapacity;
        int shards = Math.Clamp(batchCapacity / MinRowsPerShard, 1, threads);
        int shardCapacity = (batchCapacity + shards - 1) / shards;
        int gemmThreads = Math.Max(1, threads / shards);
        _shards = Enumerable.Range(0, shards).Select(_ => new Backpropagation(network, shardCapacity)).ToArray();
        _gemms = Enumerable.Range(0, shards).Select(_ => MatrixMultipliers.Create(backend, gemmThreads)).ToArray();
        _noise = Enumerable.Range(0, shards).Select(_ => new float[shardCapacity * network.LatentDimension]).ToArray();
        _shardRows = new int[shards];
        _sums = new (double, double)[shards];
        _squares = new double[shards];
        _parallel = new ParallelShards(shards);
        _gradientSets = Enumerable.Range(0, shards + 1).Select(n => _shards[..n].Select(b => b.Gradients.Layers).ToArray()).ToArray();
        _runShard = RunShard;
        _normShard = NormShard;
        _updateShard = UpdateShard;
    }

    /// <summary>The most rows one step takes.</summary>
    public int Capacity { get; }

    /// <summary>The matrix-product implementation the shards use.</summary>
    public GemmBackend Backend => _gemms[0].Backend;

    /// <summary>A forward pass and multiplier free between steps, for validation.</summary>
    public (ForwardPass Pass, IMatrixMultiplier Gemm) Scratch => (_shards[0].Pass, _gemms[0]);

    /// <summary>
    /// Computes each shard's part of the gradient of the mean loss over <paramref name="rows"/> and returns the batch
    /// sums of the reconstruction and KL terms. Rows are gathered and ε drawn on the calling thread, in row order, so
    /// the noise a row gets does not depend on the split.
    /// </summary>
    public (double Reconstruction, double KullbackLeibler) Run(
        VaeDataset data, ReadOnlySpan<int> rows, FeatureScaling? scaling, GaussianNoise noise, float beta)
    {
        _activeShards = Math.Min(_shards.Length, rows.Length);
        int start = 0;
        for (int s = 0; s < _shards.Length; s++)
        {
            int count = s < _activeShards ? rows.Length / _activeShards + (s < rows.Length % _activeShards ? 1 : 0) : 0;
            _shardRows[s] = count;
            data.CopyRows(rows.Slice(start, count), _shards[s].Pass.Input.AsSpan(0, count * _network.InputDimension));
            noise.Fill(_noise[s].AsSpan(0, count * _network.LatentDimension));
            start += count;
        }

        _scaling = scaling;
        _batchRows = rows.Length;
        _beta = beta;
        _parallel.Run(_runShard);

        double reconstruction = 0;
        double kl = 0;
        foreach ((double shardReconstruction, double shardKl) in _sums)
        {
            reconstruction += shardReconstruction;
            kl += shardKl;
        }

        return (reconstruction, kl);
    }

    /// <summary>
    /// Applies one Adam step with the gradient of the last <see cref="Run"/> to <paramref name="network"/>, shared across
    /// the shards. With <paramref name="clipNorm"/> the gradient is first measured and, if its norm is larger, scaled
    /// down to it.
    /// </summary>
    /// <returns>The L2 norm of the gradient before clipping; not finite if the gradient is not.</returns>
    public double Update(AdamOptimizer adam, VaeNetwork network, float? clipNorm)
    {
        _adam = adam;
        _target = network;
        float scale = 1f;
        double norm = double.NaN;
        if (clipNorm is { } clip)
        {
            _parallel.Run(_normShard);
            norm = Math.Sqrt(_squares.Sum());
            scale = norm > clip ? (float)(clip / norm) : 1f;
        }

        _constants = adam.BeginStep(scale);
        _parallel.Run(_updateShard);
        return clipNorm is null ? Math.Sqrt(_squares.Sum()) : norm;
    }

    public void Dispose() => _parallel.Dispose();

    private void RunShard(int shard)
    {
        int rows = _shardRows[shard];
        if (rows == 0)
        {
            _sums[shard] = (0, 0);
            return;
        }

        Span<float> input = _shards[shard].Pass.Input.AsSpan(0, rows * _network.InputDimension);
        _scaling?.Apply(input);
        _sums[shard] = _shards[shard].Run(_gemms[shard], input, _noise[shard], rows, _beta, _batchRows);
    }

    private void NormShard(int shard) =>
        _squares[shard] = AdamOptimizer.SumOfSquares(_gradientSets[_activeShards], shard, _shards.Length);

    private void UpdateShard(int shard) =>
        _squares[shard] = _adam!.Update(_target!.Layers, _gradientSets[_activeShards], _constants, shard, _shards.Length);
}
