using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// Evaluates the autoencoder graph with the independent numpy interpreter and compares every output with the engine:
/// a wrong loss formula, a loss read from probabilities instead of logits or from unscaled features, or a decoder fed
/// something other than μ shows as a difference.
/// </summary>
[TestClass]
public sealed class OnnxAutoencoderNumericTests
{
    private const int Rows = 6;
    private const float MatrixTolerance = 1e-5f;
    private const float RowTolerance = 1e-4f;

    [TestMethod]
    public void TheAutoencoderGraphComputesWhatTheEngineComputes()
    {
        PythonOnnx.RequireAvailable();
        using var directory = new TempDirectory();
        var expectations = new List<(string Stem, EngineAutoencoder Expected)>();
        var random = new Random(11);
        foreach (OnnxTestCase testCase in OnnxTestCase.All)
        {
            VaeNetwork network = testCase.CreateNetwork(seed: 12);
            OnnxTestCase.SaturateSomeLogVarianceColumns(network);
            FeatureScaling? scaling = testCase.CreateScaling(seed: 12);
            VaeModel model = testCase.CreateModel(network, scaling);
            string stem = Path.Combine(directory.Path, testCase.Label + ".autoencoder");
            File.WriteAllBytes(stem + ".onnx", model.ExportOnnx().Autoencoder);

            float[][] features = Enumerable.Range(0, Rows)
                .Select(_ => Enumerable.Range(0, OnnxTestCase.InputDimension).Select(_ => (float)((random.NextDouble() * 3) - 1)).ToArray())
                .ToArray();
            OnnxCsv.Write(stem + ".input.csv", features);
            expectations.Add((stem, EngineAutoencoder.Run(model, features.SelectMany(r => r).ToArray(), Rows)));
        }

        (int exitCode, string output) = PythonOnnx.RunScript("eval_graph.py", directory.Path);
        Assert.AreEqual(0, exitCode, output);

        foreach ((string stem, EngineAutoencoder expected) in expectations)
        {
            foreach ((string name, float[] values, float tolerance) in expected.Outputs(MatrixTolerance, RowTolerance))
            {
                string file = $"{stem}.{name}.csv";
                Assert.IsTrue(File.Exists(file), $"The evaluator wrote no {Path.GetFileName(file)}; the graph lacks that output.");
                EngineAutoencoder.AssertClose(values, OnnxCsv.Read(file).SelectMany(r => r).ToArray(), tolerance, Path.GetFileName(file));
            }

            string[] written = Directory.GetFiles(directory.Path, Path.GetFileName(stem) + ".*.csv");
            Assert.AreEqual(expected.Outputs(0f, 0f).Count() + 1, written.Length, $"{stem}: the graph has outputs the engine does not");
        }
    }
}
