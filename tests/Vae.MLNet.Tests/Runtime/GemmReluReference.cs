namespace Vae.MLNet.Tests.Runtime;

/// <summary>gemm_relu.onnx computed in C#: y = Relu(x · W + B) with the weights make_models.py writes.</summary>
internal static class GemmReluReference
{
    public const int InputWidth = 4;
    public const int OutputWidth = 3;

    private static readonly float[,] W =
    {
        { 0.5f, -1.0f, 0.25f },
        { 1.0f, 0.5f, -0.5f },
        { -0.25f, 0.75f, 1.0f },
        { 0.1f, -0.2f, 0.3f },
    };

    private static readonly float[] B = [0.1f, -0.2f, 0.05f];

    public static float[] Compute(float[] x, int rows)
    {
        var y = new float[rows * OutputWidth];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < OutputWidth; j++)
            {
                double sum = B[j];
                for (int i = 0; i < InputWidth; i++)
                {
                    sum += (double)x[(r * InputWidth) + i] * W[i, j];
                }

                y[(r * OutputWidth) + j] = (float)Math.Max(0, sum);
            }
        }

        return y;
    }

    public static void AssertClose(float[] expected, float[] actual)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-5f, $"element {i}");
        }
    }
}
