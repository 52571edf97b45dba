namespace Vae.MLNet.Benchmarks;

/// <summary>The ways the scoring benchmark calls <see cref="Runtime.VaeOnnxModel"/>, each named in its JSON as <see cref="ScoringCalls.JsonName"/> gives.</summary>
internal enum ScoringCall
{
    /// <summary>Encode, then Decode of the latent means: two calls, a split and a join each.</summary>
    EncodeDecode,

    /// <summary>One Transform for the latent mean, log-variance and reconstruction, as VaeTransformer scores a batch.</summary>
    Transform,

    /// <summary>ScoreRows: each row's reconstruction error and anomaly score, through the autoencoder graph.</summary>
    ScoreRows,

    /// <summary>One Transform for all five outputs, the loss's among them, as VaeTransformer scores with its error and score columns.</summary>
    TransformWithScores,
}

/// <summary>Names of <see cref="ScoringCall"/> values in the benchmark's JSON.</summary>
internal static class ScoringCalls
{
    public static string JsonName(this ScoringCall call) => call switch
    {
        ScoringCall.EncodeDecode => "encode_decode",
        ScoringCall.Transform => "transform",
        ScoringCall.ScoreRows => "score_rows",
        ScoringCall.TransformWithScores => "transform_with_scores",
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
    };
}
