using System.Numerics.Tensors;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Training;

/// <summary>
/// One training step's forward and backward pass: the gradient of the batch mean of recon + β·KL with respect to every
/// weight, through the reparameterization z = μ + exp(½ log σ²)·ε. <see cref="Propagate"/> runs the network forward
/// and the gradient back to every layer's output, keeping both sides of each layer; <see cref="AddWeightGradients"/>
/// then turns them into weight gradients, for several passes at once when a batch is split into shards. All buffers are
/// allocated once for <see cref="ForwardPass.Capacity"/> rows.
/// </summary>
internal sealed class Backpropagation
{
    private readonly VaeNetwork _network;
    private readonly float[][] _outputGradients;
    private readonly float[] _rowReconstruction;
    private readonly float[] _rowKl;
    private readonly float[] _latentGradient;
    private readonly int _encoderLayers;

    public Backpropagation(VaeNetwork network, int capacity)
    {
        _network = network;
        Pass = new ForwardPass(network, capacity);
        _outputGradients = network.Layers.Select(l => new float[capacity * l.OutputSize]).ToArray();
        _rowReconstruction = new float[capacity];
        _rowKl = new float[capacity];
        _latentGradient = new float[capacity * network.LatentDimension];
        _encoderLayers = network.EncoderHidden.Length + 1;
    }

    public ForwardPass Pass { get; }

    /// <summary>Rows of the last <see cref="Propagate"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>
    /// <see cref="Propagate"/> on <paramref name="rows"/> rows of scaled features already in <see cref="ForwardPass.Input"/>,
    /// then the weight gradients of this pass alone into <paramref name="gradients"/>, a network of the same shape.
    /// </summary>
    public (double Reconstruction, double KullbackLeibler) Run(
        IMatrixMultiplier gemm, ReadOnlySpan<float> noise, int rows, float beta, VaeNetwork gradients)
    {
        (double Reconstruction, double KullbackLeibler) sums = Propagate(gemm, noise, rows, beta);
        Backpropagation[] passes = [this];
        for (int layer = 0; layer < gradients.Layers.Count; layer++)
        {
            DenseLayer target = gradients.Layers[layer];
            AddWeightGradients(passes, gemm, layer, target, 0..target.InputSize, 0..target.OutputSize);
        }

        return sums;
    }

    /// <summary>
    /// Runs the network forward on <paramref name="rows"/> rows of scaled features already in
    /// <see cref="ForwardPass.Input"/>, with reparameterization noise <paramref name="noise"/>, and the gradient back to
    /// every layer's output. Returns the sums over these rows of the reconstruction and KL terms. The gradients are of
    /// the loss summed over these rows and divided by <paramref name="batchRows"/> (default: <paramref name="rows"/>), so
    /// shards of one batch add up to its mean.
    /// </summary>
    public (double Reconstruction, double KullbackLeibler) Propagate(
        IMatrixMultiplier gemm, ReadOnlySpan<float> noise, int rows, float beta, int? batchRows = null)
    {
        Rows = rows;
        if (rows == 0)
        {
            return (0, 0);
        }

        ForwardPass pass = Pass;
        ReadOnlySpan<float> features = pass.Input.AsSpan(0, rows * _network.InputDimension);
        pass.Encode(gemm, features, rows);
        pass.SampleLatent(noise, rows);
        pass.Decode(gemm, rows);

        float scale = 1f / (batchRows ?? rows);
        int decoderHead = _network.Layers.Count - 1;
        Span<float> headGradient = _outputGradients[decoderHead].AsSpan(0, rows * _network.DecoderOutputWidth);
        VaeLoss.Reconstruction(_network, features, pass.DecoderHead, rows, _rowReconstruction, headGradient, scale, pass.Scratch);
        VaeLoss.KullbackLeibler(pass.EncoderHead, rows, _network.LatentDimension, _rowKl);

        Span<float> latentGradient = _latentGradient.AsSpan(0, rows * _network.LatentDimension);
        BackwardThrough(gemm, _encoderLayers, decoderHead, latentGradient);
        EncoderHeadGradient(latentGradient, noise, rows, scale * beta, _outputGradients[_encoderLayers - 1]);
        BackwardThrough(gemm, 0, _encoderLayers - 1, default);

        return (TensorPrimitives.Sum<float>(_rowReconstruction.AsSpan(0, rows)), TensorPrimitives.Sum<float>(_rowKl.AsSpan(0, rows)));
    }

