using Vae.MLNet.Model;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// Evaluates the exported graphs with an independent numpy interpreter and compares them with the naive C# reference,
/// so a wrong operator, attribute, constant or wiring shows as a numeric difference.
/// </summary>
[TestClass]
public sealed class OnnxNumericTests
{
    private const int Rows = 4;
    private const float Tolerance = 1e-5f;

    [TestMethod]
    public void ExportedGraphsComputeWhatTheNetworkMeans()
    {
        PythonOnnx.RequireAvailable();
        using var directory = new TempDirectory();
        var expectations = new List<(string File, float[][] Expected)>();
        var random = new Random(7);
        OnnxTensorNames names = OnnxTensorNames.Default;
        foreach (OnnxTestCase testCase in OnnxTestCase.All)
        {
            VaeNetwork network = testCase.CreateNetwork(seed: 2);
            OnnxTestCase.SaturateSomeLogVarianceColumns(network);
            FeatureScaling? scaling = testCase.CreateScaling(seed: 2);
            string encoder = Path.Combine(directory.Path, testCase.Label + ".encoder");
            string decoder = Path.Combine(directory.Path, testCase.Label + ".decoder");
            File.WriteAllBytes(encoder + ".onnx", OnnxExporter.ExportEncoder(network, scaling, testCase.ScalingKind));
            File.WriteAllBytes(decoder + ".onnx", OnnxExporter.ExportDecoder(network, scaling, testCase.ScalingKind));

            float[][] features = RandomRows(random, OnnxTestCase.InputDimension, -1.0, 2.0);
            OnnxCsv.Write(encoder + ".input.csv", features);
            var encoded = features.Select(row => ReferenceVae.Encode(network, scaling, row)).ToArray();
            expectations.Add(($"{encoder}.{names.LatentMean}.csv", encoded.Select(e => e.Mean).ToArray()));
            expectations.Add(($"{encoder}.{names.LatentLogVar}.csv", encoded.Select(e => e.LogVar).ToArray()));

            float[][] latent = RandomRows(random, OnnxTestCase.LatentDimension, -3.0, 3.0);
            OnnxCsv.Write(decoder + ".input.csv", latent);
            var decoded = latent.Select(row => ReferenceVae.Decode(network, scaling, row)).ToArray();
            expectations.Add(($"{decoder}.{names.Reconstruction}.csv", decoded.Select(d => d.Reconstruction).ToArray()));
            if (network.HasReconstructionLogVar)
            {
                expectations.Add(($"{decoder}.{names.ReconstructionLogVar}.csv", decoded.Select(d => d.LogVar!).ToArray()));
            }
        }

        (int exitCode, string output) = PythonOnnx.RunScript("eval_graph.py", directory.Path);
        Assert.AreEqual(0, exitCode, output);

        foreach ((string file, float[][] expected) in expectations)
        {
            Assert.IsTrue(File.Exists(file), $"The evaluator wrote no {Path.GetFileName(file)}; the graph lacks that output.");
            float[][] actual = OnnxCsv.Read(file);
            Assert.AreEqual(expected.Length, actual.Length, file);
            for (int r = 0; r < expected.Length; r++)
            {
                Assert.AreEqual(expected[r].Length, actual[r].Length, file);
                for (int c = 0; c < expected[r].Length; c++)
                {
                    Assert.AreEqual(expected[r][c], actual[r][c], Tolerance, $"{Path.GetFileName(file)} row {r} column {c}");
                }
            }
        }
    }

    private static float[][] RandomRows(Random random, int width, double min, double max) =>
        Enumerable.Range(0, Rows)
            .Select(_ => Enumerable.Range(0, width).Select(_ => (float)(min + (random.NextDouble() * (max - min)))).ToArray())
            .ToArray();
}
