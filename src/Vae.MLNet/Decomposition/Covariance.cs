using System.Numerics.Tensors;
using Vae.MLNet.Data;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Decomposition;

/// <summary>The sample covariance of a dataset's features, accumulated chunk by chunk as Xcᵀ·Xc products.</summary>
internal static class Covariance
{
    /// <summary>
    /// Feature means and the D×D covariance Σ (x − mean)(x − mean)ᵀ / (rows − 1), row-major. Rows are centred before
    /// the product, which avoids the cancellation of E[xxᵀ] − mean·meanᵀ; chunk products are summed in double.
    /// </summary>
    public static (double[] Mean, double[] Matrix) Compute(VaeDataset data, IMatrixMultiplier gemm)
    {
        int d = data.FeatureCount;
        double[] mean = FeatureStatistics.Compute(data).Mean;
        float[] centre = mean.Select(m => (float)m).ToArray();
        var matrix = new double[d * d];
        var chunkProduct = new float[d * d];
        data.ForEachChunk((_, chunk) =>
        {
            int rows = chunk.Length / d;
            for (int i = 0; i < rows; i++)
            {
                Span<float> row = chunk.Slice(i * d, d);
                TensorPrimitives.Subtract(row, centre, row);
            }

            gemm.Multiply(
                transposeA: true,
                transposeB: false,
                m: d,
                n: d,
                k: rows,
                alpha: 1f,
                a: chunk,
                lda: d,
                b: chunk,
                ldb: d,
                beta: 0f,
                c: chunkProduct,
                ldc: d);
            for (int i = 0; i < matrix.Length; i++)
            {
                matrix[i] += chunkProduct[i];
            }
        });

        // The rows were centred on the mean rounded to float32. What rounding left, δ = mean − centre, adds n·δδᵀ to the
        // sum of products; for a feature whose offset dwarfs its spread that is as large as its whole variance, so it is
        // taken back out.
        double rows = data.RowCount;
        double[] delta = mean.Select((m, j) => m - centre[j]).ToArray();
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                matrix[(i * d) + j] -= rows * delta[i] * delta[j];
            }
        }

        TensorPrimitives.Multiply(matrix, 1.0 / (data.RowCount - 1), matrix);
        return (mean, matrix);
    }
}
