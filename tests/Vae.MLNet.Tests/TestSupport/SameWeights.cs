using Vae.MLNet.Model;

namespace Vae.MLNet.Tests;

/// <summary>Bit-for-bit comparison of two models' weights, layer by layer.</summary>
internal static class SameWeights
{
    /// <summary>Asserts that <paramref name="actual"/> holds exactly <paramref name="expected"/>'s weights and biases.</summary>
    public static void Assert(VaeModel expected, VaeModel actual)
    {
        foreach ((DenseLayer a, DenseLayer b) in expected.Network.Layers.Zip(actual.Network.Layers))
        {
            CollectionAssert.AreEqual(a.Weights, b.Weights);
            CollectionAssert.AreEqual(a.Bias, b.Bias);
        }
    }
}
