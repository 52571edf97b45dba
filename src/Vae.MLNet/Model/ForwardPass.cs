using System.Numerics.Tensors;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Model;

/// <summary>
/// Buffers for one batch through the network and the code that fills them. Every layer's output is kept, so the same
/// pass serves scoring and, with <c>Training.Backpropagation</c>, training. Buffers are sized once for
/// <see cref="Capacity"/> rows, so a batch allocates nothing.
/// </summary>
internal sealed class ForwardPass
{
    public ForwardPass(VaeNetwork network, int capacity)
    {
        Network = network;
        Capacity = capacity;
        Input = new float[capacity * network.InputDimension];
        EncoderHidden = network.EncoderHidden.Select(l => new float[capacity * l.OutputSize]).ToArray();
        EncoderHead = new float[capacity * network.EncoderHead.OutputSize];
        Latent = new float[capacity * network.LatentDimension];
        DecoderHidden = network.DecoderHidden.Select(l => new float[capacity * l.OutputSize]).ToArray();
        DecoderHead = new float[capacity * network.DecoderOutputWidth];
        Scratch = new float[capacity * Math.Max(network.MaxWidth, 2 * network.InputDimension)];
    }

    public VaeNetwork Network { get; }

    public int Capacity { get; }

    /// <summary>Scaled input features of the batch, for callers that gather rows here before <see cref="Encode"/>.</summary>
    public float[] Input { get; }

    /// <summary>Post-activation output of each encoder hidden layer.</summary>
    public float[][] EncoderHidden { get; }

    /// <summary>Latent means (first K columns of each row) and clamped log-variances (last K).</summary>
    public float[] EncoderHead { get; }

    /// <summary>The latent codes the decoder reads.</summary>
    public float[] Latent { get; }

    /// <summary>Post-activation output of each decoder hidden layer.</summary>
    public float[][] DecoderHidden { get; }

    /// <summary>Raw decoder head: logits or means, followed by clamped log-variances for the learned-variance Gaussian.</summary>
    public float[] DecoderHead { get; }

    /// <summary>Work space for activations and losses, at least Capacity × max(layer width, 2·D).</summary>
    public float[] Scratch { get; }

    /// <summary>Runs the encoder on <paramref name="rows"/> rows of (already scaled) features.</summary>
    public void Encode(IMatrixMultiplier gemm, ReadOnlySpan<float> features, int rows)
    {
        ReadOnlySpan<float> input = features;
        for (int i = 0; i < EncoderHidden.Length; i++)
        {
            input = Hidden(gemm, Network.EncoderHidden[i], input, rows, EncoderHidden[i]);
        }

        int latent = Network.LatentDimension;
        Dense(gemm, Network.EncoderHead, input, rows, EncoderHead);
        for (int r = 0; r < rows; r++)
        {
            Span<float> logVar = EncoderHead.AsSpan(r * 2 * latent + latent, latent);
            TensorPrimitives.Clamp(logVar, VaeNetwork.LatentLogVarMin, VaeNetwork.LatentLogVarMax, logVar);
        }
    }

    /// <summary>Sets the latent codes to the posterior means, the deterministic choice for reconstruction.</summary>
    public void UseLatentMeans(int rows)
    {
        int latent = Network.LatentDimension;
        for (int r = 0; r < rows; r++)
        {
            EncoderHead.AsSpan(r * 2 * latent, latent).CopyTo(Latent.AsSpan(r * latent, latent));
        }
    }

    /// <summary>The reparameterization z = μ + exp(½ log σ²)·ε, with ε given row by row.</summary>
    public void SampleLatent(ReadOnlySpan<float> noise, int rows)
    {
        int latent = Network.LatentDimension;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> mean = EncoderHead.AsSpan(r * 2 * latent, latent);
            ReadOnlySpan<float> logVar = EncoderHead.AsSpan(r * 2 * latent + latent, latent);
            ReadOnlySpan<float> eps = noise.Slice(r * latent, latent);
            Span<float> z = Latent.AsSpan(r * latent, latent);
            for (int k = 0; k < latent; k++)
            {
                z[k] = mean[k] + MathF.Exp(0.5f * logVar[k]) * eps[k];
            }
        }
    }

    /// <summary>Runs the decoder on the first <paramref name="rows"/> rows of <see cref="Latent"/>.</summary>
    public void Decode(IMatrixMultiplier gemm, int rows)
    {
        ReadOnlySpan<float> input = Latent.AsSpan(0, rows * Network.LatentDimension);
        for (int i = 0; i < DecoderHidden.Length; i++)
        {
            input = Hidden(gemm, Network.DecoderHidden[i], input, rows, DecoderHidden[i]);
        }

        Dense(gemm, Network.DecoderHead, input, rows, DecoderHead);
        if (Network.HasReconstructionLogVar)
        {
            int d = Network.InputDimension;
            for (int r = 0; r < rows; r++)
            {
                Span<float> logVar = DecoderHead.AsSpan(r * 2 * d + d, d);
                TensorPrimitives.Clamp(logVar, VaeNetwork.ReconstructionLogVarMin, VaeNetwork.ReconstructionLogVarMax, logVar);
            }
        }
    }

    /// <summary>
    /// The two loss terms of each of the first <paramref name="rows"/> rows of <see cref="Input"/> (already scaled): encodes
    /// them, decodes z = μ — or, when <paramref name="noise"/> holds one ε per latent value, a sampled z — and writes the
    /// reconstruction term and the KL of each row.
    /// </summary>
    public void RowLosses(IMatrixMultiplier gemm, int rows, ReadOnlySpan<float> noise, Span<float> reconstruction, Span<float> kullbackLeibler)
    {
        ReadOnlySpan<float> input = Input.AsSpan(0, rows * Network.InputDimension);
        Encode(gemm, input, rows);
        if (noise.IsEmpty)
        {
            UseLatentMeans(rows);
        }
        else
        {
            SampleLatent(noise, rows);
        }

        Decode(gemm, rows);
        VaeLoss.Reconstruction(Network, input, DecoderHead, rows, reconstruction, default, 0f, Scratch);
        VaeLoss.KullbackLeibler(EncoderHead, rows, Network.LatentDimension, kullbackLeibler);
    }

    /// <summary>output = input·W + b for <paramref name="rows"/> rows.</summary>
    public static void Dense(IMatrixMultiplier gemm, DenseLayer layer, ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        int width = layer.OutputSize;
        for (int r = 0; r < rows; r++)
        {
            layer.Bias.CopyTo(output.Slice(r * width, width));
        }

        gemm.Multiply(
            transposeA: false,
            transposeB: false,
            m: rows,
            n: width,
            k: layer.InputSize,
            alpha: 1f,
            a: input,
            lda: layer.InputSize,
            b: layer.Weights,
            ldb: width,
            beta: 1f,
            c: output,
            ldc: width);
    }

    private ReadOnlySpan<float> Hidden(IMatrixMultiplier gemm, DenseLayer layer, ReadOnlySpan<float> input, int rows, float[] output)
    {
        Span<float> values = output.AsSpan(0, rows * layer.OutputSize);
        Dense(gemm, layer, input, rows, values);
        Activations.Forward(Network.Activation, Network.LeakyReluSlope, values, Scratch);
        return values;
    }
}
