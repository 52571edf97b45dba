using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Training;

/// <summary>
/// A training step split into shards of the batch that run at once, one per thread, each with a single-threaded matrix
/// multiplier. First every shard runs its window of the batch's rows forward and the gradient back to each layer's
/// output, into buffers shared by the whole batch; then every thread takes a slice of each layer's rows, forms that slice
/// of the weight gradient as one product over the whole batch and at once, while it is in cache, applies Adam to it.
/// Threads meet twice per batch (three times with gradient clipping, whose norm must be known before any update),
/// instead of inside every matrix product, which is what makes two cores pay off for a model this small. The result
/// does not depend on timing; with the managed multiplier, which sums every element in the same order however a product
/// is split, and without clipping (whose norm is summed by slices) it does not depend on the thread count either.
/// </summary>
internal sealed class ShardedStep : IDisposable
{
    // Below this many rows a shard's matrix products are too thin to be worth a thread.
    private const int MinRowsPerShard = 32;

    private readonly VaeNetwork _network;
    private readonly VaeNetwork _gradients;
    private readonly Backpropagation _batch;
    private readonly IMatrixMultiplier[] _gemms;
    private readonly float[] _noise;
    private readonly double[] _squares;
    private readonly ParallelShards _parallel;
    private readonly Action<int> _runShard;
    private readonly Action<int> _gradientShard;
    private readonly Action<int> _updateShard;
    private readonly Action<int> _gradientAndUpdateShard;
    private FeatureScaling? _scaling;
    private int _batchRows;
    private float _beta;
    private AdamOptimizer? _adam;
    private AdamOptimizer.StepConstants _constants;
    private VaeNetwork? _target;

    /// <param name="network">The network to train.</param>
    /// <param name="batchCapacity">The most rows one step takes.</param>
    /// <param name="backend">The matrix-product implementation.</param>
    /// <param name="threads">The most threads a step may use.</param>
    /// <param name="minMultiplyAddsPerThread">
    /// The work a step must give each thread it uses; tests of the sharded arithmetic lower it, so that small models
    /// take its paths.
    /// </param>
    public ShardedStep(VaeNetwork network, int batchCapacity, GemmBackend backend, int threads, long minMultiplyAddsPerThread = ThreadWork.MinMultiplyAdds)
    {
        _network = network;
        _gradients = network.Clone();
        Capacity = batchCapacity;
        // A step multiplies each row by every layer's weights once forward and twice backward.
        long stepMultiplyAdds = 3L * batchCapacity * DenseLayer.MultiplyAdds(network.Layers);
        int usefulThreads = (int)Math.Clamp(stepMultiplyAdds / Math.Max(1, minMultiplyAddsPerThread), 1, threads);
        int shards = Math.Clamp(batchCapacity / MinRowsPerShard, 1, usefulThreads);
        int gemmThreads = Math.Max(1, usefulThreads / shards);
        Threads = shards * gemmThreads;
        _batch = new Backpropagation(network, batchCapacity);
        _gemms = Enumerable.Range(0, shards).Select(_ => MatrixMultipliers.CreateForTraining(backend, gemmThreads)).ToArray();
        _noise = new float[batchCapacity * network.LatentDimension];
        _squares = new double[shards];
        _parallel = new ParallelShards(shards);
        _runShard = RunShard;
        Func<int, int, Range, Range, double> measuredGradientSlice = (shard, layer, rows, columns) =>
        {
            GradientSlice(shard, layer, rows, columns);
            return GradientSquares(layer, rows, columns);
        };
        Func<int, int, Range, Range, double> updateSlice = UpdateSlice;

        // Adam sums the squares of the gradient as it reads it, so without clipping the norm costs no pass of its own.
        Func<int, int, Range, Range, double> gradientAndUpdateSlice = (shard, layer, rows, columns) =>
        {
            GradientSlice(shard, layer, rows, columns);
            return UpdateSlice(shard, layer, rows, columns);
        };
        _gradientShard = shard => _squares[shard] = ForEachSlice(shard, measuredGradientSlice);
        _updateShard = shard => _squares[shard] = ForEachSlice(shard, updateSlice);
        _gradientAndUpdateShard = shard => _squares[shard] = ForEachSlice(shard, gradientAndUpdateSlice);
    }

    /// <summary>The most rows one step takes.</summary>
    public int Capacity { get; }

    /// <summary>How many shards of the batch run at once.</summary>
    public int Shards => _parallel.Count;

    /// <summary>The matrix-product implementation the shards use.</summary>
    public GemmBackend Backend => _gemms[0].Backend;

