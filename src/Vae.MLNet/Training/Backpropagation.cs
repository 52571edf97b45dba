using System.Numerics.Tensors;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Training;

/// <summary>
/// One training step's forward and backward pass: the gradient of the batch mean of recon + β·KL with respect to every
/// weight, through the reparameterization z = μ + exp(½ log σ²)·ε. <see cref="Propagate"/> runs a window of the batch's
/// rows forward and the gradient back to every layer's output, keeping both sides of each layer for the whole batch, so
/// threads can propagate disjoint windows at once; <see cref="WriteWeightGradients"/> then turns them into weight
/// gradients, each one product over all the batch's rows. All buffers are allocated once for
/// <see cref="ForwardPass.Capacity"/> rows.
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

    /// <summary>
    /// Runs the network forward on <paramref name="rows"/> rows, starting at <paramref name="firstRow"/>, of scaled
    /// features already in <see cref="ForwardPass.Input"/>, with reparameterization noise <paramref name="noise"/> (one ε
    /// per latent value of these rows), and the gradient back to every layer's output. The gradients are of the loss
    /// summed over these rows and divided by <paramref name="batchRows"/>, so windows of one batch add up to its mean.
    /// </summary>
    public void Propagate(IMatrixMultiplier gemm, ReadOnlySpan<float> noise, int firstRow, int rows, float beta, int batchRows)
    {
        if (rows == 0)
        {
            return;
        }

        ForwardPass pass = Pass;
        ReadOnlySpan<float> features = ForwardPass.Rows(pass.Input, _network.InputDimension, firstRow, rows);
        pass.Encode(gemm, features, firstRow, rows);
        pass.SampleLatent(noise, firstRow, rows);
        pass.Decode(gemm, firstRow, rows);

        float scale = 1f / batchRows;
        int decoderHead = _network.Layers.Count - 1;
        Span<float> headGradient = OutputGradient(decoderHead, firstRow, rows);
        Span<float> scratch = ForwardPass.Rows(pass.Scratch, pass.ScratchWidth, firstRow, rows);
        ReadOnlySpan<float> decoded = ForwardPass.Rows(pass.DecoderHead, _network.DecoderOutputWidth, firstRow, rows);
        VaeLoss.Reconstruction(_network, features, decoded, rows, _rowReconstruction.AsSpan(firstRow, rows), headGradient, scale, scratch);
        int latent = _network.LatentDimension;
        ReadOnlySpan<float> encoded = ForwardPass.Rows(pass.EncoderHead, 2 * latent, firstRow, rows);
        VaeLoss.KullbackLeibler(encoded, rows, latent, _rowKl.AsSpan(firstRow, rows));

        Span<float> latentGradient = ForwardPass.Rows(_latentGradient, latent, firstRow, rows);
        BackwardThrough(gemm, _encoderLayers, decoderHead, firstRow, rows, latentGradient);
        EncoderHeadGradient(encoded, latentGradient, noise, rows, scale * beta, OutputGradient(_encoderLayers - 1, firstRow, rows));
        BackwardThrough(gemm, 0, _encoderLayers - 1, firstRow, rows, default);
    }

    /// <summary>The sums over the first <paramref name="rows"/> rows of the reconstruction and KL terms of the last passes.</summary>
    public (double Reconstruction, double KullbackLeibler) LossSums(int rows) =>
        (WideSums.Sum(_rowReconstruction.AsSpan(0, rows)), WideSums.Sum(_rowKl.AsSpan(0, rows)));

    /// <summary>
    /// Writes rows <paramref name="inputRows"/> of the weight gradient and entries <paramref name="outputColumns"/> of
    /// the bias gradient of layer <paramref name="layer"/> (an index into <see cref="VaeNetwork.Layers"/>) into
    /// <paramref name="gradients"/>: the sums over the first <paramref name="batchRows"/> rows propagated. Each entry is
    /// summed in row order, whatever windows the rows were propagated in. Disjoint ranges can be written by different
    /// threads.
    /// </summary>
    public void WriteWeightGradients(IMatrixMultiplier gemm, int layer, DenseLayer gradients, int batchRows, Range inputRows, Range outputColumns)
    {
        int inputs = gradients.InputSize;
        int width = gradients.OutputSize;
        (int firstRow, int rowCount) = inputRows.GetOffsetAndLength(inputs);
        (int firstColumn, int columnCount) = outputColumns.GetOffsetAndLength(width);
        Span<float> weights = gradients.Weights.AsSpan(gradients.WeightRows(inputRows));
        Span<float> bias = gradients.Bias.AsSpan(firstColumn, columnCount);
        if (batchRows == 0)
        {
            weights.Clear();
            bias.Clear();
            return;
        }

        ReadOnlySpan<float> input = LayerInput(layer)[..(batchRows * inputs)];
        ReadOnlySpan<float> outputGradient = OutputGradient(layer, 0, batchRows);
        gemm.Multiply(true, false, rowCount, width, batchRows, input[firstRow..], inputs, outputGradient, width, accumulate: false, weights, width);
        outputGradient.Slice(firstColumn, columnCount).CopyTo(bias);
        for (int r = 1; r < batchRows; r++)
        {
            TensorPrimitives.Add(bias, outputGradient.Slice((r * width) + firstColumn, columnCount), bias);
        }
    }

    /// <summary>The input layer <paramref name="layer"/> saw in the last pass: features, a hidden output or the latent code.</summary>
    private ReadOnlySpan<float> LayerInput(int layer) =>
        layer == 0 ? Pass.Input
        : layer < _encoderLayers ? Pass.EncoderHidden[layer - 1]
        : layer == _encoderLayers ? Pass.Latent
        : Pass.DecoderHidden[layer - _encoderLayers - 1];

    /// <summary>
    /// ∂/∂μ = β·μ/B + ∂L/∂z and ∂/∂log σ² = β·½(σ² − 1)/B + ∂L/∂z·ε·½σ (at a clamp bound only as
    /// <see cref="VaeLoss.ThroughClamp"/> passes it), written over the encoder-head layout [μ | log σ²] of
    /// <paramref name="head"/>'s rows. <paramref name="latentGradient"/> already carries the 1/B factor.
    /// </summary>
    private void EncoderHeadGradient(
        ReadOnlySpan<float> head, ReadOnlySpan<float> latentGradient, ReadOnlySpan<float> noise, int rows, float klScale, Span<float> destination)
    {
        int latent = _network.LatentDimension;
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
                destination[row + latent + k] = VaeLoss.ThroughClamp(
                    logVar, VaeNetwork.LatentLogVarMin, VaeNetwork.LatentLogVarMax, klScale * 0.5f * (sigma * sigma - 1f) + dz * noise[r * latent + k] * 0.5f * sigma);
            }
        }
    }

    /// <summary>
    /// Back-propagates the gradient at the output of layer <paramref name="top"/> down to the output of layer
    /// <paramref name="bottom"/>, through the activations between them, for <paramref name="rows"/> rows starting at
    /// <paramref name="firstRow"/>, and on into <paramref name="inputGradient"/> (the gradient with respect to
    /// <paramref name="bottom"/>'s input) unless that is empty.
    /// </summary>
    private void BackwardThrough(IMatrixMultiplier gemm, int bottom, int top, int firstRow, int rows, Span<float> inputGradient)
    {
        for (int i = top; i >= bottom; i--)
        {
            DenseLayer layer = _network.Layers[i];
            Span<float> destination = i > bottom ? OutputGradient(i - 1, firstRow, rows) : inputGradient;
            if (destination.IsEmpty)
            {
                return;
            }

            gemm.Multiply(false, true, rows, layer.InputSize, layer.OutputSize, OutputGradient(i, firstRow, rows), layer.OutputSize, layer.Weights, layer.OutputSize, accumulate: false, destination, layer.InputSize);
            if (i > bottom)
            {
                ReadOnlySpan<float> output = LayerInput(i).Slice(firstRow * layer.InputSize, destination.Length);
                Span<float> scratch = ForwardPass.Rows(Pass.Scratch, Pass.ScratchWidth, firstRow, rows);
                Activations.Backward(_network.Activation, _network.LeakyReluSlope, output, destination, scratch);
            }
        }
    }

    /// <summary>Rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="rows"/>) of ∂L/∂(output of layer <paramref name="layer"/>).</summary>
    private Span<float> OutputGradient(int layer, int firstRow, int rows) =>
        ForwardPass.Rows(_outputGradients[layer], _network.Layers[layer].OutputSize, firstRow, rows);
}
