using System.Numerics.Tensors;
using Vae.MLNet.Data;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Decomposition;

/// <summary>The sample covariance of a dataset's features, accumulated chunk by chunk as Xcᵀ·Xc products.</summary>
internal static class Covariance
{
    // A chunk's product sums up to 1024 rows' products of two features in float32: below 2^40 in magnitude, they stay
    // below 2^90, far from float32's 2^128; from 2^-40 up, the products of the largest stay above 2^-80, far from
    // float32's subnormals below 2^-126.
    private const int LargestUnscaledExponent = 40;

    private static readonly float LargestUnscaled = MathF.ScaleB(1f, LargestUnscaledExponent);

    private static readonly float SmallestUnscaled = MathF.ScaleB(1f, -LargestUnscaledExponent);

    /// <summary>
    /// The features' statistics, their means among them, and the D×D covariance Σ (x − mean)(x − mean)ᵀ / (rows − 1),
    /// row-major. Rows are centred before the product, which avoids the cancellation of E[xxᵀ] − mean·meanᵀ; chunk
    /// products are summed in double. A chunk holding a value of 2^40 or more, or none of 2^-40 or more but some other
    /// than zero, is scaled by the power of two that brings its largest value just below 2^40 first, and its product
    /// scaled back in double, so no finite features overflow it or underflow it.
    /// </summary>
    public static (FeatureStatistics Statistics, double[] Matrix) Compute(VaeDataset data, IMatrixMultiplier gemm)
    {
        FeatureStatistics statistics = FeatureStatistics.Compute(data);
        int d = statistics.Mean.Length;
        double[] mean = statistics.Mean;
        float[] centre = mean.Select(m => (float)m).ToArray();
        float largestCentre = TensorPrimitives.MaxMagnitude<float>(centre);
        var scaledCentre = new float[d];
        var matrix = new double[d * d];
        var chunkProduct = new float[d * d];
        data.ForEachChunk(statistics.RowCount, d, (_, chunk) =>
        {
            int rows = chunk.Length / d;
            float largest = MathF.Max(TensorPrimitives.MaxMagnitude<float>(chunk), largestCentre);
            int shift = largest == 0 || (largest >= SmallestUnscaled && largest < LargestUnscaled)
                ? 0
                : MathF.ILogB(largest) + 1 - LargestUnscaledExponent;
            float[] rowCentre = centre;
            if (shift != 0)
            {
                ScaleByPowerOfTwo(chunk, -shift, chunk);
                ScaleByPowerOfTwo(centre, -shift, scaledCentre);
                rowCentre = scaledCentre;
            }

            for (int i = 0; i < rows; i++)
            {
                Span<float> row = chunk.Slice(i * d, d);
                TensorPrimitives.Subtract(row, rowCentre, row);
            }

            gemm.Multiply(
                transposeA: true,
                transposeB: false,
                m: d,
                n: d,
                k: rows,
                a: chunk,
                lda: d,
                b: chunk,
                ldb: d,
                accumulate: false,
                c: chunkProduct,
                ldc: d);
            double unscale = Math.ScaleB(1.0, 2 * shift);
            for (int i = 0; i < matrix.Length; i++)
            {
                matrix[i] += chunkProduct[i] * unscale;
            }
        });

        // The rows were centred on the mean rounded to float32. What rounding left, δ = mean − centre, adds n·δδᵀ to the
        // sum of products; for a feature whose offset dwarfs its spread that is as large as its whole variance, so it is
        // taken back out.
        double rows = statistics.RowCount;
        double[] delta = mean.Select((m, j) => m - centre[j]).ToArray();
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                matrix[(i * d) + j] -= rows * delta[i] * delta[j];
            }
        }

        TensorPrimitives.Multiply(matrix, 1.0 / (rows - 1), matrix);
        return (statistics, matrix);
    }

    /// <summary>
    /// <paramref name="values"/> times 2^<paramref name="exponent"/>, in two halves: for subnormal features the whole
    /// factor is past float32's 2^127. Scaling up is exact; scaling down only rounds values that become subnormal.
    /// </summary>
    private static void ScaleByPowerOfTwo(ReadOnlySpan<float> values, int exponent, Span<float> destination)
    {
        TensorPrimitives.Multiply(values, MathF.ScaleB(1f, exponent / 2), destination);
        TensorPrimitives.Multiply(destination, MathF.ScaleB(1f, exponent - (exponent / 2)), destination);
    }
}
