using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Onnx;

[TestClass]
public sealed class OnnxCheckerTests
{
    [TestMethod]
    public void EveryExportedGraphPassesTheOnnxCheckerWithShapeInference()
    {
        PythonOnnx.RequireAvailable();
        using var directory = new TempDirectory();
        var files = new List<string>();
        foreach (OnnxTestCase testCase in OnnxTestCase.All)
        {
            VaeNetwork network = testCase.CreateNetwork(seed: 1);
            FeatureScaling? scaling = testCase.CreateScaling(seed: 1);
            string stem = Path.Combine(directory.Path, testCase.Label);
            File.WriteAllBytes(stem + ".encoder.onnx", OnnxExporter.ExportEncoder(network, scaling, testCase.ScalingKind));
            File.WriteAllBytes(stem + ".decoder.onnx", OnnxExporter.ExportDecoder(network, scaling, testCase.ScalingKind));
            File.WriteAllBytes(stem + ".autoencoder.onnx", OnnxExporter.ExportAutoencoder(network, scaling, testCase.ScalingKind));
            files.Add(stem + ".encoder.onnx");
            files.Add(stem + ".decoder.onnx");
            files.Add(stem + ".autoencoder.onnx");

            // The graphs a scoring model cuts a row into, on two cores.
            if (WeightParts.For(network, runs: 2) is { } parts)
            {
                File.WriteAllBytes($"{stem}.encoder_rest.onnx", OnnxExporter.ExportRestPart(network, scaling, testCase.ScalingKind, features: null));
                files.Add($"{stem}.encoder_rest.onnx");
                for (int part = 0; part < parts.Count; part++)
                {
                    File.WriteAllBytes($"{stem}.first_layer_{part}.onnx", OnnxExporter.ExportFirstLayerPart(network, scaling, testCase.ScalingKind, parts.HiddenColumns[part]));
                    File.WriteAllBytes($"{stem}.rest_{part}.onnx", OnnxExporter.ExportRestPart(network, scaling, testCase.ScalingKind, parts.DecodedFeatures[part]));
                    File.WriteAllBytes($"{stem}.loss_rest_{part}.onnx", OnnxExporter.ExportLossRestPart(network, scaling, testCase.ScalingKind, parts.DecodedFeatures[part]));
                    File.WriteAllBytes($"{stem}.decoder_{part}.onnx", OnnxExporter.ExportDecoderPart(network, scaling, testCase.ScalingKind, parts.DecodedFeatures[part]));
                    files.Add($"{stem}.first_layer_{part}.onnx");
                    files.Add($"{stem}.rest_{part}.onnx");
                    files.Add($"{stem}.loss_rest_{part}.onnx");
                    files.Add($"{stem}.decoder_{part}.onnx");
                }
            }
        }

        Assert.IsTrue(files.Any(file => file.EndsWith(".rest_1.onnx", StringComparison.Ordinal)), "some networks must be cut into parts");

        // A decoder that applies feature ranges, with some, all and no whole-number features.
        VaeModel model = Vae.MLNet.Tests.Scoring.ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Relu, scaled: true, seed: 1);
        VaeFeatureRanges some = model.FeatureRanges!;
        bool[][] wholeNumbers = [[.. some.WholeNumbers], [.. some.WholeNumbers.Select(_ => true)], [.. some.WholeNumbers.Select(_ => false)]];
        for (int i = 0; i < wholeNumbers.Length; i++)
        {
            float[] minimum = [.. some.Minimum.Select(MathF.Floor)];
            float[] maximum = [.. some.Maximum.Select(MathF.Ceiling)];
            string file = Path.Combine(directory.Path, $"ranged{i}.decoder.onnx");
            File.WriteAllBytes(file, model.ExportDecoderOnnx(new VaeFeatureRanges(minimum, maximum, wholeNumbers[i])));
            files.Add(file);
        }

        // And one whose categorical columns come out as their most likely categories.
        var categorical = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: false, Categorical: true);
        VaeModel categoricalModel = categorical.CreateModel(categorical.CreateNetwork(seed: 2), scaling: null);
        string categoricalFile = Path.Combine(directory.Path, "ranged_categorical.decoder.onnx");
        int width = OnnxTestCase.InputDimension;
        File.WriteAllBytes(
            categoricalFile,
            categoricalModel.ExportDecoderOnnx(new VaeFeatureRanges(new float[width], Enumerable.Repeat(1f, width).ToArray(), Enumerable.Repeat(true, width).ToArray())));
        files.Add(categoricalFile);

        (int exitCode, string output) = PythonOnnx.RunScript("check_models.py", [.. files]);

        Assert.AreEqual(0, exitCode, output);
    }

    [TestMethod]
    public void TheCheckerRejectsABrokenGraph()
    {
        // Guards the test above against a checker invocation that passes everything.
        PythonOnnx.RequireAvailable();
        var testCase = new OnnxTestCase(VaeLikelihood.Gaussian, VaeActivation.Relu, 1, Scaled: false);
        Vae.MLNet.Onnx.Protos.ModelProto model = OnnxExporter.BuildEncoder(
            testCase.CreateNetwork(seed: 1), null, VaeInputScaling.None, OnnxTensorNames.Default);
        model.Graph.Node[0].Input[1] = "no_such_value";
        using var directory = new TempDirectory();
        string file = Path.Combine(directory.Path, "broken.onnx");
        File.WriteAllBytes(file, Google.Protobuf.MessageExtensions.ToByteArray(model));

        (int exitCode, string output) = PythonOnnx.RunScript("check_models.py", file);

        Assert.AreEqual(1, exitCode, output);
    }
}
