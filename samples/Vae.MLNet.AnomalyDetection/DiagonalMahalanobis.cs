namespace Vae.MLNet.AnomalyDetection;

/// <summary>
/// The baseline: how far a row lies from the training rows' mean, feature by feature, in standard deviations — the sum
/// of squared z-scores, i.e. the Mahalanobis distance² with a diagonal covariance. It ignores how features move together.
/// </summary>
internal sealed class DiagonalMahalanobis
{
    private readonly double[] _mean;
    private readonly double[] _std;

    private DiagonalMahalanobis(double[] mean, double[] std) => (_mean, _std) = (mean, std);

    /// <summary>Learns each feature's mean and standard deviation from row-major training rows.</summary>
    public static DiagonalMahalanobis Fit(float[] rows, int featureCount)
    {
        int n = rows.Length / featureCount;
        var mean = new double[featureCount];
        var std = new double[featureCount];
        for (int j = 0; j < featureCount; j++)
        {
            double sum = 0, squares = 0;
            for (int r = 0; r < n; r++)
            {
                double v = rows[(r * featureCount) + j];
                sum += v;
                squares += v * v;
            }

            mean[j] = sum / n;
            // A constant feature would divide by zero; treat it as having unit spread.
            double variance = (squares / n) - (mean[j] * mean[j]);
            std[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        return new DiagonalMahalanobis(mean, std);
    }

    /// <summary>The score of each row: Σⱼ ((xⱼ − meanⱼ) / stdⱼ)².</summary>
    public float[] Score(float[] rows)
    {
        int d = _mean.Length;
        var scores = new float[rows.Length / d];
        for (int r = 0; r < scores.Length; r++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                double z = (rows[(r * d) + j] - _mean[j]) / _std[j];
                sum += z * z;
            }

            scores[r] = (float)sum;
        }

        return scores;
    }
}
