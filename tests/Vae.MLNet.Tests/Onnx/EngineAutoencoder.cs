using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// What the autoencoder graph must compute, from the engine itself: <see cref="VaeModel"/>'s Encode and Decode for the
/// matrices, and a <see cref="ForwardPass"/> with z = μ fed to <see cref="VaeLoss"/> for the per-row terms, the way
/// evaluation computes them.
/// </summary>
internal sealed record EngineAutoencoder(
    float[] LatentMean,
    float[] LatentLogVar,
    float[] Reconstruction,
    float[]? ReconstructionLogVar,
    float[] ReconstructionError,
    float[] AnomalyScore)
{
    public static EngineAutoencoder Run(VaeModel model, float[] features, int rows)
    {
        VaeNetwork network = model.Network;
        int d = network.InputDimension;
        int k = network.LatentDimension;
        var mean = new float[rows * k];
        var logVar = new float[rows * k];
        var reconstruction = new float[rows * d];
        float[]? reconstructionLogVar = network.HasReconstructionLogVar ? new float[rows * d] : null;
        model.Encode(features, mean, logVar);
        model.Decode(mean, reconstruction, reconstructionLogVar);

        var pass = new ForwardPass(network, rows);
        Span<float> input = pass.Input.AsSpan(0, rows * d);
        features.CopyTo(input);
        model.Scaling?.Apply(input);
        var gemm = new ManagedMatrixMultiplier(threads: 1);
        pass.Encode(gemm, input, 0, rows);
        pass.UseLatentMeans(rows);
        pass.Decode(gemm, 0, rows);
        var error = new float[rows];
        var kl = new float[rows];
        VaeLoss.Reconstruction(network, input, pass.DecoderHead, rows, error, default, 0f, pass.Scratch);
        VaeLoss.KullbackLeibler(pass.EncoderHead, rows, k, kl);
        float[] score = error.Zip(kl, (e, q) => e + q).ToArray();
        return new EngineAutoencoder(mean, logVar, reconstruction, reconstructionLogVar, error, score);
    }

    /// <summary>The outputs by their default graph names, in graph output order.</summary>
    public IEnumerable<(string Name, float[] Values, float Tolerance)> Outputs(float matrixTolerance, float rowTolerance)
    {
        yield return (nameof(LatentMean), LatentMean, matrixTolerance);
        yield return (nameof(LatentLogVar), LatentLogVar, matrixTolerance);
        yield return (nameof(Reconstruction), Reconstruction, matrixTolerance);
        if (ReconstructionLogVar is not null)
        {
            yield return (nameof(ReconstructionLogVar), ReconstructionLogVar, matrixTolerance);
        }

        yield return (nameof(ReconstructionError), ReconstructionError, rowTolerance);
        yield return (nameof(AnomalyScore), AnomalyScore, rowTolerance);
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ tolerance·max(1, |expected|): relative for the large sums, absolute near zero where
    /// a relative bound means nothing.
    /// </summary>
    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (int i = 0; i < expected.Length; i++)
        {
            float bound = tolerance * MathF.Max(1f, MathF.Abs(expected[i]));
            Assert.IsTrue(MathF.Abs(actual[i] - expected[i]) <= bound, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (allowed ±{bound:G3})");
        }
    }
}