    /// <summary>
    /// Writes rows <paramref name="inputRows"/> of the weight gradient and entries <paramref name="outputColumns"/> of
    /// the bias gradient of layer <paramref name="layer"/> (an index into <see cref="VaeNetwork.Layers"/>) into
    /// <paramref name="gradients"/>: the sums over the last <see cref="Propagate"/> of every pass in
    /// <paramref name="passes"/>, added in order. Disjoint ranges can be written by different threads.
    /// </summary>
    public static void AddWeightGradients(
        IReadOnlyList<Backpropagation> passes, IMatrixMultiplier gemm, int layer, DenseLayer gradients, Range inputRows, Range outputColumns)
    {
        int inputs = gradients.InputSize;
        int width = gradients.OutputSize;
        (int firstRow, int rowCount) = inputRows.GetOffsetAndLength(inputs);
        (int firstColumn, int columnCount) = outputColumns.GetOffsetAndLength(width);
        Span<float> weights = gradients.Weights.AsSpan(firstRow * width, rowCount * width);
        Span<float> bias = gradients.Bias.AsSpan(firstColumn, columnCount);
        bias.Clear();
        bool written = false;
        for (int p = 0; p < passes.Count; p++)
        {
            Backpropagation pass = passes[p];
            int rows = pass.Rows;
            ReadOnlySpan<float> input = pass.LayerInput(layer)[..(rows * inputs)];
            ReadOnlySpan<float> outputGradient = pass._outputGradients[layer].AsSpan(0, rows * width);
            if (rows > 0)
            {
                gemm.Multiply(true, false, rowCount, width, rows, 1f, input[firstRow..], inputs, outputGradient, width, written ? 1f : 0f, weights, width);
                written = true;
            }

            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(bias, outputGradient.Slice((r * width) + firstColumn, columnCount), bias);
            }
        }

        if (!written)
        {
            weights.Clear();
        }
    }

    /// <summary>The input layer <paramref name="layer"/> saw in the last pass: features, a hidden output or the latent code.</summary>
    private ReadOnlySpan<float> LayerInput(int layer) =>
        layer == 0 ? Pass.Input
        : layer < _encoderLayers ? Pass.EncoderHidden[layer - 1]
        : layer == _encoderLayers ? Pass.Latent
        : Pass.DecoderHidden[layer - _encoderLayers - 1];

    /// <summary>
    /// ∂/∂μ = β·μ/B + ∂L/∂z and ∂/∂log σ² = β·½(σ² − 1)/B + ∂L/∂z·ε·½σ (zero where the clamp is active), written over
    /// the encoder-head layout [μ | log σ²]. <paramref name="latentGradient"/> already carries the 1/B factor.
    /// </summary>
    private void EncoderHeadGradient(ReadOnlySpan<float> latentGradient, ReadOnlySpan<float> noise, int rows, float klScale, Span<float> destination)
    {
        int latent = _network.LatentDimension;
        float[] head = Pass.EncoderHead;
        for (int r = 0; r < rows; r++)
        {
            int row = r * 2 * latent;
            for (int k = 0; k < latent; k++)
            {
                float mean = head[row + k];
                float logVar = head[row + latent + k];
                float dz = latentGradient[r * latent + k];
                destination[row + k] = klScale * mean + dz;
                float sigma = MathF.Exp(0.5f * logVar);
                destination[row + latent + k] = VaeLoss.IsClamped(logVar, VaeNetwork.LatentLogVarMin, VaeNetwork.LatentLogVarMax)
                    ? 0f
                    : klScale * 0.5f * (sigma * sigma - 1f) + dz * noise[r * latent + k] * 0.5f * sigma;
            }
        }
    }

    /// <summary>
    /// Back-propagates the gradient at the output of layer <paramref name="top"/> down to the output of layer
    /// <paramref name="bottom"/>, through the activations between them, and on into <paramref name="inputGradient"/>
    /// (the gradient with respect to <paramref name="bottom"/>'s input) unless that is empty.
    /// </summary>
    private void BackwardThrough(IMatrixMultiplier gemm, int bottom, int top, Span<float> inputGradient)
    {
        int rows = Rows;
        for (int i = top; i >= bottom; i--)
        {
            DenseLayer layer = _network.Layers[i];
            Span<float> destination = i > bottom ? _outputGradients[i - 1].AsSpan(0, rows * layer.InputSize) : inputGradient;
            if (destination.IsEmpty)
            {
                return;
            }

            ReadOnlySpan<float> outputGradient = _outputGradients[i].AsSpan(0, rows * layer.OutputSize);
            gemm.Multiply(false, true, rows, layer.InputSize, layer.OutputSize, 1f, outputGradient, layer.OutputSize, layer.Weights, layer.OutputSize, 0f, destination, layer.InputSize);
            if (i > bottom)
            {
                Activations.Backward(_network.Activation, _network.LeakyReluSlope, LayerInput(i)[..destination.Length], destination, Pass.Scratch);
            }
        }
    }
}
