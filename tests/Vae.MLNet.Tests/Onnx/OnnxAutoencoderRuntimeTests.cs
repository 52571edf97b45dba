using Vae.MLNet.Model;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>Runs the exported autoencoder graph in ONNX Runtime and compares every output with the engine.</summary>
[TestClass]
public sealed class OnnxAutoencoderRuntimeTests
{
    private const float MatrixTolerance = 1e-5f;
    private const float RowTolerance = 1e-4f;

    public static IEnumerable<object[]> Cases =>
        from likelihood in Enum.GetValues<VaeLikelihood>()
        from activation in Enum.GetValues<VaeActivation>()
        from rows in new[] { 1, 7, 1000 }
        select new object[] { likelihood, activation, rows };

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void OnnxRuntimeScoresLikeTheEngine(VaeLikelihood likelihood, VaeActivation activation, int rows)
    {
        // Scaling alternates with the batch size so both paths run at more than one batch size.
        var testCase = new OnnxTestCase(likelihood, activation, HiddenLayers: 2, Scaled: rows != 7);
        VaeNetwork network = testCase.CreateNetwork(seed: rows);
        OnnxTestCase.SaturateSomeLogVarianceColumns(network);
        VaeModel model = testCase.CreateModel(network, testCase.CreateScaling(seed: rows));
        var random = new Random(rows);
        float[] features = Enumerable.Range(0, rows * OnnxTestCase.InputDimension).Select(_ => (float)((random.NextDouble() * 3) - 1)).ToArray();
        EngineAutoencoder expected = EngineAutoencoder.Run(model, features, rows);
        (string Name, float[] Values, float Tolerance)[] outputs = expected.Outputs(MatrixTolerance, RowTolerance).ToArray();
        float[][] actual = outputs.Select(o => Enumerable.Repeat(float.NaN, o.Values.Length).ToArray()).ToArray();

        using var session = new OnnxSession(model.ExportOnnx().Autoencoder);
        session.Run(
            rows,
            [new OnnxInput("Features", features)],
            outputs.Select((o, i) => new OnnxOutput(o.Name, actual[i])).ToArray());

        Assert.AreEqual(outputs.Length, session.Outputs.Count, "the graph has outputs the engine does not");
        for (int i = 0; i < outputs.Length; i++)
        {
            EngineAutoencoder.AssertClose(outputs[i].Values, actual[i], outputs[i].Tolerance, outputs[i].Name);
        }
    }
}
