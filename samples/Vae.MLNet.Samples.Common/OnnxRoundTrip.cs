using Vae.MLNet.Runtime;

namespace Vae.MLNet.Samples.Common;

/// <summary>Checks that a saved model scored by ONNX Runtime reproduces the engine that trained it.</summary>
public static class OnnxRoundTrip
{
    /// <summary>
    /// Loads the model zip at <paramref name="modelPath"/> into ONNX Runtime, reconstructs <paramref name="features"/>
    /// with it and with <paramref name="engine"/>, and returns the largest absolute difference between the two.
    /// </summary>
    public static float MaxReconstructionDifference(string modelPath, VaeModel engine, float[] features)
    {
        using VaeOnnxModel onnx = VaeOnnxModel.Load(modelPath);
        var fromOnnx = new float[features.Length];
        var fromEngine = new float[features.Length];
        onnx.Reconstruct(features, fromOnnx);
        engine.Reconstruct(features, fromEngine);

        float largest = 0f;
        for (int i = 0; i < features.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(fromOnnx[i] - fromEngine[i]));
        }

        return largest;
    }
}