    /// <summary>The kernel that sums the shards' products (<see cref="IMatrixMultiplier.Kernel"/>).</summary>
    public string? Kernel => _gemms[0].Kernel;

    /// <summary>
    /// The threads a step runs on, the shards times each one's matrix-product threads: given as the most a step may use,
    /// the same count makes the same split, and so the same sums.
    /// </summary>
    public int Threads { get; }

    /// <summary>A forward pass and multiplier free between steps, for validation.</summary>
    public (ForwardPass Pass, IMatrixMultiplier Gemm) Scratch => (_batch.Pass, _gemms[0]);

    /// <summary>
    /// Runs each shard's rows forward and the gradient of the mean loss over <paramref name="rows"/> back through the
    /// network, and returns the batch sums of the reconstruction and KL terms. Rows are gathered and ε drawn on the
    /// calling thread, in row order, so the noise a row gets does not depend on the split.
    /// </summary>
    public (double Reconstruction, double KullbackLeibler) Run(
        VaeDataset data, ReadOnlySpan<int> rows, FeatureScaling? scaling, GaussianNoise noise, float beta)
    {
        data.CopyRows(rows, _batch.Pass.Input.AsSpan(0, rows.Length * _network.InputDimension));
        noise.Fill(_noise.AsSpan(0, rows.Length * _network.LatentDimension));
        _scaling = scaling;
        _batchRows = rows.Length;
        _beta = beta;
        _parallel.Run(_runShard);
        return _batch.LossSums(rows.Length);
    }

    /// <summary>
    /// Forms the weight gradient of the last <see cref="Run"/> and applies one Adam step with it to
    /// <paramref name="network"/>. With <paramref name="clipNorm"/> the gradient is first measured and, if its norm is
    /// larger, scaled down to it.
    /// </summary>
    /// <returns>The L2 norm of the gradient before clipping; not finite if the gradient is not.</returns>
    public double Update(AdamOptimizer adam, VaeNetwork network, float? clipNorm)
    {
        _adam = adam;
        _target = network;
        if (clipNorm is not { } clip)
        {
            _constants = adam.BeginStep(1f);
            _parallel.Run(_gradientAndUpdateShard);
            return Math.Sqrt(_squares.Sum());
        }

        _parallel.Run(_gradientShard);
        double norm = Math.Sqrt(_squares.Sum());
        _constants = adam.BeginStep(norm > clip ? (float)(clip / norm) : 1f);
        _parallel.Run(_updateShard);
        return norm;
    }

    public void Dispose() => _parallel.Dispose();

    private void RunShard(int shard)
    {
        // A batch smaller than the shard count leaves some windows empty.
        (int first, int rows) = EqualParts.Of(_batchRows, shard, _gemms.Length).GetOffsetAndLength(_batchRows);
        _scaling?.Apply(ForwardPass.Rows(_batch.Pass.Input, _network.InputDimension, first, rows));
        ReadOnlySpan<float> noise = ForwardPass.Rows(_noise, _network.LatentDimension, first, rows);
        _batch.Propagate(_gemms[shard], noise, first, rows, _beta, _batchRows);
    }

    /// <summary>Runs <paramref name="slice"/> on this shard's rows and bias entries of every layer; returns the sum of what it returns.</summary>
    private double ForEachSlice(int shard, Func<int, int, Range, Range, double> slice)
    {
        double sum = 0;
        for (int layer = 0; layer < _network.Layers.Count; layer++)
        {
            DenseLayer shape = _network.Layers[layer];
            sum += slice(shard, layer, EqualParts.Of(shape.InputSize, shard, _gemms.Length), EqualParts.Of(shape.OutputSize, shard, _gemms.Length));
        }

        return sum;
    }

    private void GradientSlice(int shard, int layer, Range rows, Range columns) =>
        _batch.WriteWeightGradients(_gemms[shard], layer, _gradients.Layers[layer], _batchRows, rows, columns);

    /// <summary>The sum of squares of the rows <paramref name="rows"/> and bias entries <paramref name="columns"/> of a layer's gradient.</summary>
    private double GradientSquares(int layer, Range rows, Range columns)
    {
        DenseLayer gradients = _gradients.Layers[layer];
        return WideSums.SumOfSquares(gradients.Weights.AsSpan(gradients.WeightRows(rows)))
            + WideSums.SumOfSquares(gradients.Bias.AsSpan(columns));
    }

    private double UpdateSlice(int shard, int layer, Range rows, Range columns) =>
        _adam!.Update(layer, _target!.Layers[layer], _gradients.Layers[layer], _constants, rows, columns);
}
