using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Vae.MLNet.IO;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Persistence;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Scoring;

namespace Vae.MLNet.Tests.Persistence;

[TestClass]
public sealed class ModelZipRoundTripTests
{
    public static IEnumerable<object[]> AllKinds => ScoringTestModels.AllKinds;

    // A constant is compiled into its callers, who would then go on reading the version of the library they were built
    // against after the library they run with writes another.
    [TestMethod]
    public void TheCurrentFormatVersionIsReadFromTheLibraryNotCompiledIntoCallers()
    {
        byte[] zip = ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 1));

        Assert.IsFalse(typeof(VaeModelManifest).GetField(nameof(VaeModelManifest.CurrentFormatVersion))!.IsLiteral);
        Assert.AreEqual(VaeModelManifest.CurrentFormatVersion, (int)JsonNode.Parse(ModelZip.Entries(zip)["manifest.json"])!["formatVersion"]!);
    }

    [TestMethod]
    [DynamicData(nameof(AllKinds))]
    public void LoadedModelScoresBitForBitLikeTheSavedOne(VaeLikelihood likelihood, VaeActivation activation, bool scaled)
    {
        VaeModel saved = ScoringTestModels.Create(likelihood, activation, scaled, seed: 21);
        byte[] zip = ModelZip.Save(saved);
        VaeModel loaded = ModelZip.Load(zip);

        int rows = 33;
        int d = saved.InputDimension;
        int k = saved.LatentDimension;
        float[] features = ScoringTestModels.Rows(rows, d, seed: 5, low: -1f, high: 2f);
        foreach (VaeModel model in new[] { saved, loaded })
        {
            Assert.AreEqual(d, model.InputDimension);
        }

        float[][] outputs = [.. new[] { saved, loaded }.SelectMany(m =>
        {
            var (mean, logVar, reconstruction) = (new float[rows * k], new float[rows * k], new float[rows * d]);
            m.Encode(features, mean, logVar);
            m.Reconstruct(features, reconstruction);
            return new[] { mean, logVar, reconstruction };
        })];
        for (int i = 0; i < 3; i++)
        {
            CollectionAssert.AreEqual(outputs[i], outputs[i + 3], $"output {i} differs after the round trip");
        }

        CollectionAssert.AreEqual(zip, ModelZip.Save(loaded), "saving the loaded model must give the same bytes, manifest included");
    }

    [TestMethod]
    [DataRow(VaeLikelihood.Gaussian, 3000, 1, DisplayName = "3 000 categorical columns")]
    [DataRow(VaeLikelihood.GaussianLearnedVariance, 1, 100_000, DisplayName = "100 000 numeric features and a categorical column")]
    public void AModelWithManyCategoricalRunsLoadsAsSaved(VaeLikelihood likelihood, int columns, int numericFeatures)
    {
        // The loss of a model with categories reads its features through index constants and a few nodes per column,
        // which the size the loader allows each graph must leave room for.
        int d = numericFeatures + (2 * columns);
        VaeCategoricalFeature[] categorical = [.. Enumerable.Range(0, columns).Select(c => new VaeCategoricalFeature($"c{c}", numericFeatures + (2 * c), ["a", "b"]))];
        CategoricalGroups groups = CategoricalGroups.Of(categorical, d);
        var options = new VaeOptions
        {
            HiddenLayerSizes = columns > 1 ? [8] : [],
            LatentDimension = 1,
            Likelihood = likelihood,
            InputScaling = VaeInputScaling.Standardize,
            NumberOfThreads = 1,
        };
        VaeNetwork network = VaeNetwork.Create(options, d, new Random(3), groups);
        var scaling = new FeatureScaling([.. Enumerable.Repeat(0.5f, d)], [.. Enumerable.Repeat(2f, d)]).Leaving(groups);
        var saved = new VaeModel(network, scaling, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null, categoricalFeatures: categorical);

        byte[] zip = ModelZip.Save(saved);
        VaeModel loaded = ModelZip.Load(zip);

        CollectionAssert.AreEqual(zip, ModelZip.Save(loaded));
        Assert.AreEqual(columns, loaded.CategoricalFeatures!.Count);
    }

    [TestMethod]
    public void JsonEntriesAnEditorSavedWithAByteOrderMarkStillLoad()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Softplus, scaled: true, seed: 1);
        byte[] zip = ModelZip.Save(model);
        Dictionary<string, byte[]> entries = ModelZip.Entries(zip);
        foreach (string json in new[] { "manifest.json", "feature-ranges.json" })
        {
            entries[json] = [0xEF, 0xBB, 0xBF, .. entries[json]];
        }

        VaeModel loaded = ModelZip.Load(ModelZip.Build(entries));

        CollectionAssert.AreEqual(zip, ModelZip.Save(loaded), "the marks are read past, and the model saves as it was");
    }

    [TestMethod]
    public void ManifestRecordsTheModelAndItsTrainingWithoutATimestamp()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Softplus, scaled: true, seed: 1);
        byte[] zip = ModelZip.Save(model);
        Dictionary<string, byte[]> entries = ModelZip.Entries(zip);
        CollectionAssert.AreEquivalent(new[] { "manifest.json", "encoder.onnx", "decoder.onnx", "autoencoder.onnx", "feature-ranges.json" }, entries.Keys.ToArray());

        string text = Encoding.UTF8.GetString(entries["manifest.json"]);
        Assert.DoesNotContain("\r", text);
        StringAssert.StartsWith(text, "{\n  \"formatVersion\": 1,");
        JsonObject manifest = JsonNode.Parse(text)!.AsObject();
        Assert.AreEqual("Vae.MLNet", (string?)manifest["library"]!["name"]);
        Assert.AreEqual(9, (int)manifest["inputDimension"]!);
        Assert.AreEqual("GaussianLearnedVariance", (string?)manifest["likelihood"]);
        Assert.AreEqual("Standardize", (string?)manifest["options"]!["inputScaling"]);
        Assert.AreEqual("LatentLogVar", (string?)manifest["tensorNames"]!["latentLogVar"]);
        Assert.AreEqual("decoder.onnx", (string?)manifest["graphs"]!["decoder"]);
        Assert.AreEqual("feature-ranges.json", (string?)manifest["featureRangesFile"]);
        Assert.AreEqual(2, (int)manifest["history"]!["bestEpoch"]!);
        Assert.AreEqual(13.0625, (double)manifest["history"]!["epochs"]![0]!["validationLoss"]!);
        Assert.IsFalse(text.Contains("created", StringComparison.OrdinalIgnoreCase) || text.Contains(DateTime.UtcNow.Year.ToString(), StringComparison.Ordinal));

        VaeModel loaded = ModelZip.Load(zip);
        Assert.AreEqual(model.History.Epochs.Count, loaded.History.Epochs.Count);
        Assert.AreEqual(model.History.Epochs[1], loaded.History.Epochs[1]);
        Assert.IsTrue(loaded.History.StoppedEarly);
        Assert.AreEqual(model.Options.Seed, loaded.Options.Seed);
        CollectionAssert.AreEqual(model.Options.DecoderHiddenLayerSizes, loaded.Options.DecoderHiddenLayerSizes);
    }

    [TestMethod]
    public void SavingTwiceWritesTheSameBytesAndTheZipLoadsIntoOnnxRuntime()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: true, seed: 3);
        byte[] first = ModelZip.Save(model);
        CollectionAssert.AreEqual(first, ModelZip.Save(model));

        // A new file and an empty stream take the zip directly; a stream that cannot seek, or already holds data, a copy.
        string path = Path.Combine(Path.GetTempPath(), $"vae-mlnet-same-bytes-{Guid.NewGuid():N}.zip");
        var afterData = new MemoryStream();
        afterData.Write([1, 2, 3]);
        var unseekable = new UnseekableSink();
        try
        {
            model.Save(path);
            model.Save(afterData);
            model.Save(unseekable);
            CollectionAssert.AreEqual(first, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }

        CollectionAssert.AreEqual(first, afterData.ToArray()[3..]);
        CollectionAssert.AreEqual(first, unseekable.Written.ToArray());

        using VaeOnnxModel onnx = VaeOnnxModel.Load(new MemoryStream(first));
        using VaeOnnxModel direct = VaeOnnxModel.FromModel(model);
        CollectionAssert.AreEqual(ManifestJson.Serialize(direct.Manifest), ManifestJson.Serialize(onnx.Manifest));
        float[] features = ScoringTestModels.Rows(5, model.InputDimension, seed: 9);
        var (expected, actual) = (new float[features.Length], new float[features.Length]);
        model.Reconstruct(features, expected);
        onnx.Reconstruct(features, actual);
        VaeOnnxModelScoringTests.AssertClose(expected, actual, relative: true, "reconstructions from the zip");
    }

    [TestMethod]
    [DataRow(VaeLikelihood.Bernoulli)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance)]
    public void AZipWithGraphsInAnOlderFormLoadsAndSavesInTheCurrentForm(VaeLikelihood likelihood)
    {
        VaeModel model = ScoringTestModels.Create(likelihood, VaeActivation.Softplus, scaled: true, seed: 4);
        byte[] current = ModelZip.Save(model);
        (VaeNetwork network, FeatureScaling? scaling, VaeInputScaling kind, OnnxTensorNames names) =
            (model.Network, model.Scaling, model.Options.InputScaling, OnnxTensorNames.Default);
        foreach (OnnxGraphForm form in Enum.GetValues<OnnxGraphForm>().Where(form => form != OnnxGraphForm.Current))
        {
            Dictionary<string, byte[]> entries = ModelZip.Entries(current);
            entries["encoder.onnx"] = OnnxExporter.BuildEncoder(network, scaling, kind, names, form).ToByteArray();
            entries["decoder.onnx"] = OnnxExporter.BuildDecoder(network, scaling, kind, names, form).ToByteArray();
            entries["autoencoder.onnx"] = OnnxExporter.BuildAutoencoder(network, scaling, kind, names, form: form).ToByteArray();
            byte[] older = ModelZip.Build(entries);
            CollectionAssert.AreNotEqual(current, older, form.ToString());

            using VaeOnnxModel onnx = VaeOnnxModel.Load(new MemoryStream(older));
            using var resaved = new MemoryStream();
            onnx.Save(resaved);

            CollectionAssert.AreEqual(current, resaved.ToArray(), form.ToString());
        }
    }

    /// <summary>
    /// The threads and kernel that decided a model's weights are kept with its history; a zip saved before they were
    /// recorded, or with its manifest's members for them left out, loads with neither.
    /// </summary>
    [TestMethod]
    public void TheThreadsAndKernelThatTrainedAModelAreSavedAndAZipWithoutThemLoads()
    {
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 24 * 5).Select(i => i % 11 / 11f)], 5);
        VaeModel trained = new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 1, NumberOfThreads = 1 }).Fit(data);
        byte[] zip = ModelZip.Save(trained);

        VaeTrainingHistory loaded = ModelZip.Load(zip).History;
        Assert.AreEqual(1, loaded.NumberOfThreadsUsed);
        Assert.IsNotNull(trained.History.GemmKernel);
        Assert.AreEqual(trained.History.GemmKernel, loaded.GemmKernel);

        VaeTrainingHistory without = ModelZip.Load(ModelZip.EditManifest(zip, m =>
        {
            JsonObject history = m["history"]!.AsObject();
            Assert.IsTrue(history.Remove("numberOfThreadsUsed") && history.Remove("gemmKernel"));
        })).History;
        VaeTrainingHistory older = VaeModel.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "Persistence", "without-unit-clip.zip")).History;
        foreach (VaeTrainingHistory unrecorded in new[] { without, older })
        {
            Assert.IsNull(unrecorded.NumberOfThreadsUsed);
            Assert.IsNull(unrecorded.GemmKernel);
        }

        Assert.AreEqual(trained.History.GemmBackend, without.GemmBackend);
    }

    /// <summary>
    /// The validation loss early stopping kept a model's weights by is kept with its history; a zip saved before it was
    /// recorded loads with none beside its best epoch, whose report may hold an earlier run's measurement.
    /// </summary>
    [TestMethod]
    public void TheValidationLossTheWeightsWereKeptByIsSavedAndAZipWithoutItLoadsWithNone()
    {
        var random = new Random(5);
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 48 * 5).Select(_ => (float)random.NextDouble())], 5);
        var options = new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 30, LearningRate = 0.05f, ValidationFraction = 0.25f, EarlyStoppingPatience = 1, NumberOfThreads = 1 };
        VaeModel trained = new VaeTrainer(options).Fit(data);
        byte[] zip = ModelZip.Save(trained);

        Assert.IsNotNull(trained.History.BestValidationLoss);
        Assert.AreEqual(trained.History.BestValidationLoss, ModelZip.Load(zip).History.BestValidationLoss);

        VaeTrainingHistory without = ModelZip.Load(ModelZip.EditManifest(zip, m => Assert.IsTrue(m["history"]!.AsObject().Remove("bestValidationLoss")))).History;
        VaeTrainingHistory older = VaeModel.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "Persistence", "every-manifest-member.zip")).History;
        foreach (VaeTrainingHistory unrecorded in new[] { without, older })
        {
            Assert.IsNotNull(unrecorded.BestEpoch);
            Assert.IsNull(unrecorded.BestValidationLoss);
        }
    }

    /// <summary>
    /// A model of a run that stopped before it completed keeps that mark when saved; a finished model's manifest leaves
    /// the member out, and a zip saved before interruptions were recorded loads as not interrupted.
    /// </summary>
    [TestMethod]
    public void AnInterruptedRunsMarkIsSavedAndAZipWithoutItLoadsAsNotInterrupted()
    {
        var random = new Random(5);
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 16 * 5).Select(_ => (float)random.NextDouble())], 5);
        var options = new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 5, NumberOfThreads = 1 };
        using var cancellation = new CancellationTokenSource();
        VaeModel interrupted = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(options).Fit(data, new Training.TrainerTests.OnEpoch(1, cancellation.Cancel), cancellation.Token)).LastCompletedModel;
        byte[] zip = ModelZip.Save(interrupted);

        Assert.IsTrue((bool)JsonNode.Parse(ModelZip.Entries(zip)["manifest.json"])!["history"]!["interrupted"]!);
        Assert.IsTrue(ModelZip.Load(zip).History.Interrupted);

        VaeModel finished = new VaeTrainer(options).Fit(data);
        Assert.IsNull(JsonNode.Parse(ModelZip.Entries(ModelZip.Save(finished))["manifest.json"])!["history"]!["interrupted"], "left out when false");
        VaeTrainingHistory without = ModelZip.Load(ModelZip.EditManifest(zip, m => Assert.IsTrue(m["history"]!.AsObject().Remove("interrupted")))).History;
        VaeTrainingHistory older = VaeModel.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "Persistence", "every-manifest-member.zip")).History;
        Assert.IsFalse(without.Interrupted);
        Assert.IsFalse(older.Interrupted);
    }

    /// <summary>
    /// Where each run began is saved with the history; a zip saved before runs were recorded loads with them unknown.
    /// </summary>
    [TestMethod]
    public void TheRunsFirstEpochsAreSavedAndAZipWithoutThemLoadsWithThemUnknown()
    {
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 16 * 5).Select(i => i % 9 / 9f)], 5);
        var options = new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 2, NumberOfThreads = 1 };
        VaeModel continued = new VaeTrainer(options).Fit(data, new VaeTrainer(options).Fit(data));
        byte[] zip = ModelZip.Save(continued);

        Assert.AreEqual("[1,3]", JsonNode.Parse(ModelZip.Entries(zip)["manifest.json"])!["history"]!["runStartEpochs"]!.ToJsonString());
        CollectionAssert.AreEqual(new[] { 1, 3 }, ModelZip.Load(zip).History.RunStartEpochs!.ToArray());

        VaeTrainingHistory without = ModelZip.Load(ModelZip.EditManifest(zip, m => Assert.IsTrue(m["history"]!.AsObject().Remove("runStartEpochs")))).History;
        VaeTrainingHistory older = VaeModel.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "Persistence", "every-manifest-member.zip")).History;
        Assert.IsNull(without.RunStartEpochs);
        Assert.IsNull(older.RunStartEpochs);
    }

    /// <summary>
    /// A zip whose manifest holds every member, optional ones too (TestData/Persistence/README.md names the build that
    /// wrote it): its manifest and feature ranges, read and written again, come out byte for byte as that build wrote
    /// them, with the same members, order, escapes and numbers.
    /// </summary>
    [TestMethod]
    public void TheJsonOfAZipWithEveryManifestMemberIsWrittenAgainByteForByte()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "Persistence", "every-manifest-member.zip");
        Dictionary<string, byte[]> entries = ModelZip.Entries(File.ReadAllBytes(path));
        using FileStream file = File.OpenRead(path);

        ModelArchiveContents contents = ModelArchive.Read(file);

        CollectionAssert.AreEqual(entries["manifest.json"], ManifestJson.Serialize(contents.Manifest));
        CollectionAssert.AreEqual(entries["feature-ranges.json"], FeatureRangesJson.Serialize(contents.Model.FeatureRanges!));
    }

    /// <summary>Zips that older builds wrote, one per older form (TestData/Persistence/README.md names the builds).</summary>
    [TestMethod]
    [DataRow("score-named-negative-elbo.zip")]
    [DataRow("without-unit-clip.zip")]
    [DataRow("softplus-activation-operator.zip")]
    [DataRow("softplus-operator.zip")]
    public void AZipAnOlderBuildWroteLoadsScoresAndSavesInTheCurrentForm(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "Persistence", fileName);

        VaeModel model = VaeModel.Load(path);
        using VaeOnnxModel onnx = VaeOnnxModel.Load(path);

        float[] features = ScoringTestModels.Rows(7, model.InputDimension, seed: 3, low: 0f, high: 16f);
        var (expected, actual) = (new float[features.Length], new float[features.Length]);
        model.Reconstruct(features, expected);
        onnx.Reconstruct(features, actual);
        VaeOnnxModelScoringTests.AssertClose(expected, actual, relative: true, "reconstructions of " + fileName);
        using var resaved = new MemoryStream();
        onnx.Save(resaved);
        CollectionAssert.AreEqual(ModelZip.Save(model), resaved.ToArray());
        CollectionAssert.AreNotEqual(File.ReadAllBytes(path), resaved.ToArray(), "the graphs are exported afresh");
    }

    /// <summary>
    /// Saving writes a manifest of its own making: nothing a loaded file's manifest says, such as path-like graph
    /// names or another writer's version, is copied into the zip the library writes.
    /// </summary>
    [TestMethod]
    public void SavingALoadedModelWritesTheStandardEntriesAndThisLibrarysManifest()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 8);
        byte[] current = ModelZip.Save(model);
        Dictionary<string, byte[]> entries = ModelZip.Entries(current);
        var renamed = new Dictionary<string, string>
        {
            ["encoder.onnx"] = "../../outside/encoder.onnx",
            ["decoder.onnx"] = "/etc/decoder.onnx",
            ["autoencoder.onnx"] = "sub\\autoencoder.onnx",
        };
        JsonObject manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
        manifest["library"]!["version"] = "0.0.1-elsewhere";
        var rewritten = new Dictionary<string, byte[]>();
        foreach ((string standard, string oddName) in renamed)
        {
            manifest["graphs"]![standard.Replace(".onnx", string.Empty, StringComparison.Ordinal)] = oddName;
            rewritten[oddName] = entries[standard];
        }

        rewritten["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());

        using VaeOnnxModel onnx = VaeOnnxModel.Load(new MemoryStream(ModelZip.Build(rewritten)));
        Assert.AreEqual("0.0.1-elsewhere", onnx.Manifest.Library.Version, "the manifest as loaded stays readable");
        using var resaved = new MemoryStream();
        onnx.Save(resaved);

        CollectionAssert.AreEqual(current, resaved.ToArray());
    }

    [TestMethod]
    public void SaveToPathIsAtomicAndLeavesNothingBehind()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "model.zip");
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Tanh, scaled: false, seed: 4);
        File.WriteAllText(path, "old content");

        model.Save(path);

        CollectionAssert.AreEqual(new[] { "model.zip" }, Directory.GetFiles(directory.Path).Select(Path.GetFileName).ToArray());
        CollectionAssert.AreEqual(ModelZip.Save(model), File.ReadAllBytes(path));
        using VaeOnnxModel onnx = VaeOnnxModel.Load(path);
        Assert.AreEqual(model.LatentDimension, onnx.LatentDimension);
        Assert.AreEqual(model.LatentDimension, VaeModel.Load(path).LatentDimension);
    }

    [TestMethod]
    public void FailedSaveLeavesTheExistingFileAndNoTemporaryFile()
    {
        using var directory = new TempDirectory();
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 5);
        string missing = Path.Combine(directory.Path, "no-such-folder", "model.zip");
        ArgumentException noFolder = Assert.ThrowsExactly<ArgumentException>(() => model.Save(missing));
        StringAssert.Contains(noFolder.Message, "does not exist");

        string existing = Path.Combine(directory.Path, "model.zip");
        File.WriteAllText(existing, "keep me");
        ArgumentException fileInTheWay = Assert.ThrowsExactly<ArgumentException>(() => model.Save(Path.Combine(existing, "model.zip")));
        StringAssert.StartsWith(fileInTheWay.Message, $"'{existing}' is a file, not a directory, so '{Path.Combine(existing, "model.zip")}' cannot be written;");
        Assert.ThrowsExactly<ArgumentException>(() => model.Save(directory.Path));
        Assert.ThrowsExactly<ArgumentException>(() => model.Save(string.Empty));
        Assert.AreEqual("keep me", File.ReadAllText(existing));
        CollectionAssert.AreEqual(new[] { "model.zip" }, Directory.GetFiles(directory.Path).Select(Path.GetFileName).ToArray());
        Assert.ThrowsExactly<FileNotFoundException>(() => VaeModel.Load(missing.Replace("no-such-folder" + Path.DirectorySeparatorChar, string.Empty) + ".absent"));
    }

    [TestMethod]
    public void SaveToAStreamRefusesOneThatCannotBeWrittenAndWritesNothing()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 6);
        var readOnly = new MemoryStream(new byte[16], writable: false);
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() => model.Save(readOnly));
        Assert.AreEqual("stream", refused.ParamName);
        Assert.AreEqual(0, readOnly.Position);
        Assert.ThrowsExactly<ArgumentNullException>(() => model.Save((Stream)null!));
    }

    [TestMethod]
    public void SaveWritesThroughASymbolicLinkAndRefusesAReadOnlyFile()
    {
        using var directory = new TempDirectory();
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 6);
        string target = Path.Combine(directory.Path, "target.zip");
        File.WriteAllText(target, "old content");
        string link = Path.Combine(directory.Path, "link.zip");
        File.CreateSymbolicLink(link, target);
        string readOnly = Path.Combine(directory.Path, "read-only.zip");
        File.WriteAllText(readOnly, "kept");
        File.SetAttributes(readOnly, FileAttributes.ReadOnly);

        model.Save(link);

        Assert.IsNotNull(new FileInfo(link).LinkTarget, "the link is still a link");
        CollectionAssert.AreEqual(model.Network.DecoderHead.Weights, VaeModel.Load(target).Network.DecoderHead.Weights);
        if (File.GetAttributes(readOnly).HasFlag(FileAttributes.ReadOnly))
        {
            Assert.ThrowsExactly<UnauthorizedAccessException>(() => model.Save(readOnly));
            Assert.AreEqual("kept", File.ReadAllText(readOnly));
        }
    }

    [TestMethod]
    public void LoadReadsTheStreamFromItsPositionToItsEndAsOneZipAndLeavesItAtItsEnd()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 6);
        byte[] zip = ModelZip.Save(model);
        using var stream = new MemoryStream();
        stream.Write(new byte[100]);
        model.Save(stream);

        var atStart = new MemoryStream(zip);
        stream.Position = 100;
        var unseekable = new UnseekableStream(zip);

        foreach (Stream source in new[] { atStart, stream, unseekable })
        {
            VaeModel loaded = VaeModel.Load(source);

            CollectionAssert.AreEqual(model.Network.DecoderHead.Weights, loaded.Network.DecoderHead.Weights);
            Assert.AreEqual(-1, source.ReadByte(), "the stream should be left at its end");
        }

        var forOnnx = new MemoryStream(zip);
        using VaeOnnxModel onnx = VaeOnnxModel.Load(forOnnx);
        Assert.AreEqual(zip.Length, forOnnx.Position);
        var writeOnly = new WriteOnlyStream();
        Assert.AreEqual("stream", Assert.ThrowsExactly<ArgumentException>(() => VaeModel.Load(writeOnly)).ParamName);
    }

    [TestMethod]
    public void LoadingAStreamLeftAtItsEndAfterSavingSaysToRewindIt()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 5);
        var stream = new MemoryStream();
        model.Save(stream);

        var error = Assert.ThrowsExactly<ArgumentException>(() => VaeModel.Load(stream));

        Assert.AreEqual("stream", error.ParamName);
        StringAssert.Contains(error.Message, $"The stream is at its end (position {stream.Length} of {stream.Length}), so no model zip follows; after saving to a stream, set its Position back");
        stream.Position = 0;
        Assert.AreEqual(model.InputDimension, VaeModel.Load(stream).InputDimension);
    }

    [TestMethod]
    public void AStreamHoldingMoreThanTheZipFromItsPositionIsRefusedWhateverFollows()
    {
        byte[] zip = ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 6));
        byte[] other = ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Tanh, scaled: true, seed: 7));

        // A second copy of the same zip used to load the first, a different one to fail, and trailing zeros to load.
        byte[][] streams = [[.. zip, .. zip], [.. zip, .. other], [.. zip, .. new byte[100]], [.. new byte[100], .. zip]];
        foreach (byte[] bytes in streams)
        {
            VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(bytes));

            Assert.AreEqual("archive", error.ModelPart);
            StringAssert.Contains(error.Message, "the stream must hold the zip alone, from its position to its end");
        }
    }

    [TestMethod]
    public void AModelSavedOverALargerOneWithoutTruncatingIsRefusedForTheOlderBytesAfterIt()
    {
        using var folder = new TempDirectory();
        string path = folder.Write("model.zip", ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Tanh, scaled: true, seed: 3, wide: true)));
        long older = new FileInfo(path).Length;
        VaeModel newer = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 4);
        long newerLength = ModelZip.Save(newer).Length;
        using (FileStream file = File.OpenWrite(path))
        {
            newer.Save(file);
        }

        // Both loaders read the zip through ModelArchive.Read.
        foreach (Action load in new Action[] { () => VaeModel.Load(path), () => VaeOnnxModel.Load(path).Dispose() })
        {
            VaeModelFormatException error = Assert.ThrowsExactly<VaeModelFormatException>(load);

            StringAssert.Contains(error.Message, $"holds a complete model zip that ends at byte {newerLength}, followed by {older - newerLength} bytes of older data");
            StringAssert.Contains(error.Message, "FileMode.Create");
        }

        Assert.AreEqual(older, new FileInfo(path).Length, "loading must leave the file as it is");
        using (FileStream file = File.OpenWrite(path))
        {
            file.SetLength(newerLength);
        }

        Assert.AreEqual(newer.Options.Likelihood, VaeModel.Load(path).Options.Likelihood, "cut where the message says, the file must hold the newer model");
    }

    [TestMethod]
    public void TrainedModelRoundTripsAndTrainsFurtherFromOnnxRuntime()
    {
        float[] features = ScoringTestModels.Rows(64, 6, seed: 8);
        VaeDataset data = VaeDataset.FromArray(features, 6);
        var options = new VaeOptions
        {
            HiddenLayerSizes = [5],
            LatentDimension = 2,
            Epochs = 2,
            BatchSize = 16,
            ValidationFraction = 0.25f,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
            Seed = 3,
        };
        VaeModel trained = new VaeTrainer(options).Fit(data);

        // A checkpoint, whose optimizer state goes on as the original's does: from the plain zip Adam starts afresh.
        using var zip = new MemoryStream();
        trained.SaveCheckpoint(zip);
        zip.Position = 0;
        using VaeOnnxModel onnx = VaeOnnxModel.Load(zip);

        VaeModel continued = new VaeTrainer(options).Fit(data, onnx.ToTrainableModel());
        VaeModel continuedFromOriginal = new VaeTrainer(options).Fit(data, trained);

        Assert.HasCount(4, continued.History.Epochs);
        Assert.AreEqual(trained.History.Epochs[1], continued.History.Epochs[1]);
        var (expected, actual) = (new float[features.Length], new float[features.Length]);
        continuedFromOriginal.Reconstruct(features, expected);
        continued.Reconstruct(features, actual);
        CollectionAssert.AreEqual(expected, actual, "training from the loaded model must take the same steps as from the original");
    }

    /// <summary>
    /// Beside a megabyte for its structure, a graph entry may hold the weights and other numbers the manifest's
    /// architecture implies, so these models are loaded only if each layer is counted from the one before it, the
    /// learned variance doubles the decoder's outputs, and a scaled graph holds three vectors per feature.
    /// </summary>
    [TestMethod]
    [DataRow(1024, new[] { 400, 400 }, 2, false)]
    [DataRow(200_000, new[] { 1 }, 1, true)]
    public void ModelsWhoseNumbersFarOutweighTheRoomForStructureLoad(int features, int[] hidden, int latent, bool scaled)
    {
        var options = new VaeOptions
        {
            HiddenLayerSizes = hidden,
            LatentDimension = latent,
            Likelihood = VaeLikelihood.GaussianLearnedVariance,
            InputScaling = scaled ? VaeInputScaling.Standardize : VaeInputScaling.None,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        };
        VaeNetwork network = VaeNetwork.Create(options, features, new Random(1));
        FeatureScaling? scaling = scaled ? new FeatureScaling(new float[features], Enumerable.Repeat(0.5f, features).ToArray()) : null;
        var model = new VaeModel(network, scaling, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);

        VaeModel loaded = ModelZip.Load(ModelZip.Save(model));

        CollectionAssert.AreEqual(network.DecoderHead.Weights, loaded.Network.DecoderHead.Weights);
    }

    [TestMethod]
    public void ADecoderMirroringTheEncoderIsSavedAsMirroringNotAsLayersOfItsOwn()
    {
        // The options as the model was trained with: without decoder sizes of its own, the decoder mirrors the encoder.
        var options = new VaeOptions { HiddenLayerSizes = [8, 5], LatentDimension = 2, Gemm = GemmBackend.Managed, NumberOfThreads = 1 };
        var model = new VaeModel(VaeNetwork.Create(options, 6, new Random(1)), null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);

        byte[] zip = ModelZip.Save(model);
        JsonObject saved = JsonNode.Parse(ModelZip.Entries(zip)["manifest.json"])!["options"]!.AsObject();

        Assert.IsTrue(saved.ContainsKey("decoderHiddenLayerSizes"));
        Assert.IsNull(saved["decoderHiddenLayerSizes"]);
        Assert.IsNull(ModelZip.Load(zip).Options.DecoderHiddenLayerSizes);
        CollectionAssert.AreEqual(new[] { 5, 8 }, ModelZip.Load(zip).Network.DecoderHidden.Select(l => l.OutputSize).ToArray());
    }

    /// <summary>A stream that only takes writes, as a pipe or a network response does.</summary>
    private sealed class UnseekableSink : ForwardWriteStream
    {
        public MemoryStream Written { get; } = new();

        public override void Flush()
        {
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Written.Write(buffer);
    }

    private sealed class WriteOnlyStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}
