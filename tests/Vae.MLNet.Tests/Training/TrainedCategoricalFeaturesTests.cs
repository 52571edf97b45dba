using System.Text;
using System.Text.Json.Nodes;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Evaluation;
using Vae.MLNet.Tests.Persistence;
using Vae.MLNet.Transforms;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class TrainedCategoricalFeaturesTests
{
    private const string Rows = "3,red,1\n4,blue,2\n5,red,1\n6,green,3\n7,blue,2\n8,red,1\n9,green,3\n10,blue,2\n";

    private static readonly Lazy<VaeModel> Model = new(() => TinyGaussianTraining.Fit(Headerless(Rows)));

    private static VaeDataset Headerless(string text, IReadOnlyList<VaeCategoricalFeature>? categories = null) =>
        CsvDatasetReader.Read(new StringReader(text), new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1], Categories = categories });

    [TestMethod]
    public void AModelKeepsTheCategoricalFeaturesOfItsDataThroughSavingAndLoading()
    {
        VaeCategoricalFeature trained = Model.Value.CategoricalFeatures!.Single();

        VaeCategoricalFeature loaded = ModelZip.Load(ModelZip.Save(Model.Value)).CategoricalFeatures!.Single();

        Assert.AreEqual(1, trained.FirstFeature);
        CollectionAssert.AreEqual(new[] { "blue", "green", "red" }, trained.Categories.ToArray());
        Assert.IsNull(loaded.ColumnName);
        Assert.AreEqual(trained.FirstFeature, loaded.FirstFeature);
        CollectionAssert.AreEqual(trained.Categories.ToArray(), loaded.Categories.ToArray());
        Assert.IsNull(TinyGaussianTraining.Fit(VaeDataset.FromArray(Headerless(Rows).ToArray(), 5)).CategoricalFeatures, "numbers alone have no categories");
    }

    [TestMethod]
    public void ScorersOfTheSavedModelThroughOnnxRuntimeKnowItsCategoricalFeatures()
    {
        using VaeTransformer transformer = VaeTransformer.Load(new MemoryStream(ModelZip.Save(Model.Value)));
        using VaeDecoderTransformer decoder = transformer.CreateDecoder();

        float[] drawn = decoder.Generate(count: 30, seed: 2, sampleObservations: true);

        CollectionAssert.AreEqual(Model.Value.CategoricalFeatures![0].Categories.ToArray(), decoder.CategoricalFeatures!.Single().Categories.ToArray());
        Assert.AreEqual(1, decoder.CategoricalFeatures![0].FirstFeature);
        Assert.IsTrue(Enumerable.Range(0, 30).All(row => drawn.AsSpan((row * 5) + 1, 3).ToArray().Order().SequenceEqual([0f, 0f, 1f])), "one category a drawn row, through ONNX Runtime too");
    }

    [TestMethod]
    public void TheManifestListsEachCategoricalColumnWithItsFirstFeatureAndCategories()
    {
        JsonNode manifest = JsonNode.Parse(ModelZip.Entries(ModelZip.Save(Model.Value))["manifest.json"])!;

        JsonNode column = manifest["categoricalFeatures"]![0]!;

        Assert.AreEqual(1, (int)column["firstFeature"]!);
        CollectionAssert.AreEqual(new[] { "blue", "green", "red" }, column["categories"]!.AsArray().Select(category => (string)category!).ToArray());
    }

    [TestMethod]
    public void DataReadWithOtherCategoriesIsRefusedAndDataReadWithTheModelsIsScored()
    {
        VaeDataset lacksGreen = Headerless("3,red,1\n4,blue,2\n");

        var refused = Assert.ThrowsExactly<ArgumentException>(() => Model.Value.Evaluate(lacksGreen));
        var further = Assert.ThrowsExactly<ArgumentException>(() => TinyGaussianTraining.Fit(lacksGreen, Model.Value));

        StringAssert.Contains(refused.Message, "The data's categorical features are not the ones the model was trained on: the data reads the categorical column at feature 1 into 2 features");
        StringAssert.Contains(refused.Message, "Read the data with CsvDatasetOptions.Categories set to the model's CategoricalFeatures.");
        Assert.AreEqual("data", refused.ParamName);
        StringAssert.Contains(further.Message, "not the ones the initial model was trained on");
        Assert.AreEqual(2, Model.Value.Evaluate(Headerless("3,red,1\n4,blue,2\n", Model.Value.CategoricalFeatures)).RowCount);
    }

    [TestMethod]
    public void DataOfANamedCategoricalModelInAnotherOrderIsToldToReadBothItsFeatureNamesAndItsCategories()
    {
        const string Header = "age,colour,size\n";
        VaeModel named = TinyGaussianTraining.Fit(CsvDatasetReader.Read(new StringReader(Header + Rows), new CsvDatasetOptions { CategoricalColumnNames = ["colour"] }));
        const string Swapped = "size,colour,age\n1,red,3\n2,blue,4\n3,green,5\n";
        VaeDataset swapped = CsvDatasetReader.Read(new StringReader(Swapped), new CsvDatasetOptions { Categories = named.CategoricalFeatures });

        var refused = Assert.ThrowsExactly<ArgumentException>(() => named.Evaluate(swapped));

        StringAssert.Contains(refused.Message, "feature 0 is \"size\" where the model has \"age\"");
        StringAssert.Contains(refused.Message, "Read the data with CsvDatasetOptions.FeatureColumnNames set to the model's FeatureNames, and CsvDatasetOptions.Categories set to its CategoricalFeatures");
        var options = new CsvDatasetOptions { FeatureColumnNames = named.FeatureNames, Categories = named.CategoricalFeatures };
        Assert.AreEqual(3, named.Evaluate(CsvDatasetReader.Read(new StringReader(Swapped), options)).RowCount, "the advice, followed, reads the file");
    }

    [TestMethod]
    public void EveryScorerOfLossesRefusesAOneHotFeatureOutsideTheUnitIntervalAsTrainingDoes()
    {
        // Below 0 a one-hot feature's cross-entropy falls below zero, and the row would be scored as more typical than any.
        float[] row = [3f, -1f, 0f, 0f, 1f];
        VaeDataset data = VaeDataset.FromArray(row, 5);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(Model.Value);
        using VaeTransformer transformer = VaeTransformer.Load(new MemoryStream(ModelZip.Save(Model.Value)));
        float[] latent = new float[2];

        ArgumentException[] fromSpans =
        [
            Assert.ThrowsExactly<ArgumentException>(() => Model.Value.ScoreRows(row, new float[1], new float[1])),
            Assert.ThrowsExactly<ArgumentException>(() => onnx.ScoreRows(row, new float[1], new float[1])),
            Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(row, latent, new float[2], new float[5], default, new float[1])),
        ];
        VaeDataException[] fromData =
        [
            Assert.ThrowsExactly<VaeDataException>(() => Model.Value.ScoreRows(data)),
            Assert.ThrowsExactly<VaeDataException>(() => Model.Value.Evaluate(data)),
            Assert.ThrowsExactly<VaeDataException>(() => transformer.Transform(data)),
            Assert.ThrowsExactly<VaeDataException>(() => TinyGaussianTraining.Fit(VaeDataset.FromArray(row, 5, null, null, Model.Value.CategoricalFeatures!))),
        ];

        foreach (Exception refused in fromSpans.Concat<Exception>(fromData))
        {
            StringAssert.StartsWith(refused.Message, "Row 0, feature 1 is -1, but it is a one-hot feature of a categorical column");
        }

        Assert.IsTrue(fromSpans.All(refused => refused.ParamName == "features"));
        Assert.IsTrue(fromData.All(refused => refused.Row == 0));
        onnx.Transform(row, latent, default, new float[5], default, default);
        Assert.IsTrue(latent.All(float.IsFinite), "encoding and reconstructing, which compute no loss, take the row as the graphs do");
        var anomalyScore = new float[1];
        Model.Value.ScoreRows([3f, 0f, 0f, 0f, 1f], default, anomalyScore);
        Assert.IsTrue(anomalyScore[0] > 0f, "a row of none of the categories is scored");
    }

    [TestMethod]
    public void EveryScorerOfLossesNamesTheFirstRowItRefusesWhicheverCheckRefusesIt()
    {
        // A one-hot feature below 0 comes first in one batch, and in the other a NaN of a numeric feature, which only the
        // check of finite values refuses: each scorer names row 0 whichever of its checks runs first.
        (float[] Rows, int NanRow, string Named)[] batches =
        [
            ([3f, -1f, 0f, 1f, 1f, 4f, 1f, 0f, 0f, 2f], 1, "Row 0, feature 1 is -1, but it is a one-hot feature"),
            ([3f, 1f, 0f, 0f, 1f, 4f, -1f, 0f, 1f, 2f], 0, "Row 0, feature 0 is NaN; every feature must be a finite number"),
        ];
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(Model.Value);
        using VaeTransformer transformer = VaeTransformer.Load(new MemoryStream(ModelZip.Save(Model.Value)));

        foreach ((float[] finiteRows, int nanRow, string named) in batches)
        {
            var data = new OwnDataset(VaeDataset.FromArray(finiteRows, 5), rowCount: 2, nanRow, badColumn: 0);
            float[] rows = [.. finiteRows];
            rows[nanRow * 5] = float.NaN;
            Exception[] refused =
            [
                Assert.ThrowsExactly<ArgumentException>(() => Model.Value.ScoreRows(rows, new float[2], new float[2])),
                Assert.ThrowsExactly<ArgumentException>(() => onnx.ScoreRows(rows, new float[2], default)),
                Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(rows, new float[4], default, default, default, new float[2])),
                Assert.ThrowsExactly<VaeDataException>(() => Model.Value.ScoreRows(data)),
                Assert.ThrowsExactly<VaeDataException>(() => Model.Value.Evaluate(data)),
                Assert.ThrowsExactly<VaeDataException>(() => transformer.Transform(data)),
            ];

            foreach (Exception error in refused)
            {
                StringAssert.StartsWith(error.Message, named);
            }
        }
    }

    [TestMethod]
    public void TheLogLikelihoodEstimateRefusesOneHotFeaturesThatAreNotExactlyZeroOrOne()
    {
        VaeDataset soft = VaeDataset.FromArray([3f, 1f, 0f, 0f, 1f, 4f, 0.5f, 0.5f, 0f, 2f], 5);

        var refused = Assert.ThrowsExactly<VaeDataException>(() => Model.Value.EstimateLogLikelihood(soft, samples: 2));

        StringAssert.StartsWith(refused.Message, "Row 1, feature 1 is 0.5, but it is a one-hot feature of a categorical column, whose log p(x) is defined for one-hot features that are exactly 0 or 1");
        Assert.IsTrue(double.IsFinite(Model.Value.EstimateLogLikelihood(soft.Subset([0]), samples: 2).Mean), "a one-hot row is estimated");
    }

    [TestMethod]
    public void GeneratedRowsReadBackAsTrainedCategories()
    {
        float[] rows = Model.Value.Generate(count: 50, seed: 3);

        string[] categories = Enumerable.Range(0, 50).Select(row => Model.Value.CategoricalFeatures![0].CategoryOf(rows.AsSpan(row * 5, 5))).ToArray();

        CollectionAssert.IsSubsetOf(categories.Distinct().ToArray(), new[] { "blue", "green", "red" });
    }

    [TestMethod]
    public void DrawnRowsHoldOneCategoryEachDrawnInProportionToTheDecodedMeans()
    {
        const int Count = 20_000;

        // Trained long enough that the decoded means of the three colours lie near their shares in the data, 3:2:3.
        VaeModel model = new VaeTrainer(new VaeOptions { HiddenLayerSizes = [8], LatentDimension = 1, Likelihood = VaeLikelihood.Gaussian, Epochs = 300, BatchSize = 8, Seed = 2 })
            .Fit(Headerless(Rows));
        VaeCategoricalFeature colour = model.CategoricalFeatures![0];
        float[] mean = model.Generate(count: 1, temperature: 0f);
        double[] expected = mean.AsSpan(1, 3).ToArray().Select(value => (double)Math.Max(value, 0f)).ToArray();

        float[] drawn = model.Generate(Count, seed: 5, temperature: 0f, sampleObservations: true);

        var counts = new int[3];
        for (int row = 0; row < Count; row++)
        {
            ReadOnlySpan<float> oneHot = drawn.AsSpan((row * 5) + 1, 3);
            Assert.AreEqual(1f, oneHot.ToArray().Sum(), "one category a row");
            Assert.AreEqual(2, oneHot.ToArray().Count(value => value == 0f));
            counts[Array.IndexOf(colour.Categories.ToArray(), colour.CategoryOf(drawn.AsSpan(row * 5, 5)))]++;
        }

        Assert.IsGreaterThan(0.1, expected.Min() / expected.Sum(), $"every colour has a share worth testing: means {string.Join(", ", mean)}");
        for (int c = 0; c < 3; c++)
        {
            double share = expected[c] / expected.Sum();
            Assert.AreEqual(share, counts[c] / (double)Count, 4 * Math.Sqrt(share * (1 - share) / Count) + 1e-9, $"category {c}: means {string.Join(", ", mean)}");
        }
    }

    [TestMethod]
    public void AManifestWhoseCategoriesDoNotFitTheModelIsRefused()
    {
        byte[] zip = ModelZip.Save(Model.Value);

        (Action<JsonObject> Edit, string Message)[] damages =
        [
            (m => m["categoricalFeatures"]![0]!["firstFeature"] = 3, "Categorical feature 0 takes features 3 to 5, but each must come after the one before it (from feature 0 on) and within the 5 features"),
            (m => m["categoricalFeatures"]![0]!["categories"] = new JsonArray("red", "red", "blue"), "\"red\" comes twice"),
            (m => m["categoricalFeatures"]![0]!["categories"] = new JsonArray(), "at $.categoricalFeatures: Categorical feature 0 has no categories; give at least one."),
            (m => m["categoricalFeatures"]!.AsArray().Add(m["categoricalFeatures"]![0]!.DeepClone()), "Categorical feature 1 takes features 1 to 3, but each must come after the one before it (from feature 4 on)"),
            (m => m["categoricalFeatures"]![0]!.AsObject().Remove("categories"), "categories"),
            (m => m["categoricalFeatures"]![0]!["columnName"] = " ", "Categorical feature 0 has a column name that is blank"),
            (
                m =>
                {
                    m["categoricalFeatures"]![0]!["columnName"] = "colour";
                    m["featureNames"] = new JsonArray("f0", "colour=blue", "colour=green", "red", "f4");
                },
                "Feature 3 is named \"red\", but as category \"red\" of column \"colour\" it is named \"colour=red\""),
        ];

        foreach ((Action<JsonObject> edit, string message) in damages)
        {
            var refused = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(ModelZip.EditManifest(zip, edit)));
            StringAssert.Contains(refused.Message, message);
        }

        Assert.Contains("\"categoricalFeatures\"", Encoding.UTF8.GetString(ModelZip.Entries(zip)["manifest.json"]));
        StringAssert.Contains(
            Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(ModelZip.EditManifest(zip, m => m["categoricalFeatures"] = new JsonArray()))).Message,
            "manifest.json says categoricalFeatures (first+count) is none, but the graphs in the zip have 1+3.",
            "an empty list is none, which graphs with a softmax over features 1 to 3 are not");
    }

    [TestMethod]
    public void AModelSavedWithCategoriesThatDifferOnlyInWhitespaceStillLoadsButReadsNoCsvFileWithThem()
    {
        byte[] zip = ModelZip.EditManifest(ModelZip.Save(Model.Value), m => m["categoricalFeatures"]![0]!["categories"] = new JsonArray("blue", "blue ", "red"));

        VaeModel loaded = ModelZip.Load(zip);

        CollectionAssert.AreEqual(new[] { "blue", "blue ", "red" }, loaded.CategoricalFeatures!.Single().Categories.ToArray());
        var refused = Assert.ThrowsExactly<ArgumentException>(
            () => CsvDatasetReader.Read(new StringReader("3,red,1\n"), new CsvDatasetOptions { HasHeader = false, Categories = loaded.CategoricalFeatures }));
        StringAssert.Contains(refused.Message, "Categories entry 0 holds \"blue\" and \"blue \", which are one text once the whitespace around them is taken off");
    }

    [TestMethod]
    public void EachCategoricalColumnIsReconstructedAndGeneratedAsProbabilitiesInProcessAndThroughOnnxRuntime()
    {
        float[] rows = Headerless(Rows).ToArray();
        var inProcess = new float[rows.Length];
        Model.Value.Reconstruct(rows, inProcess);
        using VaeTransformer transformer = VaeTransformer.Load(new MemoryStream(ModelZip.Save(Model.Value)));
        float[] throughRuntime = transformer.Transform(Headerless(Rows)).Reconstruction;
        float[] generated = Model.Value.Generate(count: 8, seed: 1);

        foreach (float[] output in new[] { inProcess, throughRuntime, generated })
        {
            for (int row = 0; row < 8; row++)
            {
                float[] probabilities = output.AsSpan((row * 5) + 1, 3).ToArray();
                Assert.IsTrue(probabilities.All(p => p is > 0f and < 1f), string.Join(", ", probabilities));
                Assert.AreEqual(1f, probabilities.Sum(), 1e-6f);
            }
        }

        for (int i = 0; i < rows.Length; i++)
        {
            Assert.AreEqual(inProcess[i], throughRuntime[i], 1e-5f, $"value {i}");
        }
    }

    [TestMethod]
    public void StandardizingLeavesTheOneHotFeaturesAsTheyAre()
    {
        VaeModel model = TinyGaussianTraining.Fit(Headerless(Rows), scaling: VaeInputScaling.Standardize);

        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, model.Scaling!.Offset[1..4]);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f }, model.Scaling.Scale[1..4]);
        Assert.AreEqual(6.5f, model.Scaling.Offset[0], 1e-5f, "the numbers are standardized");
    }

    [TestMethod]
    public void TheGraphsOfAModelOfCategoriesSayWhichFeaturesTheyModelAsCategories()
    {
        foreach (byte[] graph in new[] { "encoder.onnx", "decoder.onnx", "autoencoder.onnx" }.Select(name => ModelZip.Entries(ModelZip.Save(Model.Value))[name]))
        {
            Dictionary<string, string> metadata = ModelProto.Parser.ParseFrom(graph).MetadataProps.ToDictionary(e => e.Key, e => e.Value);

            Assert.AreEqual("2", metadata["vae_mlnet.format"]);
            Assert.AreEqual("1+3", metadata["vae_mlnet.categorical_features"]);
        }
    }

    [TestMethod]
    public void AModelThatTreatsItsOneHotFeaturesAsNumbersLoadsAndScoresAsItWasSaved()
    {
        // As saved before categorical columns were modelled: one-hot features under the Gaussian likelihood, format 1.
        VaeModel numeric = TinyGaussianTraining.Fit(VaeDataset.FromArray(Headerless(Rows).ToArray(), 5));
        var earlier = new VaeModel(numeric.Network, numeric.Scaling, numeric.Options, numeric.History, featureNames: null, categoricalFeatures: Model.Value.CategoricalFeatures);
        byte[] zip = ModelZip.Save(earlier);
        float[] rows = Headerless(Rows).ToArray();
        var expected = new float[rows.Length];
        numeric.Reconstruct(rows, expected);

        VaeModel loaded = ModelZip.Load(zip);

        var actual = new float[rows.Length];
        loaded.Reconstruct(rows, actual);
        CollectionAssert.AreEqual(expected, actual);
        Assert.IsTrue(loaded.Network.Categories.IsEmpty);
        Assert.AreEqual(1, loaded.CategoricalFeatures!.Count);
        Assert.AreEqual("1", ModelProto.Parser.ParseFrom(ModelZip.Entries(zip)["decoder.onnx"]).MetadataProps.Single(e => e.Key == "vae_mlnet.format").Value);
    }

    [TestMethod]
    public void AModelWhoseNetworkOrScalingDisagreesWithItsCategoriesCannotBeMade()
    {
        VaeModel trained = Model.Value;
        var moved = new FeatureScaling([0f, 0.5f, 0f, 0f, 0f], [1f, 1f, 1f, 1f, 1f]);

        var withoutCategories = Assert.ThrowsExactly<InvalidDataException>(() => new VaeModel(trained.Network, null, trained.Options, trained.History, featureNames: null));
        var scaled = Assert.ThrowsExactly<InvalidDataException>(
            () => new VaeModel(trained.Network, moved, trained.Options, trained.History, featureNames: null, categoricalFeatures: trained.CategoricalFeatures));

        Assert.AreEqual("The network models features 1+3 (first+count) as categories, but the model's categorical features are none.", withoutCategories.Message);
        Assert.AreEqual("The scaling moves features the network models as categories (1+3, first+count), whose cross-entropy needs them as they are.", scaled.Message);
    }

    [TestMethod]
    public void DataWhoseFeatureNamesAreNotItsCategoriesIsRefusedBeforeTraining()
    {
        VaeDataset named = CsvDatasetReader.Read(new StringReader("n,colour,m\n" + Rows), new CsvDatasetOptions { CategoricalColumnNames = ["colour"] });

        var refused = Assert.ThrowsExactly<ArgumentException>(() => TinyGaussianTraining.Fit(new RenamedRows(named, ["f0", "f1", "f2", "f3", "f4"])));

        StringAssert.Contains(refused.Message, "The data's CategoricalFeatures cannot be kept: Feature 1 is named \"f1\", but as category \"blue\" of column \"colour\" it is named \"colour=blue\"");
        Assert.AreEqual("data", refused.ParamName);
    }
}
