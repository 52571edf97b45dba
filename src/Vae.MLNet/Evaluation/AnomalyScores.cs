using System.Numerics.Tensors;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Evaluation;

/// <summary>
/// Per-row anomaly scores with z = μ: the reconstruction term and the whole loss (reconstruction plus KL) exactly as
/// <see cref="VaeLoss"/> defines them (scaled features, likelihood constants left out), so they match the loss the model
/// was trained on and the scores an exported ONNX graph computes.
/// </summary>
internal static class AnomalyScores
{
    /// <summary>
    /// Scores row-major, finite <paramref name="features"/> (in original units; the caller checks them) through
    /// <paramref name="pass"/>, one capacity-sized chunk at a time. The destinations hold one value per row, or are
    /// empty to skip them.
    /// </summary>
    public static void Score(
        VaeNetwork network,
        FeatureScaling? scaling,
        IMatrixMultiplier gemm,
        ForwardPass pass,
        ReadOnlySpan<float> features,
        Span<float> reconstructionError,
        Span<float> anomalyScore)
    {
        int d = network.InputDimension;
        int rows = features.Length / d;
        if (reconstructionError.IsEmpty && anomalyScore.IsEmpty)
        {
            return;
        }

        float[]? skippedErrors = reconstructionError.IsEmpty ? new float[Math.Min(pass.Capacity, rows)] : null;
        float[]? skippedScores = anomalyScore.IsEmpty ? new float[Math.Min(pass.Capacity, rows)] : null;
        foreach ((int start, int n) in new RowRanges(rows, pass.Capacity))
        {
            Span<float> input = pass.Input.AsSpan(0, n * d);
            features.Slice(start * d, n * d).CopyTo(input);
            scaling?.Apply(input);
            Span<float> reconstruction = skippedErrors is null ? reconstructionError.Slice(start, n) : skippedErrors.AsSpan(0, n);
            Span<float> total = skippedScores is null ? anomalyScore.Slice(start, n) : skippedScores.AsSpan(0, n);
            pass.RowLosses(gemm, n, default, reconstruction, total);
            TensorPrimitives.Add(total, reconstruction, total);
        }
    }
}
