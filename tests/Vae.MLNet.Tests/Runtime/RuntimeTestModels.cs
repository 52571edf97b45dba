using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

/// <summary>The ONNX files written by TestData/Runtime/make_models.py.</summary>
internal static class RuntimeTestModels
{
    public const string GemmRelu = "gemm_relu.onnx";
    public const string TwoInTwoOut = "two_in_two_out.onnx";
    public const string FixedBatch = "fixed_batch.onnx";
    public const string Int64Input = "int64_input.onnx";
    public const string Int64Output = "int64_output.onnx";

    public static byte[] Bytes(string fileName) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Runtime", fileName));

    public static OnnxSession Open(string fileName) => new(Bytes(fileName));

    /// <summary>Deterministic inputs spanning both signs, so Relu clips some outputs and passes others.</summary>
    public static float[] Inputs(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 4 - 2);
        }

        return values;
    }
}
