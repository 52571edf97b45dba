using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Scoring;
using Vae.MLNet.Tests.Training;

namespace Vae.MLNet.Tests.Persistence;

[TestClass]
public sealed class ModelZipTensorNamesTests
{
    private static readonly OnnxTensorNames Names = new()
    {
        Features = "X",
        LatentMean = "M",
        LatentLogVar = "V",
        Latent = "Z",
        Reconstruction = "R",
        ReconstructionLogVar = "RV",
        ReconstructionError = "E",
        AnomalyScore = "S",
    };

    private static byte[] SaveNamed(VaeModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream, Names);
        return stream.ToArray();
    }

    private static string InputOf(byte[] graph) => ModelProto.Parser.ParseFrom(graph).Graph.Input.Single().Name;

    [TestMethod]
    public void AModelLoadedFromANamedZipSavesAndExportsItsNames()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Tanh, scaled: true, seed: 3);
        Assert.AreEqual(OnnxTensorNames.Default, model.TensorNames);

        byte[] named = SaveNamed(model);
        VaeModel loaded = ModelZip.Load(named);

        Assert.AreEqual(Names, loaded.TensorNames);
        CollectionAssert.AreEqual(named, ModelZip.Save(loaded), "saving the loaded model must write its names again");
        VaeOnnxGraphs graphs = loaded.ExportOnnx();
        Assert.AreEqual(Names, graphs.TensorNames);
        Assert.AreEqual("X", InputOf(graphs.Encoder));
        Assert.AreEqual("Z", InputOf(loaded.ExportDecoderOnnx(loaded.FeatureRanges!)));
        Assert.AreEqual("S", ModelProto.Parser.ParseFrom(loaded.ExportAutoencoderOnnx(VaeAutoencoderOutputs.AnomalyScore)).Graph.Output.Single().Name);
        using VaeOnnxModel scorer = VaeOnnxModel.FromModel(loaded);
        Assert.AreEqual(Names, scorer.TensorNames);
    }

    [TestMethod]
    public void TrainingFurtherKeepsTheInitialModelsNames()
    {
        var options = new VaeOptions { HiddenLayerSizes = [6], LatentDimension = 2, Epochs = 1, BatchSize = 8, Gemm = GemmBackend.Managed, NumberOfThreads = 1 };
        VaeModel initial = ModelZip.Load(SaveNamed(new VaeTrainer(options).Fit(TrainerTests.Patterns())));

        VaeModel continued = new VaeTrainer(options).Fit(TrainerTests.Patterns(), initial);

        Assert.AreEqual(Names, continued.TensorNames);
        Assert.AreEqual(Names, ModelZip.Load(ModelZip.Save(continued)).TensorNames);
    }

    [TestMethod]
    public void SavingWithUnusableNamesNamesTheArgumentAndWritesNothing()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 4);
        string path = Path.Combine(Path.GetTempPath(), $"vae-names-{Guid.NewGuid():N}.zip");

        Assert.AreEqual("names", Assert.ThrowsExactly<ArgumentNullException>(() => model.Save(path, null!)).ParamName);
        Assert.AreEqual("names", Assert.ThrowsExactly<ArgumentNullException>(() => model.Save(new MemoryStream(), null!)).ParamName);
        var repeated = Assert.ThrowsExactly<ArgumentException>(() => model.Save(path, Names with { Latent = "X" }));
        StringAssert.Contains(repeated.Message, "are both 'X'");
        Assert.IsFalse(File.Exists(path));
    }
}
