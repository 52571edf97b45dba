using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class CsvLabelNamesTests
{
    private static readonly CsvDatasetOptions WithTarget = new() { LabelColumnName = "target" };

    private static VaeDataset Read(params string[] labels) =>
        CsvDatasetReader.Read(new StringReader("a,target\n" + string.Join(string.Empty, labels.Select((label, row) => $"{row},{label}\n"))), WithTarget);

    [TestMethod]
    public void TextLabelsAreClassNamesInOrdinalOrderWithTheirIndicesAsLabels()
    {
        VaeDataset data = Read(" >50K", "<=50K", "\"Dog, small\"", ">50K ");

        CollectionAssert.AreEqual(new[] { "<=50K", ">50K", "Dog, small" }, data.LabelNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 0, 2, 1 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void IntegerLabelsHaveNoNames()
    {
        VaeDataset data = Read("3", "2.0", "-1");

        Assert.IsNull(data.LabelNames);
        CollectionAssert.AreEqual(new[] { 3, 2, -1 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void AmongTextLabelsNumbersAreNamesAndAnIntegerIsNamedByItsDigitsBeforeOrAfterTheText()
    {
        VaeDataset data = Read("1", "2.0", "cat", "2", "1.5", "1e10", "01");

        CollectionAssert.AreEqual(new[] { "1", "1.5", "1e10", "2", "cat" }, data.LabelNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 3, 4, 3, 1, 2, 0 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void TheNamesAndTheirIdsDoNotDependOnTheRowsOrder()
    {
        string[] labels = ["b", "a", "7", "c", "a", "b"];

        VaeDataset forward = Read(labels);
        VaeDataset backward = Read([.. labels.Reverse()]);

        CollectionAssert.AreEqual(forward.LabelNames!.ToArray(), backward.LabelNames!.ToArray());
        CollectionAssert.AreEqual(forward.Labels!.ToArray(), backward.Labels!.Reverse().ToArray());
    }

    [TestMethod]
    public void ANumberThatIsNoIntegerIsANameOnlyWhenSomeLabelIsText()
    {
        VaeDataset named = Read("0", "2.5", "x");
        var error = Assert.ThrowsExactly<VaeDataException>(() => Read("0", "2.5", "1", "3.5"));

        CollectionAssert.AreEqual(new[] { "0", "2.5", "x" }, named.LabelNames!.ToArray());
        Assert.AreEqual(1, error.Row, "the first number that is no integer");
        StringAssert.Contains(error.Message, "line 3, column 2 (\"target\"): the label \"2.5\" is a number but not an integer");
    }

    [TestMethod]
    public void ManyDistinctNumbersWithoutTextAreRefusedBeforeTheFileEndsUnlessTheNamesAreGiven()
    {
        string[] labels = [.. Enumerable.Range(0, 10_001).Select(row => $"{row}.5"), "text after all"];
        string text = "a,target\n" + string.Join(string.Empty, labels.Select(label => $"1,{label}\n"));

        var error = Assert.ThrowsExactly<VaeDataException>(() => Read(labels));
        VaeDataset named = CsvDatasetReader.Read(new StringReader(text), new CsvDatasetOptions { LabelColumnName = "target", LabelNames = labels });

        StringAssert.Contains(error.Message, "line 2, column 2 (\"target\"): the label \"0.5\" is a number but not an integer");
        CollectionAssert.AreEqual(Enumerable.Range(0, labels.Length).ToArray(), named.Labels!.ToArray(), "given names are no numbers waiting for text");
    }

    [TestMethod]
    public void GivenNamesGiveTheIdsOfTheirPlacesWhateverTheLabelsAre()
    {
        var options = new CsvDatasetOptions { LabelColumnName = "target", LabelNames = ["tall", "2", "1.5", "short"] };

        VaeDataset data = CsvDatasetReader.Read(new StringReader("a,target\n1,short\n2,2.0\n3,1.5\n4,tall\n"), options);
        var unknown = Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.Read(new StringReader("a,target\n1,short\n2,3\n"), options));

        CollectionAssert.AreEqual(new[] { "tall", "2", "1.5", "short" }, data.LabelNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 3, 1, 2, 0 }, data.Labels!.ToArray());
        StringAssert.Contains(unknown.Message, "line 3, column 2 (\"target\"): the label \"3\" is not among the class names given (LabelNames), \"tall\", \"2\", \"1.5\", \"short\";");
    }

    [TestMethod]
    public void AnIntegerLabelMatchesTheGivenNameWrittenAsItIsBeforeItsDigits()
    {
        var options = new CsvDatasetOptions { LabelColumnName = "t", LabelNames = ["02", "01", "1.0", "1"] };

        VaeDataset data = CsvDatasetReader.Read(new StringReader("a,t\n1,01\n2,02\n3,1.0\n4,1\n5,001\n"), options);
        var unknown = Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.Read(new StringReader("a,t\n1,01\n2,2.0\n"), options));

        CollectionAssert.AreEqual(new[] { "02", "01", "1.0", "1" }, data.LabelNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 0, 2, 3, 3 }, data.Labels!.ToArray());
        StringAssert.Contains(unknown.Message, "line 3, column 2 (\"t\"): the label \"2.0\" is not among the class names given");
    }

    [TestMethod]
    public void GivenNamesMatchLabelsWithoutTheWhitespaceAroundThemAndCannotDifferInItAlone()
    {
        var options = new CsvDatasetOptions { LabelColumnName = "t", LabelNames = [" b", "a "] };

        VaeDataset data = CsvDatasetReader.Read(new StringReader("x,t\n1, a\n2,b\n"), options);
        var twins = Assert.ThrowsExactly<ArgumentException>(
            () => CsvDatasetReader.Read(new StringReader("x,t\n1,a\n"), new CsvDatasetOptions { LabelColumnName = "t", LabelNames = ["a", "b", " a"] }));

        CollectionAssert.AreEqual(new[] { " b", "a " }, data.LabelNames!.ToArray(), "the names as given");
        CollectionAssert.AreEqual(new[] { 1, 0 }, data.Labels!.ToArray());
        Assert.AreEqual("LabelNames", twins.ParamName);
        StringAssert.Contains(twins.Message, "LabelNames holds \"a\" and \" a\", which are one text once the whitespace around them is taken off");
    }

    [TestMethod]
    public void GivenNamesNeedALabelColumnAndSomeClassesEachOnce()
    {
        var withoutColumn = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a\n1\n"), new CsvDatasetOptions { LabelNames = ["x"] }));
        var twice = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a,t\n1,x\n"), new CsvDatasetOptions { LabelColumnName = "t", LabelNames = ["x", "y", "x"] }));
        var none = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a,t\n1,x\n"), new CsvDatasetOptions { LabelColumnName = "t", LabelNames = [] }));
        var nullName = Assert.ThrowsExactly<ArgumentException>(() => CsvDatasetReader.Read(new StringReader("a,t\n1,x\n"), new CsvDatasetOptions { LabelColumnName = "t", LabelNames = ["x", null!] }));

        Assert.AreEqual("LabelNames", withoutColumn.ParamName);
        StringAssert.Contains(withoutColumn.Message, "none is chosen; set LabelColumnName or LabelColumnIndex");
        Assert.AreEqual("LabelNames", twice.ParamName);
        StringAssert.Contains(twice.Message, "holds \"x\" twice");
        Assert.AreEqual("LabelNames", none.ParamName);
        StringAssert.Contains(none.Message, "LabelNames is empty; give the class names, or leave it null to read the file's own.");
        Assert.AreEqual("LabelNames", nullName.ParamName);
        StringAssert.Contains(nullName.Message, "LabelNames entry 1 is null; give each class's name.");
    }

    [TestMethod]
    public void ViewsAndLatentMeansOfTheDataKeepItsNames()
    {
        VaeDataset data = Read("dog", "cat", "dog", "bird");
        VaeModel model = new VaeTrainer(new VaeOptions { HiddenLayerSizes = [2], LatentDimension = 1, Epochs = 1, BatchSize = 4, NumberOfThreads = 1, Likelihood = VaeLikelihood.Gaussian }).Fit(data);

        VaeDataset subset = data.Subset([3, 0]);
        VaeDataset binarized = BinarizedDataset.Threshold(data);
        VaeDataset means = LatentFeatures.EncodeMeans(model, data);

        string[] names = ["bird", "cat", "dog"];
        CollectionAssert.AreEqual(names, subset.LabelNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 2 }, subset.Labels!.ToArray());
        CollectionAssert.AreEqual(names, binarized.LabelNames!.ToArray());
        CollectionAssert.AreEqual(names, means.LabelNames!.ToArray());
        CollectionAssert.AreEqual(data.Labels!.ToArray(), means.Labels!.ToArray());
    }

    [TestMethod]
    public void ATestFileIsReadWithTheTrainingFilesOptionsRestatingOnlyItsClassNamesAndCategories()
    {
        var options = new CsvDatasetOptions { HasHeader = false, LabelColumnIndex = 2, CategoricalColumnIndices = [1] };
        VaeDataset train = CsvDatasetReader.Read(new StringReader("1,red,cat\n2,blue,dog\n"), options);

        VaeDataset test = CsvDatasetReader.Read(
            new StringReader("3,red,dog\n"), options with { LabelNames = train.LabelNames, Categories = train.CategoricalFeatures });

        CollectionAssert.AreEqual(new[] { 1 }, test.Labels!.ToArray(), "dog keeps the training file's id though the test file lacks cat");
        CollectionAssert.AreEqual(new[] { 3f, 0f, 1f }, test.ToArray(), "red keeps the training file's place though the test file lacks blue");
        Assert.IsNull(options.LabelNames, "with copies the options, leaving the training file's alone");
    }
}
