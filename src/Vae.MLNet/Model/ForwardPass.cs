using System.Numerics.Tensors;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Model;

/// <summary>
/// Buffers for one batch through the network and the code that fills them. Every layer's output is kept, so the same
/// pass serves scoring and, with <c>Training.Backpropagation</c>, training. Buffers are sized once for
/// <see cref="Capacity"/> rows, so a batch allocates nothing. Encoding, sampling and decoding work on a window of rows,
/// so threads can run disjoint windows of one batch and leave every layer's values for the whole batch side by side.
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
        ScratchWidth = ScratchWidthOf(network);
        Scratch = new float[capacity * ScratchWidth];
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

    /// <summary>
    /// Raw decoder head: logits or means, followed by clamped log-variances for the learned-variance Gaussian (0 for
    /// categorical features).
    /// </summary>
    public float[] DecoderHead { get; }

    /// <summary>Work space for activations and losses, <see cref="ScratchWidth"/> values per row.</summary>
    public float[] Scratch { get; }

    /// <summary>Scratch values per row: max(layer width, 2·D).</summary>
    public int ScratchWidth { get; }

    /// <summary>The <see cref="ScratchWidth"/> of a pass through <paramref name="network"/>, the widest row of its buffers.</summary>
    public static int ScratchWidthOf(VaeNetwork network) => Math.Max(network.MaxWidth, 2 * network.InputDimension);

    /// <summary>Rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of a buffer of <paramref name="width"/> values per row.</summary>
    public static Span<float> Rows(float[] buffer, int width, int first, int count) => buffer.AsSpan(first * width, count * width);

    /// <summary>
    /// Runs the encoder on <paramref name="rows"/> rows of (already scaled) features, writing rows starting at
    /// <paramref name="firstRow"/> of every encoder buffer.
    /// </summary>
    public void Encode(IMatrixMultiplier gemm, ReadOnlySpan<float> features, int firstRow, int rows)
    {
        ReadOnlySpan<float> input = features;
        for (int i = 0; i < EncoderHidden.Length; i++)
        {
            input = Hidden(gemm, Network.EncoderHidden[i], input, firstRow, rows, EncoderHidden[i]);
        }

        int latent = Network.LatentDimension;
        Span<float> head = Rows(EncoderHead, 2 * latent, firstRow, rows);
        Dense(gemm, Network.EncoderHead, input, rows, head);
        for (int r = 0; r < rows; r++)
        {
            Span<float> logVar = head.Slice(r * 2 * latent + latent, latent);
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

    /// <summary>
    /// The reparameterization z = μ + exp(½ log σ²)·ε for <paramref name="rows"/> rows starting at
    /// <paramref name="firstRow"/>, with ε given row by row for those rows.
    /// </summary>
    public void SampleLatent(ReadOnlySpan<float> noise, int firstRow, int rows)
    {
        int latent = Network.LatentDimension;
        ReadOnlySpan<float> heads = Rows(EncoderHead, 2 * latent, firstRow, rows);
        Span<float> codes = Rows(Latent, latent, firstRow, rows);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> mean = heads.Slice(r * 2 * latent, latent);
            ReadOnlySpan<float> logVar = heads.Slice(r * 2 * latent + latent, latent);
            ReadOnlySpan<float> eps = noise.Slice(r * latent, latent);
            Span<float> z = codes.Slice(r * latent, latent);
            for (int k = 0; k < latent; k++)
            {
                z[k] = mean[k] + MathF.Exp(0.5f * logVar[k]) * eps[k];
            }
        }
    }

    /// <summary>Runs the decoder on <paramref name="rows"/> rows of <see cref="Latent"/> starting at <paramref name="firstRow"/>.</summary>
    public void Decode(IMatrixMultiplier gemm, int firstRow, int rows)
    {
        ReadOnlySpan<float> input = Rows(Latent, Network.LatentDimension, firstRow, rows);
        for (int i = 0; i < DecoderHidden.Length; i++)
        {
            input = Hidden(gemm, Network.DecoderHidden[i], input, firstRow, rows, DecoderHidden[i]);
        }

        Span<float> head = Rows(DecoderHead, Network.DecoderOutputWidth, firstRow, rows);
        Dense(gemm, Network.DecoderHead, input, rows, head);
        if (Network.HasReconstructionLogVar)
        {
            int d = Network.InputDimension;
            for (int r = 0; r < rows; r++)
            {
                Span<float> logVar = head.Slice(r * 2 * d + d, d);
                TensorPrimitives.Clamp(logVar, VaeNetwork.ReconstructionLogVarMin, VaeNetwork.ReconstructionLogVarMax, logVar);
                foreach (FeatureRun group in Network.Categories.Groups)
                {
                    group.Of(logVar).Clear();
                }
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
        Encode(gemm, input, 0, rows);
        if (noise.IsEmpty)
        {
            UseLatentMeans(rows);
        }
        else
        {
            SampleLatent(noise, 0, rows);
        }

        Decode(gemm, 0, rows);
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
            a: input,
            lda: layer.InputSize,
            b: layer.Weights,
            ldb: width,
            accumulate: true,
            c: output,
            ldc: width);
    }

    private ReadOnlySpan<float> Hidden(IMatrixMultiplier gemm, DenseLayer layer, ReadOnlySpan<float> input, int firstRow, int rows, float[] output)
    {
        Span<float> values = Rows(output, layer.OutputSize, firstRow, rows);
        Dense(gemm, layer, input, rows, values);
        Activations.Forward(Network.Activation, Network.LeakyReluSlope, values, Rows(Scratch, ScratchWidth, firstRow, rows));
        return values;
    }
}
