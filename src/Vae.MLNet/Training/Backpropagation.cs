using System.Numerics.Tensors;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Training;

/// <summary>
/// One training step's forward and backward pass: the gradient of the batch mean of recon + β·KL with respect to every
/// weight, through the reparameterization z = μ + exp(½ log σ²)·ε. All buffers are allocated once for
/// <see cref="ForwardPass.Capacity"/> rows.
/// </summary>
internal sealed class Backpropagation
{
    private readonly VaeNetwork _network;
    private readonly float[] _upstream;
    private readonly float[] _downstream;
    private readonly float[] _rowReconstruction;
    private readonly float[] _rowKl;
    private readonly float[] _latentGradient;

    public Backpropagation(VaeNetwork network, int capacity)
    {
        _network = network;
        Pass = new ForwardPass(network, capacity);
        Gradients = network.Clone();
        _upstream = new float[capacity * network.MaxWidth];
        _downstream = new float[capacity * network.MaxWidth];
        _rowReconstruction = new float[capacity];
        _rowKl = new float[capacity];
        _latentGradient = new float[capacity * network.LatentDimension];
    }

    public ForwardPass Pass { get; }

    /// <summary>∂loss/∂weights, laid out as a network of the same shape (its weights are the gradients).</summary>
    public VaeNetwork Gradients { get; }

    /// <summary>
    /// Runs the step on <paramref name="rows"/> rows of scaled features with reparameterization noise
    /// <paramref name="noise"/>, leaving the gradients in <see cref="Gradients"/>. Returns the sums over these rows of
    /// the reconstruction and KL terms. The gradients are of the loss summed over these rows and divided by
    /// <paramref name="batchRows"/> (default: <paramref name="rows"/>), so shards of one batch add up to its mean.
    /// </summary>
    public (double Reconstruction, double KullbackLeibler) Run(
        IMatrixMultiplier gemm,
        ReadOnlySpan<float> features,
        ReadOnlySpan<float> noise,
        int rows,
        float beta,
        int? batchRows = null)
    {
        ForwardPass pass = Pass;
        pass.Encode(gemm, features, rows);
        pass.SampleLatent(noise, rows);
        pass.Decode(gemm, rows);

        float scale = 1f / (batchRows ?? rows);
        Span<float> headGradient = _upstream.AsSpan(0, rows * _network.DecoderOutputWidth);
        VaeLoss.Reconstruction(_network, features, pass.DecoderHead, rows, _rowReconstruction, headGradient, scale, pass.Scratch);
        VaeLoss.KullbackLeibler(pass.EncoderHead, rows, _network.LatentDimension, _rowKl);

        Span<float> latentGradient = _latentGradient.AsSpan(0, rows * _network.LatentDimension);
        BackwardThrough(gemm, _network.DecoderHidden, Gradients.DecoderHidden, _network.DecoderHead, Gradients.DecoderHead,
            pass.Latent, pass.DecoderHidden, rows, needInputGradient: true).CopyTo(latentGradient);
        Span<float> encoderHeadGradient = _upstream.AsSpan(0, rows * 2 * _network.LatentDimension);
        EncoderHeadGradient(latentGradient, noise, rows, scale * beta, encoderHeadGradient);
        BackwardThrough(gemm, _network.EncoderHidden, Gradients.EncoderHidden, _network.EncoderHead, Gradients.EncoderHead,
            features, pass.EncoderHidden, rows, needInputGradient: false);

        return (TensorPrimitives.Sum<float>(_rowReconstruction.AsSpan(0, rows)), TensorPrimitives.Sum<float>(_rowKl.AsSpan(0, rows)));
    }

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
    /// Back-propagates the gradient held in <see cref="_upstream"/> (with respect to the head's output) through the head
    /// and the hidden layers below it, writing weight gradients, and returns the gradient with respect to the stack's
    /// input when <paramref name="needInputGradient"/> is set (the first layer's input gradient is skipped otherwise).
    /// </summary>
    private Span<float> BackwardThrough(
        IMatrixMultiplier gemm,
        DenseLayer[] hidden,
        DenseLayer[] hiddenGradients,
        DenseLayer head,
        DenseLayer headGradients,
        ReadOnlySpan<float> stackInput,
        float[][] hiddenOutputs,
        int rows,
        bool needInputGradient)
    {
        float[] upstream = _upstream;
        float[] downstream = _downstream;
        for (int i = hidden.Length; i >= 0; i--)
        {
            DenseLayer layer = i == hidden.Length ? head : hidden[i];
            DenseLayer gradients = i == hidden.Length ? headGradients : hiddenGradients[i];
            ReadOnlySpan<float> input = i == 0 ? stackInput[..(rows * layer.InputSize)] : hiddenOutputs[i - 1].AsSpan(0, rows * layer.InputSize);
            ReadOnlySpan<float> outputGradient = upstream.AsSpan(0, rows * layer.OutputSize);
            WeightGradients(gemm, layer, gradients, input, outputGradient, rows);
            if (i == 0 && !needInputGradient)
            {
                return default;
            }

            Span<float> inputGradient = downstream.AsSpan(0, rows * layer.InputSize);
            gemm.Multiply(false, true, rows, layer.InputSize, layer.OutputSize, 1f, outputGradient, layer.OutputSize, layer.Weights, layer.OutputSize, 0f, inputGradient, layer.InputSize);
            if (i > 0)
            {
                Activations.Backward(_network.Activation, _network.LeakyReluSlope, input, inputGradient, Pass.Scratch);
            }

            (upstream, downstream) = (downstream, upstream);
        }

        return upstream.AsSpan(0, rows * _network.LatentDimension);
    }

    private static void WeightGradients(IMatrixMultiplier gemm, DenseLayer layer, DenseLayer gradients, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int rows)
    {
        int width = layer.OutputSize;
        gemm.Multiply(true, false, layer.InputSize, width, rows, 1f, input, layer.InputSize, outputGradient, width, 0f, gradients.Weights, width);
        Span<float> bias = gradients.Bias;
        bias.Clear();
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(bias, outputGradient.Slice(r * width, width), bias);
        }
    }
}
