using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// A deliberately naive forward pass straight from the documented meaning of <see cref="VaeNetwork"/> and
/// <see cref="FeatureScaling"/>, one row at a time, as the oracle the exported graphs are compared with.
/// </summary>
internal static class ReferenceVae
{
    public static (float[] Mean, float[] LogVar) Encode(VaeNetwork network, FeatureScaling? scaling, float[] features)
    {
        float[] x = (float[])features.Clone();
        if (scaling is not null)
        {
            for (int j = 0; j < x.Length; j++)
            {
                x[j] = (x[j] - scaling.Offset[j]) * scaling.Scale[j];
                if (scaling.ClipsToUnitInterval)
                {
                    x[j] = Math.Clamp(x[j], 0f, 1f);
                }
            }
        }

        x = Hidden(network, network.EncoderHidden, x);
        float[] head = Dense(network.EncoderHead, x);
        int k = network.LatentDimension;
        float[] logVar = head[k..].Select(v => Math.Clamp(v, VaeNetwork.LatentLogVarMin, VaeNetwork.LatentLogVarMax)).ToArray();
        return (head[..k], logVar);
    }

    public static (float[] Reconstruction, float[]? LogVar) Decode(VaeNetwork network, FeatureScaling? scaling, float[] latent)
    {
        float[] head = Dense(network.DecoderHead, Hidden(network, network.DecoderHidden, latent));
        int d = network.InputDimension;
        float[] mean = head[..d];
        float[]? logVar = network.HasReconstructionLogVar
            ? head[d..].Select(v => Math.Clamp(v, VaeNetwork.ReconstructionLogVarMin, VaeNetwork.ReconstructionLogVarMax)).ToArray()
            : null;
        if (network.Likelihood == VaeLikelihood.Bernoulli)
        {
            mean = mean.Select(v => 1f / (1f + MathF.Exp(-v))).ToArray();
        }

        // A categorical column's probabilities are the softmax of its logits, and its log-variances 0.
        foreach (FeatureRun group in network.Categories.Groups)
        {
            double[] exponentials = head[group.First..(group.First + group.Count)].Select(v => Math.Exp(v)).ToArray();
            for (int c = 0; c < group.Count; c++)
            {
                mean[group.First + c] = (float)(exponentials[c] / exponentials.Sum());
                logVar?[group.First + c] = 0f;
            }
        }

        if (scaling is not null)
        {
            for (int j = 0; j < d; j++)
            {
                mean[j] = (mean[j] / scaling.Scale[j]) + scaling.Offset[j];
                if (logVar is not null)
                {
                    logVar[j] -= 2f * MathF.Log(scaling.Scale[j]);
                }
            }
        }

        return (mean, logVar);
    }

    private static float[] Hidden(VaeNetwork network, DenseLayer[] layers, float[] x)
    {
        foreach (DenseLayer layer in layers)
        {
            x = Dense(layer, x).Select(v => Activate(network, v)).ToArray();
        }

        return x;
    }

    private static float[] Dense(DenseLayer layer, float[] x)
    {
        var y = new float[layer.OutputSize];
        for (int o = 0; o < layer.OutputSize; o++)
        {
            double sum = layer.Bias[o];
            for (int i = 0; i < layer.InputSize; i++)
            {
                sum += (double)x[i] * layer.Weights[(i * layer.OutputSize) + o];
            }

            y[o] = (float)sum;
        }

        return y;
    }

    private static float Activate(VaeNetwork network, float v) => network.Activation switch
    {
        VaeActivation.Relu => MathF.Max(v, 0f),
        VaeActivation.Tanh => MathF.Tanh(v),
        VaeActivation.Softplus => (float)Math.Log(1 + Math.Exp(v)),
        VaeActivation.LeakyRelu => v > 0 ? v : network.LeakyReluSlope * v,
        _ => throw new ArgumentOutOfRangeException(nameof(network)),
    };
}
