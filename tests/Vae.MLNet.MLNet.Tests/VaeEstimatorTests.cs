using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Data;
using Vae.MLNet.Onnx;
using Vae.MLNet.Tests;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.MLNet.Tests;

[TestClass]
public sealed class VaeEstimatorTests
{
    [TestMethod]
    public void TheSimpleOverloadTrainsWithItsArgumentsAndOtherwiseTheOptionsDefaults()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext, rows: 40);
        VaeEstimator given = mlContext.Transforms.Vae(
            "Features", latentDimension: 3, hiddenLayerSizes: [5], epochs: 2, likelihood: VaeLikelihood.Gaussian, inputScaling: VaeInputScaling.Standardize, seed: 4);
        VaeEstimator defaults = mlContext.Transforms.Vae();

        given.Fit(data).Dispose();
        defaults.Fit(data).Dispose();

        VaeOptions trained = given.TrainedModel!.Options;
        Assert.AreEqual((3, 2, VaeLikelihood.Gaussian, VaeInputScaling.Standardize, 4), (trained.LatentDimension, trained.Epochs, trained.Likelihood, trained.InputScaling, trained.Seed));
        CollectionAssert.AreEqual(new[] { 5 }, trained.HiddenLayerSizes);
        var expected = new VaeEstimator.Options();
        VaeOptions byDefault = defaults.TrainedModel!.Options;
        Assert.AreEqual(
            (expected.LatentDimension, expected.Epochs, expected.Likelihood, expected.InputScaling, expected.Seed),
            (byDefault.LatentDimension, byDefault.Epochs, byDefault.Likelihood, byDefault.InputScaling, byDefault.Seed));
        CollectionAssert.AreEqual(expected.HiddenLayerSizes, byDefault.HiddenLayerSizes);
    }

    [TestMethod]
    public void PipelineAddsTheColumnsWithTheirTypes()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());

        using OnnxTransformer transformer = estimator.Fit(data);
        DataViewSchema schema = transformer.Transform(data).Schema;

        AssertFloatVector(schema, "LatentMean", 2);
        AssertFloatVector(schema, "LatentLogVar", 2);
        AssertFloatVector(schema, "Reconstruction", 4);
        AssertFloatVector(schema, "ReconstructionError", 1);
        AssertFloatVector(schema, "AnomalyScore", 1);
        Assert.IsNull(schema.GetColumnOrNull("ReconstructionLogVar"));
        Assert.IsNotNull(estimator.TrainedModel);
        Assert.AreEqual(2, estimator.TrainedModel.LatentDimension);
    }

    [TestMethod]
    public void TheTrainedModelTakesTheFeatureColumnsSlotNamesAsItsFeatureNames()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView named = NamedFeatures(mlContext);
        VaeEstimator fromNamed = mlContext.Transforms.Vae(TestData.SmallOptions());
        VaeEstimator fromUnnamed = mlContext.Transforms.Vae(TestData.SmallOptions());

        fromNamed.Fit(named).Dispose();
        fromUnnamed.Fit(TestData.Clusters(mlContext)).Dispose();

        CollectionAssert.AreEqual(new[] { "Width", "Height", "Depth", "Mass" }, fromNamed.TrainedModel!.FeatureNames!.ToArray());
        Assert.IsNull(fromUnnamed.TrainedModel!.FeatureNames, "a vector column of a class has no slot names");
    }

    [TestMethod]
    public void ReconstructedAndGeneratedColumnsHaveTheFeatureNamesAsSlotNamesAlsoOnceSaved()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView named = NamedFeatures(mlContext);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.Likelihood = VaeLikelihood.GaussianLearnedVariance;
        options.ReconstructionLogVarColumnName = "ReconstructionLogVar";
        VaeEstimator vae = mlContext.Transforms.Vae(options);
        string[] names = ["Width", "Height", "Depth", "Mass"];

        using OnnxTransformer encoder = vae.Fit(named);
        DataViewSchema scored = encoder.GetOutputSchema(named.Schema);
        using var saved = new MemoryStream();
        mlContext.Model.Save(encoder, named.Schema, saved);
        saved.Position = 0;
        ITransformer loaded = mlContext.Model.Load(saved, out _);
        DataViewSchema scoredByLoaded = loaded.GetOutputSchema(named.Schema);
        (loaded as IDisposable)?.Dispose();
        IDataView latents = mlContext.Data.SampleVaeLatents(options.LatentDimension, rowCount: 3);
        using OnnxTransformer decoder = mlContext.Transforms.VaeDecoder(vae.TrainedModel!).Fit(latents);
        IDataView generated = decoder.Transform(latents);

        CollectionAssert.AreEqual(names, SlotNames(scored["Reconstruction"]), "Reconstruction");
        CollectionAssert.AreEqual(names, SlotNames(scored["ReconstructionLogVar"]), "ReconstructionLogVar");
        Assert.IsFalse(scored["LatentMean"].HasSlotNames(), "a latent dimension is no feature");
        CollectionAssert.AreEqual(names, SlotNames(scoredByLoaded["Reconstruction"]), "Reconstruction, saved and loaded");
        CollectionAssert.AreEqual(names, SlotNames(generated.Schema[VaeDecoderEstimator.DefaultOutputColumnName]), "generated");
        float[][] rows = [.. generated.GetColumn<float[]>(VaeDecoderEstimator.DefaultOutputColumnName)];
        Assert.HasCount(3, rows);
        Assert.IsTrue(rows.All(row => row.Length == names.Length && row.All(float.IsFinite)), "the graph with the names still decodes");
    }

    // Twelve rows of a size and a colour taken from colours in turn, the colour one-hot encoded, as the feature column.
    internal static IDataView SizeAndOneHotColour(MLContext mlContext, string[] colours)
    {
        IDataView rows = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 12).Select(i => new ColouredRow { Size = i, Colour = colours[i % 3] }).ToArray());
        return mlContext.Transforms.Categorical.OneHotEncoding("ColourOneHot", "Colour")
            .Append(mlContext.Transforms.Concatenate("Features", "Size", "ColourOneHot"))
            .Fit(rows)
            .Transform(rows);
    }

    [TestMethod]
    public void AModelOfOneHotEncodedColumnsReadsACsvFileOfItsFeatureColumnByTheSlotNames()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView features = SizeAndOneHotColour(mlContext, ["red", "green", "blue"]);
        VaeEstimator vae = mlContext.Transforms.Vae(TestData.SmallOptions());
        vae.Fit(features).Dispose();
        VaeModel model = vae.TrainedModel!;
        float[] written = [.. features.GetColumn<float[]>("Features").Take(2).SelectMany(row => row)];
        string file = $"{string.Join(',', model.FeatureNames!)}\n0,1,0,0\n1,0,1,0\n";

        VaeDataset read = CsvDatasetReader.Read(new StringReader(file), new CsvDatasetOptions { FeatureColumnNames = model.FeatureNames, Categories = model.CategoricalFeatures });

        CollectionAssert.AreEqual(written, read.ToArray(), "the feature column as the pipeline gave it");
        Assert.AreEqual(model.CategoricalFeatures!.Single(), read.CategoricalFeatures!.Single());
    }

    [TestMethod]
    public void OneHotSlotsWhoseCategoriesDifferOnlyInWhitespaceAreRefusedAsCategoricalColumns()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView features = SizeAndOneHotColour(mlContext, ["red", "red ", "blue"]);

        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Transforms.Vae(TestData.SmallOptions()).Fit(features));

        StringAssert.Contains(refused.Message, "cannot be kept as categorical columns: The categorical column at feature 1 holds \"red\" and \"red \", which are one text once the whitespace around them is taken off");
        StringAssert.Contains(refused.Message, "Set UseCategoricalSlotRanges to false to model them as numbers.");
    }

    [TestMethod]
    public void OneHotEncodedColumnsAreModelledByASoftmaxOverTheirCategories()
    {
        var mlContext = new MLContext(seed: 1);
        string[] colours = ["red", "green", "blue"];
        IDataView rows = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 120).Select(i => new ColouredRow { Size = i % 3 + (i % 7 * 0.1f), Colour = colours[i % 3] }).ToArray());
        IDataView features = mlContext.Transforms.Categorical.OneHotEncoding("ColourOneHot", "Colour")
            .Append(mlContext.Transforms.Concatenate("Features", "Size", "ColourOneHot"))
            .Fit(rows)
            .Transform(rows);
        VaeEstimator categorical = mlContext.Transforms.Vae(TestData.SmallOptions());
        VaeEstimator.Options numericOptions = TestData.SmallOptions();
        numericOptions.UseCategoricalSlotRanges = false;
        VaeEstimator numeric = mlContext.Transforms.Vae(numericOptions);

        using OnnxTransformer scorer = categorical.Fit(features);
        numeric.Fit(features).Dispose();

        VaeCategoricalFeature colour = categorical.TrainedModel!.CategoricalFeatures!.Single();
        Assert.AreEqual(1, colour.FirstFeature);
        Assert.IsNull(colour.ColumnName);
        CollectionAssert.AreEqual(colours, colour.Categories.ToArray(), "the slot names less Concatenate's 'ColourOneHot.'");
        CollectionAssert.AreEqual(new[] { "Size", "ColourOneHot.red", "ColourOneHot.green", "ColourOneHot.blue" }, categorical.TrainedModel.FeatureNames!.ToArray());
        foreach (float[] reconstruction in scorer.Transform(features).GetColumn<float[]>("Reconstruction"))
        {
            Assert.AreEqual(1f, reconstruction[1] + reconstruction[2] + reconstruction[3], 1e-5f, "the colour's probabilities, through OnnxTransformer");
        }

        Assert.IsNull(numeric.TrainedModel!.CategoricalFeatures, "with UseCategoricalSlotRanges off, the one-hot slots are numbers");

        // Generated far out in the latent space, the colour's probabilities often all lie below ½.
        IDataView latents = mlContext.Data.SampleVaeLatents(categorical.TrainedModel.LatentDimension, rowCount: 300, seed: 4, temperature: 3f);
        using OnnxTransformer plain = mlContext.Transforms.VaeDecoder(categorical.TrainedModel).Fit(latents);
        using OnnxTransformer ranged = mlContext.Transforms.VaeDecoder(categorical.TrainedModel, new VaeDecoderEstimator.Options { ApplyFeatureRanges = true }).Fit(latents);
        float[][] probabilities = [.. plain.Transform(latents).GetColumn<float[]>("Generated").Select(row => row[1..4])];
        float[][] generated = [.. ranged.Transform(latents).GetColumn<float[]>("Generated").Select(row => row[1..4])];
        for (int row = 0; row < generated.Length; row++)
        {
            int likeliest = Array.IndexOf(probabilities[row], probabilities[row].Max());
            CollectionAssert.AreEqual(
                Enumerable.Range(0, 3).Select(category => category == likeliest ? 1f : 0f).ToArray(),
                generated[row],
                $"row {row}: one colour, the likeliest of {string.Join(", ", probabilities[row])}");
        }

        Assert.IsTrue(probabilities.Any(row => row.Max() < 0.5f), "some rows have no colour above ½");
    }

    [TestMethod]
    public void EachOneHotRangeIsNamedByTheCategoriesOfItsSourceColumnDotsAndAll()
    {
        var mlContext = new MLContext(seed: 1);
        string[] colours = ["dark.red", "light.blue", "green"];
        IDataView rows = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new ColouredRow { Size = i % 4 * 0.5f, Colour = colours[i % 3] }).ToArray());
        IDataView features = mlContext.Transforms.Categorical.OneHotEncoding([new("Colour.OneHot", "Colour"), new("SizeOneHot", "Size")])
            .Append(mlContext.Transforms.Concatenate("Features", "Size", "Colour.OneHot", "SizeOneHot"))
            .Fit(rows)
            .Transform(rows);
        VBuffer<ReadOnlyMemory<char>> sizeSlots = default;
        features.Schema["SizeOneHot"].GetSlotNames(ref sizeSlots);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());

        estimator.Fit(features).Dispose();

        IReadOnlyList<VaeCategoricalFeature> ranges = estimator.TrainedModel!.CategoricalFeatures!;
        Assert.AreEqual((1, 4), (ranges[0].FirstFeature, ranges[1].FirstFeature));
        CollectionAssert.AreEqual(colours, ranges[0].Categories.ToArray(), "a column whose name and categories hold dots");
        string[] sizes = [.. sizeSlots.DenseValues().Select(slot => slot.ToString())];
        CollectionAssert.AreEqual(sizes, ranges[1].Categories.ToArray());
        Assert.IsTrue(sizes.Contains("0.5"), $"the sizes' categories hold dots too: {string.Join(", ", sizes)}");
    }

    [TestMethod]
    public void OneHotRangesKeepTheirCategoryNamesBesideSlotsWithoutNames()
    {
        var mlContext = new MLContext(seed: 1);
        string[] colours = ["red", "green", "blue"];
        IDataView rows = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 30).Select(i => new PicturedRow
        {
            Pixels = [.. Enumerable.Range(0, 4).Select(pixel => (i + pixel) % 5 * 0.25f)],
            Size = i % 4,
            Colour = colours[i % 3],
        }).ToArray());
        IDataView features = mlContext.Transforms.Categorical.OneHotEncoding("ColourOneHot", "Colour")
            .Append(mlContext.Transforms.Concatenate("Features", "Size", "Pixels", "ColourOneHot"))
            .Fit(rows)
            .Transform(rows);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());

        estimator.Fit(features).Dispose();

        VaeCategoricalFeature colour = estimator.TrainedModel!.CategoricalFeatures!.Single();
        Assert.AreEqual(5, colour.FirstFeature);
        CollectionAssert.AreEqual(colours, colour.Categories.ToArray(), "the pixels' slots have no names, the colour's have");
        Assert.IsNull(estimator.TrainedModel.FeatureNames, "the pixels cannot be named");
    }

    [TestMethod]
    public void PromisedSchemaMatchesTheColumnsMade()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        string[] outputs = ["LatentMean", "LatentLogVar", "Reconstruction", "ReconstructionError", "AnomalyScore"];

        // EstimatorChain.Fit propagates the schema through GetOutputSchema before fitting: Concatenate refuses a
        // promise that lacks one of its inputs or gives one another item type than the rest.
        var pipeline = mlContext.Transforms.Vae(TestData.SmallOptions()).Append(mlContext.Transforms.Concatenate("AllOutputs", outputs));
        var model = pipeline.Fit(data);
        DataViewSchema schema = model.Transform(data).Schema;
        (model as IDisposable)?.Dispose();

        AssertFloatVector(schema, "AllOutputs", 2 + 2 + 4 + 1 + 1);
    }

    [TestMethod]
    public void EveryColumnAFittedTransformerGivesIsOneItsEstimatorPromisedAnnotationsAndAll()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.Likelihood = VaeLikelihood.GaussianLearnedVariance;
        options.ReconstructionLogVarColumnName = "ReconstructionLogVar";

        foreach ((string features, IDataView data) in new[] { ("named features", NamedFeatures(mlContext)), ("unnamed features", TestData.Clusters(mlContext)) })
        {
            VaeEstimator vae = mlContext.Transforms.Vae(options);
            SchemaShape promised = vae.GetOutputSchema(ShapeOf(data.Schema));
            using OnnxTransformer encoder = vae.Fit(data);
            DataViewSchema scored = encoder.GetOutputSchema(data.Schema);
            IDataView latents = mlContext.Data.SampleVaeLatents(options.LatentDimension, rowCount: 2);
            VaeDecoderEstimator decoder = mlContext.Transforms.VaeDecoder(vae.TrainedModel!);
            SchemaShape promisedDecoding = decoder.GetOutputSchema(ShapeOf(latents.Schema));
            using OnnxTransformer decoding = decoder.Fit(latents);
            DataViewSchema decoded = decoding.GetOutputSchema(latents.Schema);

            bool named = features == "named features";
            Assert.AreEqual(named, scored["Reconstruction"].HasSlotNames(), features);
            Assert.AreEqual(named, decoded[VaeDecoderEstimator.DefaultOutputColumnName].HasSlotNames(), features);
            AssertKeepsThePromise(promised, ShapeOf(scored), $"VaeEstimator, {features}");
            AssertKeepsThePromise(promisedDecoding, ShapeOf(decoded), $"VaeDecoderEstimator, {features}");
        }
    }

    [TestMethod]
    public void SchemaChecksLeaveTheContextsRandomNumbersAlone()
    {
        // ShuffleRows without a seed draws from the context, so its order shows whether anything else drew before it.
        float[][] ShuffledAfterFitting(bool throughChain)
        {
            var mlContext = new MLContext(seed: 1);
            IDataView data = TestData.Clusters(mlContext, rows: 50);
            VaeEstimator vae = mlContext.Transforms.Vae(TestData.SmallOptions());
            ITransformer fitted = throughChain ? new EstimatorChain<ITransformer>().Append(vae).Fit(data) : vae.Fit(data);
            (fitted as IDisposable)?.Dispose();
            return mlContext.Data.ShuffleRows(data).GetColumn<float[]>("Features").ToArray();
        }

        AssertSameRows(ShuffledAfterFitting(throughChain: false), ShuffledAfterFitting(throughChain: true), "after a fit that checked the schema");
    }

    [TestMethod]
    public void OnnxTransformerColumnsEqualTheInProcessScores()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext, rows: 50);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        using OnnxTransformer transformer = estimator.Fit(data);
        VaeModel model = estimator.TrainedModel!;
        ScoredRow[] rows = mlContext.Data.CreateEnumerable<ScoredRow>(transformer.Transform(data), reuseRowObject: false).ToArray();

        float[] features = rows.SelectMany(row => row.Features).ToArray();
        var latentMean = new float[rows.Length * model.LatentDimension];
        var latentLogVar = new float[latentMean.Length];
        var reconstruction = new float[features.Length];
        var anomalyScore = new float[rows.Length];
        var reconstructionError = new float[rows.Length];
        model.Encode(features, latentMean, latentLogVar);
        model.Reconstruct(features, reconstruction);
        model.ScoreRows(features, reconstructionError, anomalyScore);

        AssertClose(latentMean, rows.SelectMany(row => row.LatentMean), "LatentMean");
        AssertClose(latentLogVar, rows.SelectMany(row => row.LatentLogVar), "LatentLogVar");
        AssertClose(reconstruction, rows.SelectMany(row => row.Reconstruction), "Reconstruction");
        AssertClose(reconstructionError, rows.SelectMany(row => row.ReconstructionError), "ReconstructionError");
        AssertClose(anomalyScore, rows.SelectMany(row => row.AnomalyScore), "AnomalyScore");
    }

    [TestMethod]
    public void LeftOutColumnsAreNotAdded()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.LatentLogVarColumnName = null;
        options.ReconstructionColumnName = null;
        options.ReconstructionErrorColumnName = null;
        options.AnomalyScoreColumnName = "Score";

        using OnnxTransformer transformer = mlContext.Transforms.Vae(options).Fit(data);
        DataViewSchema schema = transformer.Transform(data).Schema;

        AssertFloatVector(schema, "LatentMean", 2);
        AssertFloatVector(schema, "Score", 1);
        Assert.IsNull(schema.GetColumnOrNull("LatentLogVar"));
        Assert.IsNull(schema.GetColumnOrNull("Reconstruction"));
    }

    [TestMethod]
    public void LatentMeansFeedAClassifierOnIris()
    {
        string path = TestPaths.RequireSharedData("tabular/iris.csv");
        var mlContext = new MLContext(seed: 1);
        IDataView data = mlContext.Data.LoadFromTextFile(
            path,
            new[]
            {
                new TextLoader.Column("Features", DataKind.Single, 0, 3),
                new TextLoader.Column("Label", DataKind.Single, 4),
            },
            separatorChar: ',',
            hasHeader: true);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.Epochs = 100;

        // Standardized, sepal width weighs as much as the petal measurements that tell the species apart, and the two
        // latent dimensions kept too little of those (0.867 to 0.933 over seeds 0 to 11, seeds 3 and 6 the lowest); in
        // centimetres the petals' larger spread is what the latents keep, and every one of those seeds scores 0.96 or
        // more on each kernel.
        options.InputScaling = VaeInputScaling.None;

        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(mlContext.Transforms.Vae(options))
            .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "LabelKey", featureColumnName: "LatentMean"));
        var model = pipeline.Fit(data);
        MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(data), labelColumnName: "LabelKey");
        (model as IDisposable)?.Dispose();

        Assert.IsTrue(metrics.MicroAccuracy > 0.8, $"Accuracy on 2-D latent means was {metrics.MicroAccuracy:F3}.");
    }

    [TestMethod]
    public void SavedAndLoadedPipelineGivesIdenticalOutputs()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        using OnnxTransformer transformer = mlContext.Transforms.Vae(TestData.SmallOptions()).Fit(data);
        float[][] before = mlContext.Data.CreateEnumerable<ScoredRow>(transformer.Transform(data), reuseRowObject: false).Select(r => r.LatentMean.Concat(r.AnomalyScore).ToArray()).ToArray();

        using var stream = new MemoryStream();
        mlContext.Model.Save(transformer, data.Schema, stream);
        stream.Position = 0;
        ITransformer loaded = mlContext.Model.Load(stream, out DataViewSchema inputSchema);
        float[][] after = mlContext.Data.CreateEnumerable<ScoredRow>(loaded.Transform(data), reuseRowObject: false).Select(r => r.LatentMean.Concat(r.AnomalyScore).ToArray()).ToArray();
        (loaded as IDisposable)?.Dispose();

        Assert.IsNotNull(inputSchema.GetColumnOrNull("Features"));
        AssertSameRows(before, after, "after the round trip");
    }

    [TestMethod]
    public void ASavedPipelineGivenForAVaeModelIsToldToSaveTheTrainedModel()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        using OnnxTransformer transformer = estimator.Fit(data);
        using var pipeline = new MemoryStream();
        mlContext.Model.Save(transformer, data.Schema, pipeline);
        using var trained = new MemoryStream();
        estimator.TrainedModel!.Save(trained);

        var error = Assert.ThrowsExactly<VaeModelFormatException>(() => VaeModel.Load(new MemoryStream(pipeline.ToArray())));

        StringAssert.StartsWith(error.Message, "The zip is an ML.NET model zip, as mlContext.Model.Save writes: it holds a fitted pipeline");
        StringAssert.EndsWith(error.Message, "save one after Fit with the VaeEstimator's TrainedModel.Save(path), and give that zip.");
        Assert.AreEqual(2, VaeModel.Load(new MemoryStream(trained.ToArray())).LatentDimension, "the zip the advice names loads");
    }

    [TestMethod]
    public void AFitLeavesOneGraphFileThatThePipelineSavesFromAndThatGoesWithTheTransformer()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        CollectGarbage();

        // Other tests' files may still be waiting for their transformers' collection, so only this test's own are counted.
        string[] before = GraphFiles();
        (string[] whileFitted, long savedBytes) = FitSaveAndDrop(mlContext, data);
        string[] made = [.. whileFitted.Except(before)];
        CollectGarbage();

        Assert.HasCount(2, made, "the encoder's and the decoder's graphs, and not the pre-training check's");
        Assert.IsGreaterThan(0L, savedBytes);
        Assert.IsFalse(made.Any(File.Exists), "both deleted once their transformers were collected");

        // Not inlined, so that no reference to the transformers outlives it.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static (string[], long) FitSaveAndDrop(MLContext mlContext, IDataView data)
        {
            VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
            using OnnxTransformer encoder = estimator.Fit(data);
            IDataView latents = mlContext.Data.SampleVaeLatents(2, rowCount: 3, seed: 3, temperature: 1f);
            using OnnxTransformer decoder = mlContext.Transforms.VaeDecoder(estimator.TrainedModel!).Fit(latents);
            using var saved = new MemoryStream();
            mlContext.Model.Save(encoder, data.Schema, saved);
            return (GraphFiles(), saved.Length);
        }

        static string[] GraphFiles() => Directory.GetFiles(Path.GetTempPath(), "vae-mlnet-*.onnx");

        static void CollectGarbage()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [TestMethod]
    public void GraphFilesGoWhereTheMLContextKeepsTemporaryFiles()
    {
        string directory = Directory.CreateTempSubdirectory("vae-mlnet-temp-").FullName;
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, directory);
        try
        {
            var mlContext = new MLContext(seed: 1) { TempFilePath = relative };

            using OnnxTransformer transformer = mlContext.Transforms.Vae(TestData.SmallOptions()).Fit(TestData.Clusters(mlContext));

            Assert.AreEqual(
                Path.TrimEndingDirectorySeparator(directory),
                Path.TrimEndingDirectorySeparator(OnnxGraphFile.TemporaryDirectory(mlContext.Transforms)),
                "read from ML.NET's internals, which an upgrade may change, and made a full path");
            Assert.HasCount(1, Directory.GetFiles(directory, "vae-mlnet-*.onnx"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void AMissingTemporaryFolderIsNamedWithTheSettingThatChoseIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"vae-mlnet-missing-{Guid.NewGuid():N}");
        var mlContext = new MLContext(seed: 1) { TempFilePath = missing };
        VaeEstimator.Options options = TestData.SmallOptions();
        var progress = new SynchronousProgress<VaeEpochReport>();
        options.Progress = progress;

        var error = Assert.ThrowsExactly<DirectoryNotFoundException>(() => mlContext.Transforms.Vae(options).Fit(TestData.Clusters(mlContext)));

        StringAssert.StartsWith(error.Message, $"The folder '{missing}' does not exist.");
        StringAssert.Contains(error.Message, "MLContext.TempFilePath");
        Assert.IsEmpty(progress.Reports, "refused before training");
        Assert.IsFalse(Directory.Exists(missing));
    }

    [TestMethod]
    public void DecoderGeneratesRowsOfTheFeatureSize()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        using OnnxTransformer encoder = estimator.Fit(data);
        VaeModel model = estimator.TrainedModel!;

        IDataView latents = mlContext.Data.SampleVaeLatents(model.LatentDimension, rowCount: 5, seed: 3, temperature: 0.5f);
        using OnnxTransformer decoder = mlContext.Transforms.VaeDecoder(model).Fit(latents);
        IDataView generated = decoder.Transform(latents);

        AssertFloatVector(generated.Schema, "Generated", 4);
        float[][] rows = generated.GetColumn<float[]>("Generated").ToArray();
        Assert.HasCount(5, rows);
        Assert.IsTrue(rows.All(row => row.Length == 4 && row.All(float.IsFinite)));
    }

    [TestMethod]
    public void DecoderOptionsOverloadDecodesAsTheSimpleOneAndNamesItsProperties()
    {
        var mlContext = new MLContext(seed: 1);
        VaeModel model = TestData.SmallModel(mlContext, TestData.Clusters(mlContext));
        IDataView latents = mlContext.Data.SampleVaeLatents(model.LatentDimension, rowCount: 4, columnName: "Z", seed: 2);
        var options = new VaeDecoderEstimator.Options { LatentColumnName = "Z", OutputColumnName = "Rows" };

        VaeDecoderEstimator fromOptions = mlContext.Transforms.VaeDecoder(model, options);
        options.OutputColumnName = "Changed";
        using OnnxTransformer decoder = fromOptions.Fit(latents);
        using OnnxTransformer simple = mlContext.Transforms.VaeDecoder(model, latentColumnName: "Z", outputColumnName: "Rows").Fit(latents);

        float[][] expected = simple.Transform(latents).GetColumn<float[]>("Rows").ToArray();
        float[][] actual = decoder.Transform(latents).GetColumn<float[]>("Rows").ToArray();
        CollectionAssert.AreEqual(expected.SelectMany(row => row).ToArray(), actual.SelectMany(row => row).ToArray(), "options are copied, and decode as the simple overload's arguments do");
        Assert.AreEqual("OutputColumnName", Assert.ThrowsExactly<ArgumentException>(
            () => mlContext.Transforms.VaeDecoder(model, new VaeDecoderEstimator.Options { OutputColumnName = "Latent" })).ParamName);
        Assert.AreEqual("LatentColumnName", Assert.ThrowsExactly<ArgumentException>(
            () => mlContext.Transforms.VaeDecoder(model, new VaeDecoderEstimator.Options { LatentColumnName = " " })).ParamName);
        Assert.AreEqual("options", Assert.ThrowsExactly<ArgumentNullException>(() => mlContext.Transforms.VaeDecoder(model, (VaeDecoderEstimator.Options)null!)).ParamName);
    }

    [TestMethod]
    public void DecoderAppliesTheFeatureRangesWhenAskedAndKeepsThemThroughSaveAndLoad()
    {
        var mlContext = new MLContext(seed: 1);
        VaeModel model = TestData.SmallModel(mlContext, TestData.Counts(mlContext));
        IDataView latents = mlContext.Data.SampleVaeLatents(model.LatentDimension, rowCount: 200, seed: 3, temperature: 3f);

        using OnnxTransformer plain = mlContext.Transforms.VaeDecoder(model).Fit(latents);
        using OnnxTransformer ranged = mlContext.Transforms.VaeDecoder(model, new VaeDecoderEstimator.Options { ApplyFeatureRanges = true }).Fit(latents);
        using var saved = new MemoryStream();
        mlContext.Model.Save(ranged, latents.Schema, saved);
        saved.Position = 0;
        ITransformer loaded = mlContext.Model.Load(saved, out _);
        float[] unranged = [.. plain.Transform(latents).GetColumn<float[]>("Generated").SelectMany(row => row)];
        float[] generated = [.. ranged.Transform(latents).GetColumn<float[]>("Generated").SelectMany(row => row)];
        float[] reloaded = [.. loaded.Transform(latents).GetColumn<float[]>("Generated").SelectMany(row => row)];
        (loaded as IDisposable)?.Dispose();

        float[] expected = (float[])unranged.Clone();
        model.FeatureRanges!.Apply(expected);
        CollectionAssert.AreEqual(expected, generated);
        CollectionAssert.AreEqual(expected, reloaded, "the saved pipeline keeps to the ranges too");
        CollectionAssert.AreEqual(new[] { true, true, false, false }, model.FeatureRanges.WholeNumbers.ToArray());
        Assert.IsTrue(generated.Where((_, i) => i % 4 < 2).All(float.IsInteger), "the counts come out whole");
        Assert.IsTrue(unranged.Where((value, i) => value < model.FeatureRanges.Minimum[i % 4] || value > model.FeatureRanges.Maximum[i % 4]).Any(), "some rows needed clipping");
    }

    [TestMethod]
    public void ApplyingFeatureRangesOfAModelSavedWithoutThemIsRefusedNamingTheOption()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        estimator.Fit(TestData.Clusters(mlContext)).Dispose();
        using var saved = new MemoryStream();
        estimator.TrainedModel!.Save(saved);
        VaeModel withoutRanges = VaeModel.Load(new MemoryStream(ZipBeforeFeatureRanges.Of(saved.ToArray())));

        var error = Assert.ThrowsExactly<ArgumentException>(
            () => mlContext.Transforms.VaeDecoder(withoutRanges, new VaeDecoderEstimator.Options { ApplyFeatureRanges = true }));

        Assert.IsNull(withoutRanges.FeatureRanges);
        Assert.AreEqual("ApplyFeatureRanges", error.ParamName);
        StringAssert.StartsWith(error.Message, "The model keeps no feature ranges to apply: it was saved before Vae.MLNet kept them");
    }

    [TestMethod]
    public void DecoderFitsGiveTransformersOfTheirOwn()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        using OnnxTransformer encoder = estimator.Fit(data);
        IDataView latents = mlContext.Data.SampleVaeLatents(estimator.TrainedModel!.LatentDimension, rowCount: 3, seed: 2);
        VaeDecoderEstimator decoderEstimator = mlContext.Transforms.VaeDecoder(estimator.TrainedModel);

        OnnxTransformer first = decoderEstimator.Fit(latents);
        using OnnxTransformer second = decoderEstimator.Fit(latents);
        float[][] before = first.Transform(latents).GetColumn<float[]>("Generated").ToArray();
        first.Dispose();
        float[][] after = second.Transform(latents).GetColumn<float[]>("Generated").ToArray();

        Assert.AreNotSame(first, second);
        AssertSameRows(before, after, "between the two transformers");
    }

    [TestMethod]
    public void ColumnNamesReservedForUnusedTensorsOrGraphValuesOrRenamedOrHiddenByOnnxTransformerAreRefused()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options renamedOutput = TestData.SmallOptions();
        renamedOutput.AnomalyScoreColumnName = "Score.output";
        VaeEstimator.Options hiddenFeatures = TestData.SmallOptions();
        hiddenFeatures.FeatureColumnName = "mlnet.Features.unusedInput";
        VaeEstimator.Options hiddenOutput = TestData.SmallOptions();
        hiddenOutput.LatentMeanColumnName = "mlnet.Mean.unusedOutput";
        var renamedError = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(renamedOutput));
        var featuresError = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(hiddenFeatures));
        var outputError = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(hiddenOutput));
        VaeEstimator.Options reservedOutput = TestData.SmallOptions();
        reservedOutput.ReconstructionColumnName = "vae.unused.LatentMean";
        var reservedError = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(reservedOutput), "refused before training, not by the export after it");
        VaeEstimator.Options graphValueOutput = TestData.SmallOptions();
        graphValueOutput.AnomalyScoreColumnName = "kl.row_sum";
        var graphValueError = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(graphValueOutput), "refused before training, not by the export after it");
        VaeEstimator.Options graphValueFeatures = TestData.SmallOptions();
        graphValueFeatures.FeatureColumnName = "encoder.head.weight";
        var graphFeaturesError = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(graphValueFeatures));

        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        using OnnxTransformer encoder = estimator.Fit(TestData.Clusters(mlContext));
        var decoderError = Assert.ThrowsExactly<ArgumentException>(
            () => mlContext.Transforms.VaeDecoder(estimator.TrainedModel!, outputColumnName: "Generated.output"));
        var latentError = Assert.ThrowsExactly<ArgumentException>(
            () => mlContext.Transforms.VaeDecoder(estimator.TrainedModel!, latentColumnName: "mlnet.Latent.unusedInput"));
        var graphValueDecoderError = Assert.ThrowsExactly<ArgumentException>(
            () => mlContext.Transforms.VaeDecoder(estimator.TrainedModel!, outputColumnName: "decoder.head.gemm"));

        Assert.AreEqual(nameof(VaeEstimator.Options.AnomalyScoreColumnName), renamedError.ParamName);
        Assert.AreEqual(nameof(VaeEstimator.Options.FeatureColumnName), featuresError.ParamName);
        Assert.AreEqual(nameof(VaeEstimator.Options.LatentMeanColumnName), outputError.ParamName);
        Assert.AreEqual(nameof(VaeEstimator.Options.ReconstructionColumnName), reservedError.ParamName);
        Assert.Contains("'vae.unused.'", reservedError.Message);
        Assert.AreEqual(nameof(VaeEstimator.Options.AnomalyScoreColumnName), graphValueError.ParamName);
        Assert.Contains("'kl.row_sum' is also the name the autoencoder graph gives one of its own values", graphValueError.Message);
        Assert.AreEqual(nameof(VaeEstimator.Options.FeatureColumnName), graphFeaturesError.ParamName);
        Assert.AreEqual("outputColumnName", graphValueDecoderError.ParamName);
        Assert.AreEqual("outputColumnName", decoderError.ParamName);
        Assert.Contains("'.output'", decoderError.Message);
        Assert.AreEqual("latentColumnName", latentError.ParamName);
        Assert.Contains("'.unusedInput'", latentError.Message);
    }

    [TestMethod]
    public void AColumnNameOnnxCannotHoldIsRefusedForWhatItHoldsNotAsAClash()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.LatentMeanColumnName = "Latent\ud800Mean";
        var surrogate = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(options));
        Assert.AreEqual(nameof(VaeEstimator.Options.LatentMeanColumnName), surrogate.ParamName);
        StringAssert.StartsWith(surrogate.Message, "The column name LatentMeanColumnName has half a surrogate pair at index 6;");
        var nul = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(featureColumnName: "Feat\0ures"));
        Assert.AreEqual("featureColumnName", nul.ParamName);
        StringAssert.StartsWith(nul.Message, "The column name featureColumnName contains a NUL character");
        var longName = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(featureColumnName: new string('F', OnnxTensorNames.MaxNameBytes + 1)));
        Assert.AreEqual("featureColumnName", longName.ParamName);
        StringAssert.StartsWith(longName.Message, "The column name featureColumnName takes 1025 bytes of UTF-8, more than the 1024 a tensor name may; give a shorter name.");
        var sampled = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Data.SampleVaeLatents(2, 3, columnName: "La\ud800tent"));
        Assert.AreEqual("columnName", sampled.ParamName);
        StringAssert.Contains(sampled.Message, "half a surrogate pair at index 2");

        VaeModel model = TestData.SmallModel(mlContext, TestData.Clusters(mlContext));
        var decoded = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.VaeDecoder(model, latentColumnName: "La\0tent"));
        Assert.AreEqual("latentColumnName", decoded.ParamName);
        StringAssert.Contains(decoded.Message, "NUL character");
    }

    [TestMethod]
    public void AModelTooLargeToTrainIsRefusedByTheOptionToReduceBeforeAnyWorkOnIt()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);

        // Made, the estimator allocates nothing of the network's size: two 8 000-unit layers once took 980 MiB and 1.3 s.
        long before = GC.GetTotalAllocatedBytes(precise: true);
        _ = mlContext.Transforms.Vae(hiddenLayerSizes: [8000, 8000]);
        Assert.IsLessThan(16L << 20, GC.GetTotalAllocatedBytes(precise: true) - before);

        // These overflowed an int in making the estimator, or, past that, in the probe of the device before training. Fit
        // names the option to reduce, as the trainer does, by the name its caller set it by.
        var hiddenOptions = new VaeEstimator.Options { HiddenLayerSizes = [60000, 60000], Epochs = 1 };
        var hiddenByOption = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(hiddenOptions).Fit(data));
        var hidden = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(hiddenLayerSizes: [60000, 60000], epochs: 1).Fit(data));
        var latentOptions = new VaeEstimator.Options { LatentDimension = 300_000_000, HiddenLayerSizes = [8], Epochs = 1 };
        var latentByOption = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(latentOptions).Fit(data));
        var latent = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(latentDimension: 300_000_000, hiddenLayerSizes: [8], epochs: 1).Fit(data));

        Assert.AreEqual(nameof(VaeEstimator.Options.HiddenLayerSizes), hiddenByOption.ParamName);
        Assert.Contains("choose a smaller HiddenLayerSizes", hiddenByOption.Message);
        Assert.AreEqual("hiddenLayerSizes", hidden.ParamName);
        Assert.Contains("choose a smaller hiddenLayerSizes", hidden.Message);
        Assert.DoesNotContain("HiddenLayerSizes", hidden.Message);
        Assert.AreEqual(nameof(VaeEstimator.Options.LatentDimension), latentByOption.ParamName);
        Assert.AreEqual("latentDimension", latent.ParamName);
        Assert.DoesNotContain("LatentDimension", latent.Message);
    }

    [TestMethod]
    public void AFeatureColumnNamedLikeAnOutputTellsTheSimpleOverloadsCallerHowToRenameThatOutput()
    {
        // A second VAE on the first one's LatentMean: the simple overload cannot rename its own LatentMean, the options overload can.
        var mlContext = new MLContext(seed: 1);

        var latent = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae("LatentMean", latentDimension: 1, epochs: 1));
        var score = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae("AnomalyScore"));
        var byOption = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(new VaeEstimator.Options { FeatureColumnName = "LatentMean" }));

        StringAssert.EndsWith(
            latent.Message,
            "every column needs its own name. This overload keeps the output columns' default names, so rename the feature column, or keep it and rename "
            + "the output column through the options overload: Vae(new VaeEstimator.Options { FeatureColumnName = \"LatentMean\", LatentMeanColumnName = \"…\" }). (Parameter 'featureColumnName')");
        StringAssert.Contains(score.Message, "Vae(new VaeEstimator.Options { FeatureColumnName = \"AnomalyScore\", AnomalyScoreColumnName = \"…\" })");
        Assert.AreEqual(
            "FeatureColumnName and LatentMeanColumnName are both 'LatentMean'; every column needs its own name. (Parameter 'LatentMeanColumnName')",
            byOption.Message,
            "the options overload's caller renames the option itself");

        // The advice can be followed: these columns pass the same checks.
        _ = mlContext.Transforms.Vae(new VaeEstimator.Options { FeatureColumnName = "LatentMean", LatentMeanColumnName = "SecondLatentMean" });
    }

    [TestMethod]
    public void TheSimpleOverloadNamesItsOwnParameters()
    {
        var mlContext = new MLContext(seed: 1);

        Assert.AreEqual("catalog", Assert.ThrowsExactly<ArgumentNullException>(() => VaeCatalog.Vae(null!, (string)null!)).ParamName);
        Assert.AreEqual("featureColumnName", Assert.ThrowsExactly<ArgumentNullException>(() => mlContext.Transforms.Vae((string)null!)).ParamName);
        var blank = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(" "));
        Assert.AreEqual("featureColumnName", blank.ParamName);
        StringAssert.StartsWith(blank.Message, "Name the feature column.");
        Assert.AreEqual("featureColumnName", Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae("mlnet.x.unusedInput")).ParamName);
        // Named like a column the overload adds, or like a value inside the graph, the feature column is what to change.
        var clash = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae("LatentMean"));
        Assert.AreEqual("featureColumnName", clash.ParamName);
        StringAssert.StartsWith(clash.Message, "featureColumnName and the LatentMean output column are both 'LatentMean'");
        Assert.AreEqual("featureColumnName", Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae("AnomalyScore")).ParamName);
        var graphValue = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae("decoder.head.gemm"));
        Assert.AreEqual("featureColumnName", graphValue.ParamName);
        StringAssert.StartsWith(graphValue.Message, "featureColumnName 'decoder.head.gemm' is also");
        // Refused whatever the data, as a model of categorical columns names values so: not a value this graph has.
        var categoryValue = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae("categories.age"));
        Assert.AreEqual("featureColumnName", categoryValue.ParamName);
        StringAssert.StartsWith(
            categoryValue.Message,
            "featureColumnName 'categories.age' starts with 'categories.', which the autoencoder graph of a model of categorical columns keeps for values of its own, whatever this data holds;");
        // The rest are checked by the options, whose messages name their properties.
        var latent = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(latentDimension: 0));
        Assert.AreEqual("latentDimension", latent.ParamName);
        StringAssert.StartsWith(latent.Message, "latentDimension must be");
        Assert.AreEqual(0, latent.ActualValue);
        Assert.AreEqual(1, latent.Message.Split('0').Length - 1, $"the value once: {latent.Message}");
        Assert.AreEqual("epochs", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(epochs: 0)).ParamName);
        var hidden = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(hiddenLayerSizes: [0]));
        var scaling = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(inputScaling: VaeInputScaling.Standardize));
        Assert.AreEqual("hiddenLayerSizes", hidden.ParamName);
        Assert.AreEqual("inputScaling", scaling.ParamName);
        Assert.DoesNotContain("InputScaling", scaling.Message);
        StringAssert.Contains(scaling.Message, "inputScaling");
        var device = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(gpuDeviceId: -1));
        Assert.AreEqual("gpuDeviceId", device.ParamName);
        StringAssert.StartsWith(device.Message, "gpuDeviceId must be a GPU's device number, 0 or more");
    }

    [TestMethod]
    public void TheSimpleOverloadsDataErrorsAdviseItsOwnParameters()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView counts = TestData.Counts(mlContext, rows: 20);

        var simple = Assert.ThrowsExactly<VaeDataException>(() => mlContext.Transforms.Vae(latentDimension: 2, epochs: 1).Fit(counts));
        var options = Assert.ThrowsExactly<VaeDataException>(() => mlContext.Transforms.Vae(new VaeEstimator.Options { LatentDimension = 2, Epochs = 1 }).Fit(counts));

        StringAssert.Contains(simple.Message, "the Bernoulli likelihood needs every feature in [0, 1]. For measurements, set likelihood to Gaussian and inputScaling to Standardize; ");
        Assert.DoesNotContain("InputScaling", simple.Message);
        StringAssert.StartsWith(simple.Message, "Row 0 of the rows the VAE was fitted on");
        Assert.AreEqual((options.Row, options.Column), (simple.Row, simple.Column));
        StringAssert.Contains(options.Message, "set Likelihood to Gaussian and InputScaling to Standardize", "the options overload names the properties");
    }

    [TestMethod]
    public void ANegativeGpuDeviceIsRefusedWhenTheEstimatorIsMadeNamingTheArgument()
    {
        var mlContext = new MLContext(seed: 1);
        VaeModel model = TestData.SmallModel(mlContext, TestData.Clusters(mlContext));

        var options = TestData.SmallOptions();
        options.GpuDeviceId = -1;
        Assert.AreEqual("GpuDeviceId", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(options)).ParamName);
        Assert.AreEqual("gpuDeviceId", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.VaeDecoder(model, gpuDeviceId: -2)).ParamName);
        var decoderOptions = new VaeDecoderEstimator.Options { GpuDeviceId = -1 };
        Assert.AreEqual("GpuDeviceId", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.VaeDecoder(model, decoderOptions)).ParamName);
        Assert.IsNotNull(mlContext.Transforms.VaeDecoder(model, new VaeDecoderEstimator.Options { GpuDeviceId = 0 }), "device 0 is a GPU's; only scoring tells whether it can be used");
    }

    [TestMethod]
    public void SamplingRefusesAColumnNameTheDecoderWouldRefuseForThisModelOrAnother()
    {
        var mlContext = new MLContext(seed: 1);
        VaeModel model = TestData.SmallModel(mlContext, TestData.Clusters(mlContext));

        // The small model's decoder has one hidden layer and standardized features; other models' graphs name values of
        // deeper layers, of the Bernoulli likelihood, of categorical columns and of feature ranges.
        string[] valuesOfThisModel = ["decoder.head.gemm", "decoder.hidden.0.gemm", "decoder.hidden.0.weight", "scaling.add_offset"];
        string[] valuesOfOtherModels = ["decoder.hidden.3.relu", "reconstruction.probability", "categories.probabilities_4", "feature_ranges.applied"];
        foreach (string name in valuesOfThisModel)
        {
            var decoding = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.VaeDecoder(model, latentColumnName: name), name);
            Assert.AreEqual("latentColumnName", decoding.ParamName, name);
        }

        foreach (string name in valuesOfThisModel.Concat(valuesOfOtherModels).Append("vae.unused.x").Append("mlnet.Latent.unusedInput"))
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Data.SampleVaeLatents(2, rowCount: 3, columnName: name), name);
            Assert.AreEqual("columnName", error.ParamName, name);
            StringAssert.EndsWith(error.Message.Split(" (Parameter")[0], "choose another name.", name);
        }

        IDataView latents = mlContext.Data.SampleVaeLatents(2, rowCount: 3, columnName: "decoder");
        using OnnxTransformer decoder = mlContext.Transforms.VaeDecoder(model, latentColumnName: "decoder").Fit(latents);
        Assert.HasCount(3, decoder.Transform(latents).GetColumn<float[]>(VaeDecoderEstimator.DefaultOutputColumnName).ToArray(), "a name outside the scopes");
    }

    [TestMethod]
    public void SampledLatentsAreThePriorDrawsOfGenerateReadRowByRowAndTheSameByEveryCursor()
    {
        var mlContext = new MLContext(seed: 1);

        // An odd K splits a Box–Muller pair across rows, whose second value the stream keeps for the next row.
        const int k = 3;
        const int rowCount = 7;
        IDataView latents = mlContext.Data.SampleVaeLatents(k, rowCount, seed: 5, temperature: 0.7f);
        float[] expected = PriorDraws.Of(rowCount, k, seed: 5, temperature: 0.7f);

        DataViewSchema.Column column = latents.Schema[VaeDecoderEstimator.DefaultLatentColumnName];
        using DataViewRowCursor first = latents.GetRowCursor([column]);
        using DataViewRowCursor second = latents.GetRowCursor([column]);
        ValueGetter<VBuffer<float>> readFirst = first.GetGetter<VBuffer<float>>(column);
        ValueGetter<VBuffer<float>> readSecond = second.GetGetter<VBuffer<float>>(column);
        var fromFirst = new List<float>();
        var fromSecond = new List<float>();

        // The second cursor starts when the first is two rows in, and then each reads a row between the other's.
        ReadRow(first, readFirst, fromFirst);
        ReadRow(first, readFirst, fromFirst);
        for (int i = 0; i < rowCount; i++)
        {
            ReadRow(second, readSecond, fromSecond);
            if (i < rowCount - 2)
            {
                ReadRow(first, readFirst, fromFirst);
            }
        }

        Assert.IsFalse(first.MoveNext() || second.MoveNext(), $"{rowCount} rows each");
        CollectionAssert.AreEqual(expected.Select(BitConverter.SingleToInt32Bits).ToArray(), fromSecond.Select(BitConverter.SingleToInt32Bits).ToArray(), "bit for bit");
        CollectionAssert.AreEqual(expected.Select(BitConverter.SingleToInt32Bits).ToArray(), fromFirst.Select(BitConverter.SingleToInt32Bits).ToArray(), "the first cursor");

        static void ReadRow(DataViewRowCursor cursor, ValueGetter<VBuffer<float>> read, List<float> into)
        {
            Assert.IsTrue(cursor.MoveNext());
            VBuffer<float> row = default;
            read(ref row);
            into.AddRange(row.DenseValues());
        }
    }

    [TestMethod]
    public void SamplingDrawsNothingBeforeTheRowsAreReadSoItTakesAnyRowCount()
    {
        var mlContext = new MLContext(seed: 1);

        // 1 000 000 rows of 20 once took 216 MB at the call, and more than about 107 million were refused as past an array.
        long before = GC.GetTotalAllocatedBytes(precise: true);
        IDataView million = mlContext.Data.SampleVaeLatents(20, rowCount: 1_000_000, seed: 2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        IDataView most = mlContext.Data.SampleVaeLatents(20, rowCount: int.MaxValue, seed: 2);

        Assert.IsLessThan(1L << 20, allocated);
        float[][] firstRows = [.. most.GetColumn<float[]>(VaeDecoderEstimator.DefaultLatentColumnName).Take(3)];
        float[][] sameRows = [.. million.GetColumn<float[]>(VaeDecoderEstimator.DefaultLatentColumnName).Take(3)];
        CollectionAssert.AreEqual(PriorDraws.Of(3, 20, seed: 2, temperature: 1f), firstRows.SelectMany(r => r).ToArray());
        CollectionAssert.AreEqual(firstRows.SelectMany(r => r).ToArray(), sameRows.SelectMany(r => r).ToArray());
    }

    [TestMethod]
    public void SamplingRefusesBadArgumentsWhenCalledNamingThem()
    {
        var mlContext = new MLContext(seed: 1);

        Assert.AreEqual("rowCount", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Data.SampleVaeLatents(2, rowCount: 0)).ParamName);
        Assert.AreEqual("latentDimension", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Data.SampleVaeLatents(0, rowCount: 1)).ParamName);
        Assert.AreEqual("latentDimension", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Data.SampleVaeLatents(int.MaxValue, rowCount: 1)).ParamName);
        foreach (float temperature in new[] { -1f, float.NaN, float.PositiveInfinity })
        {
            Assert.AreEqual("temperature", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Data.SampleVaeLatents(2, 1, temperature: temperature)).ParamName, $"T = {temperature}");
        }

        // A temperature at which a draw could overflow float32 is refused now, not when the rows are read.
        var tooHot = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Data.SampleVaeLatents(2, rowCount: 1, temperature: 1e38f));
        Assert.AreEqual("temperature", tooHot.ParamName);
        Assert.Contains("overflow float32", tooHot.Message);
    }

    [TestMethod]
    public void DecoderRefusesALatentColumnOfTheWrongSize()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = TestData.Clusters(mlContext);
        VaeEstimator estimator = mlContext.Transforms.Vae(TestData.SmallOptions());
        using OnnxTransformer encoder = estimator.Fit(data);
        IDataView latents = mlContext.Data.SampleVaeLatents(latentDimension: 3, rowCount: 2);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.VaeDecoder(estimator.TrainedModel!).Fit(latents));
        Assert.Contains("'Latent'", error.Message);
    }

    [TestMethod]
    public void SchemaCheckRefusesAScalarColumn() =>
        AssertRefused(mlContext => mlContext.Data.LoadFromEnumerable(new[] { new ScalarRow { Features = 1f } }), "scalar", "; gather the scalar columns into one vector with mlContext.Transforms.Concatenate.");

    [TestMethod]
    public void SchemaCheckRefusesAVariableSizeVector() =>
        AssertRefused(mlContext => mlContext.Data.LoadFromEnumerable(new[] { new VariableRow { Features = [1f, 2f] } }), "variable-size", "; give it a known size: mark its property with [VectorType(size)]");

    [TestMethod]
    public void SchemaCheckRefusesDoubles() =>
        AssertRefused(mlContext => mlContext.Data.LoadFromEnumerable(new[] { new DoubleRow { Features = [1, 2, 3, 4] } }), "Double", "; convert it to Single with mlContext.Transforms.Conversion.ConvertType.");

    [TestMethod]
    public void SchemaCheckRefusesKeysNamingTheirEncoding() =>
        AssertRefused(
            mlContext => mlContext.Transforms.Conversion.MapValueToKey("Features").Fit(TestData.Clusters(mlContext)).Transform(TestData.Clusters(mlContext)),
            "Key",
            "; it holds keys, so one-hot encode them with mlContext.Transforms.Categorical.OneHotEncoding");

    [TestMethod]
    public void SchemaCheckRefusesTextNamingAFeaturizationOfFewSlots() =>
        AssertRefused(
            mlContext => mlContext.Data.LoadFromEnumerable(new[] { new TextRow { Features = "red" } }),
            "String",
            "; it holds text, so turn it into a few numbers first, as the VAE holds every slot of every row in memory: mlContext.Transforms.Categorical.OneHotEncoding for categories (its maximumNumberOfKeys caps their slots), "
                + "mlContext.Transforms.Text.FeaturizeText then mlContext.Transforms.ProjectToPrincipalComponents for free text.");

    [TestMethod]
    public void ABadRowInAFilteredViewIsCountedInTheRowsTheVaeWasFittedOn()
    {
        // Source row 9 is the filtered view's row 5, as a cross-validation fold's training rows renumber theirs; the VAE sees only the view.
        var mlContext = new MLContext(seed: 1);
        NamedFeaturesRow[] rows = [.. Enumerable.Range(0, 12).Select(i => new NamedFeaturesRow { Width = i, Height = i % 3, Depth = 1f, Mass = 2f })];
        rows[9].Height = float.NaN;
        IDataView kept = mlContext.Data.FilterRowsByColumn(mlContext.Data.LoadFromEnumerable(rows), nameof(NamedFeaturesRow.Width), lowerBound: 4);
        IEstimator<ITransformer> pipeline = mlContext.Transforms.Concatenate("Features", "Width", "Height", "Depth", "Mass")
            .Append(mlContext.Transforms.Vae(TestData.SmallOptions()));

        var error = Assert.ThrowsExactly<VaeDataException>(() => pipeline.Fit(kept));

        StringAssert.StartsWith(
            error.Message,
            "Row 5 of the rows the VAE was fitted on (counted after any filter, split or cross-validation fold upstream), feature 1 (\"Height\") is NaN; every feature must be a finite number");
        Assert.AreEqual((5L, 1), (error.Row, error.Column));
    }

    [TestMethod]
    [DataRow(3)]
    [DataRow(5)]
    public void ARowOfAnotherLengthThanItsColumnsTypeIsRefusedNamingItAsAFittedRow(int length)
    {
        var mlContext = new MLContext(seed: 1);
        FeatureRow[] rows = [.. Enumerable.Range(0, 8).Select(i => new FeatureRow { Features = [i, 1f, 2f, 3f] })];
        rows[4].Features = [.. Enumerable.Range(0, length).Select(i => (float)i)];
        IDataView withoutTheFirstTwo = mlContext.Data.SkipRows(mlContext.Data.LoadFromEnumerable(rows), 2);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Transforms.Vae(TestData.SmallOptions()).Fit(withoutTheFirstTwo));

        StringAssert.StartsWith(
            error.Message,
            $"Row 2 of the rows the VAE was fitted on (counted after any filter, split or cross-validation fold upstream) holds {length} values in the feature column 'Features', but the column's type says 4;");
    }

    [TestMethod]
    public void SchemaCheckRefusesAMissingColumn()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.FeatureColumnName = "Pixels";

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(options).Fit(TestData.Clusters(mlContext)));
        Assert.Contains("'Pixels'", error.Message);
    }

    [TestMethod]
    public void OptionsRefuseClashingColumnNames()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.AnomalyScoreColumnName = "LatentMean";

        var error = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Transforms.Vae(options));
        Assert.AreEqual(nameof(VaeEstimator.Options.AnomalyScoreColumnName), error.ParamName);
    }

    [TestMethod]
    public void CancellationStopsTraining()
    {
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.CancellationToken = new CancellationToken(canceled: true);

        Assert.ThrowsExactly<OperationCanceledException>(() => mlContext.Transforms.Vae(options).Fit(TestData.Clusters(mlContext)));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AGpuThatCannotBeUsedFailsFitBeforeTheFirstEpochNamingThePackage(bool fallbackToCpu)
    {
        // The ONNX Runtime package these tests build with is the CPU one, which has no CUDA provider; ML.NET's
        // fallback does not cover its missing entry point.
        var mlContext = new MLContext(seed: 1);
        VaeEstimator.Options options = TestData.SmallOptions();
        options.GpuDeviceId = 0;
        options.FallbackToCpu = fallbackToCpu;
        var progress = new SynchronousProgress<VaeEpochReport>();
        options.Progress = progress;
        VaeEstimator estimator = mlContext.Transforms.Vae(options);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => estimator.Fit(TestData.Clusters(mlContext)));

        StringAssert.Contains(error.Message, "Reference Microsoft.ML.OnnxRuntime.Gpu in its place");
        Assert.IsEmpty(progress.Reports);
        Assert.IsNull(estimator.TrainedModel);
    }

    private static void AssertRefused(Func<MLContext, IDataView> makeData, string expectedKind, string expectedRemedy)
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = makeData(mlContext);
        var pipeline = new EstimatorChain<ITransformer>().Append(mlContext.Transforms.Vae(TestData.SmallOptions()));

        // Through the chain the promise (GetOutputSchema) is checked; directly, Fit checks the real schema.
        var promised = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        var actual = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.Vae(TestData.SmallOptions()).Fit(data));

        Assert.Contains("'Features'", promised.Message);
        Assert.Contains(expectedKind, promised.Message);
        Assert.Contains("'Features'", actual.Message);
        Assert.Contains(expectedRemedy, promised.Message);
        Assert.Contains(expectedRemedy, actual.Message);
    }

    private static void AssertSameRows(float[][] expected, float[][] actual, string where)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i], actual[i], $"Row {i} differs {where}.");
        }
    }

    private static void AssertClose(float[] expected, IEnumerable<float> actual, string column)
    {
        float[] scored = actual.ToArray();
        Assert.HasCount(expected.Length, scored, column);
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = 1e-5f * Math.Max(1f, Math.Abs(expected[i]));
            Assert.AreEqual(expected[i], scored[i], tolerance, $"{column}[{i}] scored by OnnxTransformer differs from the model's own.");
        }
    }

    private static void AssertFloatVector(DataViewSchema schema, string name, int size)
    {
        if (schema.GetColumnOrNull(name) is not { } column)
        {
            Assert.Fail($"Column {name} is missing.");
            return;
        }

        var vector = column.Type as VectorDataViewType;
        Assert.IsNotNull(vector, $"Column {name} is {column.Type}, not a vector.");
        Assert.AreEqual(NumberDataViewType.Single, vector.ItemType);
        Assert.AreEqual(size, vector.Size, $"Column {name} is {vector}.");
    }

    /// <summary>A row of <see cref="TestData.SmallOptions"/>'s pipeline: the features and every column it adds.</summary>
    private sealed class ScoredRow
    {
        public float[] Features { get; set; } = [];

        public float[] LatentMean { get; set; } = [];

        public float[] LatentLogVar { get; set; } = [];

        public float[] Reconstruction { get; set; } = [];

        public float[] ReconstructionError { get; set; } = [];

        public float[] AnomalyScore { get; set; } = [];
    }

    /// <summary>100 rows whose Features column Concatenate joined from four named scalar columns.</summary>
    private static IDataView NamedFeatures(MLContext mlContext)
    {
        var random = new Random(3);
        IDataView rows = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(_ => new NamedFeaturesRow
        {
            Width = (float)random.NextDouble(),
            Height = (float)random.NextDouble(),
            Depth = (float)random.NextDouble(),
            Mass = (float)random.NextDouble(),
        }).ToArray());
        return mlContext.Transforms.Concatenate("Features", "Width", "Height", "Depth", "Mass").Fit(rows).Transform(rows);
    }

    /// <summary>
    /// The check of ML.NET's own estimator tests (TestEstimatorCore): the same columns, each delivered one compatible with
    /// its promise, so that the promised annotations hold the delivered ones. These promises hold no more than that either.
    /// </summary>
    private static void AssertKeepsThePromise(SchemaShape promised, SchemaShape delivered, string estimator)
    {
        CollectionAssert.AreEquivalent(promised.Select(column => column.Name).ToArray(), delivered.Select(column => column.Name).ToArray(), estimator);
        foreach (SchemaShape.Column column in delivered)
        {
            SchemaShape.Column promise = promised.Single(candidate => candidate.Name == column.Name);
            string annotations = $"{estimator}, {column.Name}: promised [{string.Join(", ", promise.Annotations.Select(a => a.Name))}], delivered [{string.Join(", ", column.Annotations.Select(a => a.Name))}]";
            Assert.IsTrue(IsCompatibleWith(column, promise), $"kept: {annotations}");
            Assert.IsTrue(IsCompatibleWith(promise, column), $"no more: {annotations}");
        }
    }

    // ML.NET keeps both internal to its own assemblies (and its tests); this package's schema promises reach them the same way.
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic, [typeof(DataViewSchema)])!.Invoke(null, [schema])!;

    /// <summary>ML.NET's SchemaShape.Column.IsCompatibleWith: whether <paramref name="column"/> meets <paramref name="requirement"/>, annotations and all.</summary>
    private static bool IsCompatibleWith(SchemaShape.Column column, SchemaShape.Column requirement) =>
        (bool)typeof(SchemaShape.Column).GetMethod("IsCompatibleWith", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(column, [requirement])!;

    private static string[] SlotNames(DataViewSchema.Column column)
    {
        Assert.IsTrue(column.HasSlotNames(), $"{column.Name} has slot names");
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return [.. names.DenseValues().Select(name => name.ToString())];
    }
}
