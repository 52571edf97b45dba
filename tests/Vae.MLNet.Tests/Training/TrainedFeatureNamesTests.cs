using Vae.MLNet.Data;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Persistence;
using Vae.MLNet.Transforms;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class TrainedFeatureNamesTests
{
    private static readonly string[] Names = ["height", "width", "depth"];

    private static readonly float[] Rows = Enumerable.Range(0, 24).Select(i => (float)Math.Sin(i)).ToArray();

    private static readonly Lazy<VaeModel> Named = new(() => Train(Named3(Names)));

    private static VaeDataset Named3(IReadOnlyList<string>? names) => names is null ? VaeDataset.FromArray(Rows, 3) : VaeDataset.FromArray(Rows, 3, labels: null, names);

    private static VaeModel Train(VaeDataset data, VaeModel? initial = null) => TinyGaussianTraining.Fit(data, initial);

    [TestMethod]
    public void AModelKeepsTheNamesOfItsTrainingDataThroughSaveAndLoad()
    {
        byte[] zip = ModelZip.Save(Named.Value);
        using var runtime = VaeOnnxModel.Load(new MemoryStream(zip));

        CollectionAssert.AreEqual(Names, Named.Value.FeatureNames!.ToArray());
        CollectionAssert.AreEqual(Names, ModelZip.Load(zip).FeatureNames!.ToArray());
        CollectionAssert.AreEqual(Names, runtime.FeatureNames!.ToArray());
        CollectionAssert.AreEqual(Names, runtime.Manifest.FeatureNames!.ToArray());
    }

    [TestMethod]
    public void AModelOfUnnamedDataHasNoNamesAndItsManifestNoMember()
    {
        VaeModel model = Train(Named3(null));
        string manifest = System.Text.Encoding.UTF8.GetString(ModelZip.Entries(ModelZip.Save(model))["manifest.json"]);

        Assert.IsNull(model.FeatureNames);
        Assert.DoesNotContain("featureNames", manifest);
        Assert.IsNull(ModelZip.Load(ModelZip.Save(model)).FeatureNames);
    }

    [TestMethod]
    public void DataWhoseNamesComeInAnotherOrderIsRefusedByEveryDatasetMethod()
    {
        VaeDataset reordered = Named3(["width", "height", "depth"]);
        const string Order = "the same names come in another order: feature 0 is \"width\" where the model has \"height\"";

        AssertRefused(() => Named.Value.Evaluate(reordered), Order);
        AssertRefused(() => Named.Value.EstimateLogLikelihood(reordered, samples: 2), Order);
        AssertRefused(() => LatentFeatures.EncodeMeans(Named.Value, reordered), Order);
        AssertRefused(() => Train(reordered, Named.Value), Order.Replace("the model", "the initial model", StringComparison.Ordinal));
        using var transformer = new VaeTransformer(VaeOnnxModel.FromModel(Named.Value));
        AssertRefused(() => transformer.Transform(reordered), Order);
    }

    [TestMethod]
    public void DataWithOtherNamesIsToldWhichItLacks()
    {
        ArgumentException refused = AssertRefused(() => Named.Value.Evaluate(Named3(["height", "breadth", "length"])), "the data lacks \"width\", \"depth\" and has \"breadth\", \"length\" instead");

        StringAssert.Contains(refused.Message, "FeatureColumnNames set to the model's FeatureNames");
    }

    [TestMethod]
    public void NamedDataOfAnotherWidthIsToldWhichNamesItHasBeyondTheModelsOrLacks()
    {
        string[] wider = [.. Names, "e1", "e2", "e3", "e4", "e5", "e6"];
        VaeDataset extra = VaeDataset.FromArray([.. Enumerable.Range(0, 18).Select(i => (float)i)], 9, labels: null, wider);
        VaeDataset fewer = VaeDataset.FromArray([1f, 2f, 3f, 4f], 2, labels: null, ["height", "depth"]);
        const string Reading = "Read the data with CsvDatasetOptions.FeatureColumnNames set to the model's FeatureNames, which picks its columns by name, in its order.";

        ArgumentException beyond = AssertRefused(() => Named.Value.Evaluate(extra), "The data has 9 features but the model takes 3");
        ArgumentException lacking = AssertRefused(() => LatentFeatures.EncodeMeans(Named.Value, fewer), "The data has 2 features but the model takes 3");

        StringAssert.StartsWith(beyond.Message, $"The data has 9 features but the model takes 3: it has \"e1\", \"e2\", \"e3\", \"e4\", \"e5\" and 1 more beyond the model's features. {Reading}");
        StringAssert.StartsWith(lacking.Message, $"The data has 2 features but the model takes 3: it lacks \"width\". {Reading}");
        AssertRefused(() => Named.Value.Evaluate(VaeDataset.FromArray(new float[18], 9)), "The data has 9 features but the model takes 3. (Parameter");
    }

    [TestMethod]
    public void UnnamedDataAndDataNamedAlikeAreScored()
    {
        Assert.AreEqual(8, Named.Value.Evaluate(Named3(null)).RowCount);
        Assert.AreEqual(8, Named.Value.Evaluate(Named3(Names)).RowCount);
        CollectionAssert.AreEqual(Names, Train(Named3(null), Named.Value).FeatureNames!.ToArray(), "training further on unnamed data keeps the model's names");
        Assert.IsNull(Train(Named3(Names), Train(Named3(null))).FeatureNames, "an unnamed model cannot tell whether the names come in its order");
    }

    [TestMethod]
    public void ADatasetOfOnesOwnWhoseNamesCannotTellItsFeaturesApartIsRefusedBeforeTraining()
    {
        var badlyNamed = new RenamedRows(Named3(null), ["a", "b"]);
        var progress = new SynchronousProgress<VaeEpochReport>();

        ArgumentException training = AssertRefused(() => new VaeTrainer(new VaeOptions { Epochs = 1 }).Fit(badlyNamed, progress), "The data's FeatureNames cannot name its features: There are 2 feature names for 3 features");
        AssertRefused(() => Named.Value.Evaluate(badlyNamed), "The data's FeatureNames cannot name its features");

        Assert.IsEmpty(progress.Reports, "no epoch ran");
        Assert.DoesNotContain("Parameter 'featureNames'", training.Message, "a parameter Fit does not have");
    }

    [TestMethod]
    public void TheInitialModelIsNamedAsSuch()
    {
        ArgumentException refused = AssertRefused(() => Train(Named3(["a", "b", "c"]), Named.Value), "not the ones the initial model was trained on");

        Assert.AreEqual("data", refused.ParamName);
    }

    private static ArgumentException AssertRefused(Action action, string messagePart)
    {
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(action);
        StringAssert.Contains(refused.Message, messagePart);
        Assert.AreEqual("data", refused.ParamName);
        return refused;
    }
}
