using System.Runtime.InteropServices;

namespace Vae.MLNet.Model;

/// <summary>
/// A fully connected layer y = x·W + b. <see cref="Weights"/> is stored row-major as [InputSize, OutputSize], which is
/// the layout ONNX <c>Gemm</c> takes for B with transB = 0.
/// </summary>
internal sealed class DenseLayer
{
    public DenseLayer(int inputSize, int outputSize)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        Weights = new float[checked(inputSize * outputSize)];
        Bias = new float[outputSize];
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public float[] Weights { get; }

    public float[] Bias { get; }

    /// <summary>The multiply-adds one row costs in <paramref name="layers"/>: what a batch's work is measured in.</summary>
    public static long MultiplyAdds(IEnumerable<DenseLayer> layers) => layers.Sum(layer => (long)layer.InputSize * layer.OutputSize);

    /// <summary>Where rows <paramref name="rows"/> of the weight matrix (one per input) lie in <see cref="Weights"/>.</summary>
    public Range WeightRows(Range rows)
    {
        (int first, int count) = rows.GetOffsetAndLength(InputSize);
        return (first * OutputSize)..((first + count) * OutputSize);
    }

    /// <summary>
    /// A copy of the layer that computes only the outputs in <paramref name="columns"/>, in their order: a share of its
    /// work that another core can do on the same inputs.
    /// </summary>
    public DenseLayer OutputColumns(IReadOnlyList<FeatureRun> columns)
    {
        var part = new DenseLayer(InputSize, columns.Sum(run => run.Count));
        for (int row = 0; row < InputSize; row++)
        {
            CopyColumns(Weights.AsSpan(row * OutputSize, OutputSize), columns, part.Weights.AsSpan(row * part.OutputSize, part.OutputSize));
        }

        CopyColumns(Bias, columns, part.Bias);
        return part;
    }

    /// <summary>PyTorch's default <c>nn.Linear</c> initialization: weights and bias uniform in ±1/√fan-in.</summary>
    public void InitializeUniform(Random random)
    {
        float bound = 1f / MathF.Sqrt(InputSize);
        foreach (float[] parameters in new[] { Weights, Bias })
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] = (float)((random.NextDouble() * 2.0 - 1.0) * bound);
            }
        }
    }

    public DenseLayer Clone()
    {
        var copy = new DenseLayer(InputSize, OutputSize);
        copy.CopyFrom(this);
        return copy;
    }

    public void CopyFrom(DenseLayer source)
    {
        source.Weights.CopyTo(Weights, 0);
        source.Bias.CopyTo(Bias, 0);
    }

    /// <summary>
    /// Whether every weight and bias is bit for bit that of <paramref name="other"/>, a layer of the same shape: compared
    /// as bits, a memory comparison as fast as the copy <see cref="CopyFrom"/> makes.
    /// </summary>
    public bool HasWeightsOf(DenseLayer other) =>
        MemoryMarshal.AsBytes(Weights.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(other.Weights.AsSpan()))
        && MemoryMarshal.AsBytes(Bias.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(other.Bias.AsSpan()));

    private static void CopyColumns(ReadOnlySpan<float> row, IReadOnlyList<FeatureRun> columns, Span<float> destination)
    {
        foreach (FeatureRun run in columns)
        {
            run.Of(row).CopyTo(destination);
            destination = destination[run.Count..];
        }
    }
}
