using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class FeatureNamesTests
{
    private static VaeDataset Read(string text, CsvDatasetOptions? options = null) =>
        CsvDatasetReader.Read(new StringReader(text), options);

    [TestMethod]
    public void ACsvHeaderNamesTheFeaturesInTheirOrderWithoutTheLabel()
    {
        const string Text = "a,target,b,c\n1,0,2,3\n";

        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, Read(Text, new CsvDatasetOptions { LabelColumnName = "target" }).FeatureNames!.ToArray());
        CollectionAssert.AreEqual(new[] { "c", "a" }, Read(Text, new CsvDatasetOptions { FeatureColumnNames = ["c", "a"] }).FeatureNames!.ToArray());
        CollectionAssert.AreEqual(new[] { "b", "a" }, Read(Text, new CsvDatasetOptions { FeatureColumnIndices = [2, 0] }).FeatureNames!.ToArray());
    }

    [TestMethod]
    public void FeaturesAreUnnamedWithoutAHeaderOrWhenItsNamesCannotTellThemApart()
    {
        Assert.IsNull(Read("1,2\n3,4\n", new CsvDatasetOptions { HasHeader = false }).FeatureNames);
        Assert.IsNull(Read("x,x,y\n1,2,3\n").FeatureNames, "a repeated name");
        Assert.IsNull(Read("x, ,y\n1,2,3\n").FeatureNames, "a blank name");
        CollectionAssert.AreEqual(new[] { "x", "y" }, Read("x,x,y\n1,2,3\n", new CsvDatasetOptions { FeatureColumnIndices = [0, 2] }).FeatureNames!.ToArray());
    }

    [TestMethod]
    public void SubsetsAndBinarizedViewsKeepTheNames()
    {
        VaeDataset data = VaeDataset.FromArray([0.2f, 0.9f, 0.7f, 0.1f], 2, labels: null, ["p", "q"]);

        CollectionAssert.AreEqual(new[] { "p", "q" }, data.Subset([1]).FeatureNames!.ToArray());
        CollectionAssert.AreEqual(new[] { "p", "q" }, BinarizedDataset.Threshold(data).FeatureNames!.ToArray());
        CollectionAssert.AreEqual(new[] { "p", "q" }, BinarizedDataset.Stochastic(data, seed: 1).FeatureNames!.ToArray());
        Assert.IsNull(VaeDataset.FromArray([1f, 2f], 2).FeatureNames);
    }

    // The overloads with names take null for none alike, as names read from elsewhere (a dataset's, a model's) may be.
    [TestMethod]
    public void EveryOverloadTakingNamesTakesNullForNone()
    {
        Assert.IsNull(VaeDataset.FromArray([1f, 2f], 2, labels: null, featureNames: null).FeatureNames);
        Assert.IsNull(VaeDataset.FromArray([1f, 2f], 2, labels: null, featureNames: null, categoricalFeatures: []).FeatureNames);
    }

    [TestMethod]
    public void NamesAreCopiedSoTheCallersListCannotChangeThem()
    {
        string[] names = ["p", "q"];
        VaeDataset data = VaeDataset.FromArray([1f, 2f], 2, labels: null, names);
        names[0] = "changed";

        Assert.AreEqual("p", data.FeatureNames![0]);
    }

    [TestMethod]
    [DataRow(new[] { "p" }, "1 feature name for 2 features")]
    [DataRow(new[] { "p", " " }, "Feature 1 has a blank name")]
    [DataRow(new[] { "p", "p" }, "Features 0 and 1 are both named \"p\"")]
    public void NamesThatCannotTellFeaturesApartAreRefused(string[] names, string message)
    {
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() => VaeDataset.FromArray([1f, 2f], 2, labels: null, names));

        Assert.AreEqual("featureNames", refused.ParamName);
        StringAssert.Contains(refused.Message, message);
    }

    [TestMethod]
    public void NamesTheModelsManifestCouldNotHoldAreRefusedAndLeaveACsvFileUnnamed()
    {
        string[] halfSurrogate = ["p", "q\ud800"];
        string[] huge = [new string('a', 4_500_000), new string('b', 4_500_000)];

        var broken = Assert.ThrowsExactly<ArgumentException>(() => VaeDataset.FromArray([1f, 2f], 2, labels: null, halfSurrogate));
        var tooLong = Assert.ThrowsExactly<ArgumentException>(() => VaeDataset.FromArray([1f, 2f], 2, labels: null, huge));

        StringAssert.Contains(broken.Message, "half a surrogate pair at index 1");
        StringAssert.Contains(tooLong.Message, "8.6 MiB of the model's manifest");

        // The manifest's JSON writes a control character as six bytes (\u0001) and an emoji as twelve (\uD83D\uDE00).
        string[] controls = [new string('\u0001', 800_000), new string('\u0002', 800_000)];
        string emoji = char.ConvertFromUtf32(0x1F600);
        string[] emojis = [string.Concat(Enumerable.Repeat(emoji, 400_000)), "b" + string.Concat(Enumerable.Repeat(emoji, 400_000))];
        var tooManyControls = Assert.ThrowsExactly<ArgumentException>(() => VaeDataset.FromArray([1f, 2f], 2, labels: null, controls));
        var tooManyEmojis = Assert.ThrowsExactly<ArgumentException>(() => VaeDataset.FromArray([1f, 2f], 2, labels: null, emojis));
        StringAssert.Contains(tooManyControls.Message, "9.2 MiB of the model's manifest");
        StringAssert.Contains(tooManyEmojis.Message, "9.2 MiB of the model's manifest");
        Assert.IsNull(Read($"{huge[0]},{huge[1]}\n1,2\n").FeatureNames);
        Assert.IsNotNull(Read($"{huge[0][..1000]},{huge[1][..1000]}\n1,2\n").FeatureNames);
    }

    [TestMethod]
    public void EveryMissingFeatureColumnIsNamedAtOnce()
    {
        VaeDataException one = Assert.ThrowsExactly<VaeDataException>(() => Read("a,b\n1,2\n", new CsvDatasetOptions { FeatureColumnNames = ["a", "z"] }));
        VaeDataException two = Assert.ThrowsExactly<VaeDataException>(() => Read("a,b\n1,2\n", new CsvDatasetOptions { FeatureColumnNames = ["y", "a", "z"] }));

        StringAssert.Contains(one.Message, "there is no column named \"z\" to use as a feature; the 2 columns are \"a\", \"b\".");
        StringAssert.Contains(two.Message, "there are no columns named \"y\", \"z\" to use as features; the 2 columns are \"a\", \"b\".");
    }
}
