using Vae.MLNet.Runtime;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// The outputs of every <see cref="ScoringCall"/> on up to <c>batch</c> rows of one model, allocated once, so that the
/// calls a benchmark times allocate nothing.
/// </summary>
internal sealed class ScoringBuffers(VaeOnnxModel scorer, int batch)
{
    private readonly float[] _mean = new float[batch * scorer.LatentDimension];
    private readonly float[] _logVariance = new float[batch * scorer.LatentDimension];
    private readonly float[] _reconstruction = new float[batch * scorer.InputDimension];
    private readonly float[] _reconstructionError = new float[batch];
    private readonly float[] _anomalyScore = new float[batch];

    /// <summary>Scores <paramref name="rows"/>, <c>batch</c> rows of features, through <paramref name="call"/>.</summary>
    public void Score(ScoringCall call, ReadOnlySpan<float> rows)
    {
        switch (call)
        {
            case ScoringCall.EncodeDecode:
                scorer.Encode(rows, _mean, _logVariance);
                scorer.Decode(_mean, _reconstruction);
                break;
            case ScoringCall.Transform:
                scorer.Transform(rows, _mean, _logVariance, _reconstruction, default, default);
                break;
            case ScoringCall.ScoreRows:
                scorer.ScoreRows(rows, _reconstructionError, _anomalyScore);
                break;
            case ScoringCall.TransformWithScores:
                scorer.Transform(rows, _mean, _logVariance, _reconstruction, _reconstructionError, _anomalyScore);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(call), call, null);
        }
    }
}
