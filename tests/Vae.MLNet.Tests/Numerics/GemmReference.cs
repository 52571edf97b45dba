namespace Vae.MLNet.Tests.Numerics;

/// <summary>Naive double-precision GEMM and random operands, the yardstick the backends are tested against.</summary>
internal static class GemmReference
{
    public static float[] Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, float[] a, int lda, float[] b, int ldb, bool accumulate, float[] c, int ldc)
    {
        float[] result = (float[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transposeA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double y = transposeB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += x * y;
                }

                double prior = accumulate ? c[(i * ldc) + j] : 0;
                result[(i * ldc) + j] = (float)(sum + prior);
            }
        }

        return result;
    }

    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Length of a row-major rows×columns matrix with the given stride, as the contract requires it.</summary>
    public static int Length(int rows, int columns, int stride) => rows == 0 || columns == 0 ? 0 : ((rows - 1) * stride) + columns;

    /// <summary>
    /// Largest error relative to the size of the terms summed: |got − want| / (Σ|a||b| + |c| when accumulating + tiny), which stays
    /// meaningful where cancellation makes the result itself small.
    /// </summary>
    public static double MaxRelativeError(
        bool transposeA, bool transposeB, int m, int n, int k, float[] a, int lda, float[] b, int ldb, bool accumulate, float[] c, int ldc, float[] want, float[] got)
    {
        double worst = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double scale = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transposeA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double y = transposeB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    scale += Math.Abs(x * y);
                }

                scale += (accumulate ? Math.Abs(c[(i * ldc) + j]) : 0) + 1e-30;
                int index = (i * ldc) + j;
                double error = Math.Abs((double)got[index] - want[index]) / scale;
                if (double.IsNaN(error))
                {
                    return double.PositiveInfinity;
                }

                worst = Math.Max(worst, error);
            }
        }

        return worst;
    }
}
