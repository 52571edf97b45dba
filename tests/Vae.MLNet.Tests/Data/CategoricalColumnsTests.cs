using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class CategoricalColumnsTests
{
    // UCI Adult's layout in small: a comma and a space between cells, text categories beside numbers, "?" for unknown.
    private const string People = "age,workclass,hours,sex\n39, State-gov, 40, Male\n50, Private, 13, Female\n38, ?, 40, Male\n53, Private, 40, Male\n";

    private static VaeDataset Read(string text, CsvDatasetOptions options) => CsvDatasetReader.Read(new StringReader(text), options);

    [TestMethod]
    public void ACategoricalColumnBecomesOneFeaturePerCategoryInItsPlaceInOrdinalOrder()
    {
        VaeDataset data = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["sex", "workclass"] });

        CollectionAssert.AreEqual(
            new[] { "age", "workclass=?", "workclass=Private", "workclass=State-gov", "hours", "sex=Female", "sex=Male" },
            data.FeatureNames!.ToArray());
        CollectionAssert.AreEqual(
            new float[]
            {
                39, 0, 0, 1, 40, 0, 1,
                50, 0, 1, 0, 13, 1, 0,
                38, 1, 0, 0, 40, 0, 1,
                53, 0, 1, 0, 40, 0, 1,
            },
            data.ToArray());
        VaeCategoricalFeature workclass = data.CategoricalFeatures![0];
        Assert.AreEqual("workclass", workclass.ColumnName);
        Assert.AreEqual(1, workclass.FirstFeature);
        CollectionAssert.AreEqual(new[] { "?", "Private", "State-gov" }, workclass.Categories.ToArray());
        Assert.AreEqual(5, data.CategoricalFeatures[1].FirstFeature);
        Assert.AreEqual(2, data.CategoricalFeatures.Count);
    }

    [TestMethod]
    public void AFileReadWithKnownCategoriesGetsTheirFeaturesEvenWhenItLacksSome()
    {
        VaeDataset training = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass", "sex"] });

        VaeDataset test = Read("age,workclass,hours,sex\n20, Private, 30, Male\n", new CsvDatasetOptions { Categories = training.CategoricalFeatures });

        CollectionAssert.AreEqual(training.FeatureNames!.ToArray(), test.FeatureNames!.ToArray());
        CollectionAssert.AreEqual(new float[] { 20, 0, 1, 0, 30, 0, 1 }, test.ToArray());
        Assert.AreEqual(2, test.CategoricalFeatures!.Count);
    }

    [TestMethod]
    public void AModelsFeatureNamesChooseTheColumnsTheirCategoriesCameFrom()
    {
        VaeDataset training = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass"], FeatureColumnNames = ["hours", "workclass"] });

        VaeDataset again = Read(People, new CsvDatasetOptions { Categories = training.CategoricalFeatures, FeatureColumnNames = training.FeatureNames });

        CollectionAssert.AreEqual(training.ToArray(), again.ToArray());
        CollectionAssert.AreEqual(new[] { "hours", "workclass=?", "workclass=Private", "workclass=State-gov" }, again.FeatureNames!.ToArray());
    }

    [TestMethod]
    public void AModelsCategoryFeatureNamesWithoutItsCategoriesAreToldToPassTheCategories()
    {
        VaeDataset training = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass"], FeatureColumnNames = ["hours", "workclass"] });

        var refused = Assert.ThrowsExactly<VaeDataException>(() => Read(People, new CsvDatasetOptions { FeatureColumnNames = training.FeatureNames }));

        StringAssert.Contains(refused.Message, "there are no columns named \"workclass=?\", \"workclass=Private\", \"workclass=State-gov\" to use as features");
        StringAssert.Contains(
            refused.Message,
            "\"workclass=?\", \"workclass=Private\", \"workclass=State-gov\" are column=category names of the header's columns, as a model names the features of a categorical column: "
            + "to read them, set Categories to the model's CategoricalFeatures too.");
        var typo = Assert.ThrowsExactly<VaeDataException>(() => Read(People, new CsvDatasetOptions { FeatureColumnNames = ["hours", "work=class"] }));
        Assert.DoesNotContain("column=category", typo.Message, "\"work\" names no column");
    }

    [TestMethod]
    public void KnownCategoriesMatchCellsWithoutTheWhitespaceAroundThemAndCannotDifferInItAlone()
    {
        // As ML.NET's text loader, which keeps the space after UCI Adult's commas, gives a model its categories.
        VaeCategoricalFeature[] padded = [new VaeCategoricalFeature("c", 0, [" Male", " Female"])];

        VaeDataset data = Read("c,x\n Male,1\n Female,2\n", new CsvDatasetOptions { Categories = padded });
        var twins = Assert.ThrowsExactly<ArgumentException>(() => new VaeCategoricalFeature("c", 0, ["Male", "Female", "Male "]));

        CollectionAssert.AreEqual(new float[] { 1, 0, 1, 0, 1, 2 }, data.ToArray());
        CollectionAssert.AreEqual(new[] { " Male", " Female" }, data.CategoricalFeatures!.Single().Categories.ToArray(), "the categories as given");
        Assert.AreEqual("categories", twins.ParamName, "refused as declared, before a model of them is trained");
        StringAssert.Contains(twins.Message, "The categorical column at feature 0 holds \"Male\" and \"Male \", which are one text once the whitespace around them is taken off");
    }

    [TestMethod]
    [DataRow("Caf\u00E9", "Z\u00FCrich", "Cafe\u0301", "\"Cafe\\u0301\" writes its accents decomposed", DisplayName = "decomposed in the file")]
    [DataRow("Cafe\u0301", "Zu\u0308rich", "Caf\u00E9", "\"Caf\u00E9\" writes its accents composed (NFC), but the column's categories write them decomposed", DisplayName = "decomposed in the categories")]
    public void ACategoryWhoseAccentsAreWrittenInTheOtherFormIsToldSo(string trained, string otherTrained, string read, string hint)
    {
        VaeDataset training = Read($"x,city\n1,{trained}\n2,{otherTrained}\n", new CsvDatasetOptions { CategoricalColumnNames = ["city"] });

        var refused = Assert.ThrowsExactly<VaeDataException>(
            () => Read($"x,city\n1,{read}\n", new CsvDatasetOptions { Categories = training.CategoricalFeatures }));

        StringAssert.Contains(refused.Message, hint);
    }

    [TestMethod]
    public void ACategoryTheKnownOnesLackIsRefusedNamingItsCell()
    {
        VaeDataset training = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass"], FeatureColumnNames = ["age", "workclass", "hours"] });

        var refused = Assert.ThrowsExactly<VaeDataException>(
            () => Read("age,workclass,hours,sex\n20, Private, 30, 1\n31, Never-worked, 20, 0\n", new CsvDatasetOptions { Categories = training.CategoricalFeatures, FeatureColumnNames = ["age", "workclass", "hours"] }));

        StringAssert.Contains(refused.Message, "line 3, column 2 (\"workclass\"): the category \"Never-worked\" is not among those the column is read with (Categories): \"?\", \"Private\", \"State-gov\"");
        StringAssert.Contains(refused.Message, "or read it as none of them (UnknownCategoriesAsNone).");
        Assert.AreEqual(1, refused.Row);
        Assert.AreEqual(1, refused.Column);
    }

    [TestMethod]
    public void ACategoricalColumnWithABlankHeaderCellHasNoNameAndLeavesTheFeaturesUnnamed()
    {
        VaeDataset data = Read("n, ,m\n1,red,2\n3,blue,4\n", new CsvDatasetOptions { CategoricalColumnIndices = [1] });

        Assert.IsNull(data.CategoricalFeatures!.Single().ColumnName);
        Assert.IsNull(data.FeatureNames, "a blank name names no feature");
        CollectionAssert.AreEqual(new float[] { 1, 0, 1, 2, 3, 1, 0, 4 }, data.ToArray());
    }

    [TestMethod]
    public void ACategoryTheKnownOnesLackCanBeReadAsNoneOfThem()
    {
        VaeDataset training = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass"], FeatureColumnNames = ["age", "workclass", "hours"] });

        VaeDataset read = Read(
            "age,workclass,hours\n20, Private, 30\n31, Never-worked, 20\n45, ?, 10\n",
            new CsvDatasetOptions { Categories = training.CategoricalFeatures, UnknownCategoriesAsNone = true });

        CollectionAssert.AreEqual(new float[] { 20, 0, 1, 0, 30, 31, 0, 0, 0, 20, 45, 1, 0, 0, 10 }, read.ToArray());
        Assert.IsTrue(read.CategoricalFeatures![0].SameAs(training.CategoricalFeatures![0]), "the known categories stand");
        CollectionAssert.AreEqual(
            Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass"], FeatureColumnNames = ["age", "workclass", "hours"], UnknownCategoriesAsNone = true }).ToArray(),
            training.ToArray(),
            "without known categories every category is learned");
    }

    [TestMethod]
    public void AFileWithoutAHeaderTakesItsCategoricalColumnsByIndexAndNamesNoFeatures()
    {
        const string Rows = "1,b,2\n3,a,4\n5,b,6\n";
        var options = new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] };

        VaeDataset data = Read(Rows, options);

        Assert.IsNull(data.FeatureNames);
        CollectionAssert.AreEqual(new float[] { 1, 0, 1, 2, 3, 1, 0, 4, 5, 0, 1, 6 }, data.ToArray());
        Assert.IsNull(data.CategoricalFeatures![0].ColumnName);
        CollectionAssert.AreEqual(
            new float[] { 7, 1, 0, 8 },
            Read("7,a,8\n", new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1], Categories = data.CategoricalFeatures }).ToArray());
        CollectionAssert.AreEqual(
            new float[] { 7, 1, 0, 8 },
            Read("7,a,8\n", new CsvDatasetOptions { HasHeader = false, Categories = data.CategoricalFeatures }).ToArray(),
            "the column whose features start where the categories' do");
        var lost = Assert.ThrowsExactly<VaeDataException>(
            () => Read("7,a,8\n", new CsvDatasetOptions { HasHeader = false, FeatureColumnIndices = [1], Categories = data.CategoricalFeatures }));
        StringAssert.Contains(lost.Message, "no feature column would start at feature 1, where Categories entry 0 starts");
    }

    [TestMethod]
    public void FeatureColumnsOtherThanAsManyAsAskedForAreRefusedBeforeTheCategoriesArePlaced()
    {
        VaeDataset training = Read("1,b,2\n3,a,4\n", new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] });

        var fewer = Assert.ThrowsExactly<VaeDataException>(
            () => Read("b,2\n", new CsvDatasetOptions { HasHeader = false, Categories = training.CategoricalFeatures, FeatureColumnCount = 3 }));
        var more = Assert.ThrowsExactly<VaeDataException>(
            () => Read("0,1,b,2\n", new CsvDatasetOptions { HasHeader = false, Categories = training.CategoricalFeatures, FeatureColumnCount = 3 }));

        Assert.AreEqual(2, fewer.FeatureColumnsChosen);
        StringAssert.Contains(fewer.Message, "line 1 (first row): the options choose 2 feature columns, but 3 are asked for (FeatureColumnCount); choose as many.");
        Assert.AreEqual(4, more.FeatureColumnsChosen, "refused before its number is read as a category");
        Assert.AreEqual(3 + 1, Read("0,b,2\n", new CsvDatasetOptions { HasHeader = false, Categories = training.CategoricalFeatures, FeatureColumnCount = 3 }).FeatureCount);
    }

    [TestMethod]
    public void ANumberWhereTheKnownCategoriesAreAllTextIsToldTheColumnsAreShiftedNotToReadItAsNone()
    {
        VaeDataset training = Read("1,b,2\n3,a,4\n", new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] });
        VaeDataset numbered = Read("1,10,2\n3,20,4\n", new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] });

        var shifted = Assert.ThrowsExactly<VaeDataException>(
            () => Read("7,8,a\n", new CsvDatasetOptions { HasHeader = false, Categories = training.CategoricalFeatures }));
        var unknownNumber = Assert.ThrowsExactly<VaeDataException>(
            () => Read("7,30,8\n", new CsvDatasetOptions { HasHeader = false, Categories = numbered.CategoricalFeatures }));

        StringAssert.Contains(
            shifted.Message,
            "column 2 (index 1): the cell \"8\" is a number, but the column is read with categories that are all text (Categories): \"a\", \"b\"; "
            + "the columns are most likely not those the categories were read from, so choose the feature columns they were read with, in the same order.");
        Assert.DoesNotContain("UnknownCategoriesAsNone", shifted.Message);
        StringAssert.Contains(unknownNumber.Message, "the category \"30\" is not among those the column is read with (Categories): \"10\", \"20\"");
        StringAssert.Contains(unknownNumber.Message, "(UnknownCategoriesAsNone)");
    }

    [TestMethod]
    public void KnownCategoriesMustStartWhereTheFileGivesTheirColumnsFeatures()
    {
        VaeDataset training = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass"], FeatureColumnNames = ["age", "workclass", "hours"] });

        var moved = Assert.ThrowsExactly<VaeDataException>(
            () => Read(People, new CsvDatasetOptions { Categories = training.CategoricalFeatures, FeatureColumnNames = ["workclass", "age"] }));

        StringAssert.Contains(moved.Message, "the features before column \"workclass\" make 0 values a row, but the categories it was given (Categories) start at feature 1");
    }

    [TestMethod]
    public void ACategoricalColumnRenamedIsReadWithTheKnownCategoriesWhereItIsListedInTheirPlace()
    {
        VaeDataset training = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass", "sex"] });
        string renamed = People.Replace("workclass", "work-class", StringComparison.Ordinal);

        VaeDataset mapped = Read(renamed, new CsvDatasetOptions { Categories = training.CategoricalFeatures, CategoricalColumnNames = ["work-class", "sex"] });
        var unlisted = Assert.ThrowsExactly<VaeDataException>(() => Read(renamed, new CsvDatasetOptions { Categories = training.CategoricalFeatures }));
        var swapped = Assert.ThrowsExactly<VaeDataException>(
            () => Read(People, new CsvDatasetOptions { Categories = training.CategoricalFeatures, FeatureColumnNames = ["age", "sex", "hours", "workclass"] }));

        CollectionAssert.AreEqual(training.ToArray(), mapped.ToArray());
        Assert.AreEqual("work-class", mapped.CategoricalFeatures![0].ColumnName, "the file's name, as a numeric column renamed keeps its own");
        StringAssert.Contains(unlisted.Message, "there is no column named \"workclass\" to read as categories; did you mean \"work-class\"?");
        StringAssert.EndsWith(
            unlisted.Message,
            "The categories given (Categories) are read from the columns of their names; to read them from columns named otherwise, list those as CategoricalColumnNames, in feature order.");
        StringAssert.Contains(
            swapped.Message,
            "column 4 (\"sex\") stands where the categories of \"workclass\" (Categories) belong in feature order, yet it has categories of its own; "
            + "choose the feature columns in the order the categories were read in.");
    }

    [TestMethod]
    public void CategoricalCellsAreKeptAsOneValueEachSoRowsOfMoreFeaturesThanOneArrayHoldsAreRead()
    {
        // 32 768 rows of 1 + 2 × 32 768 features pass Array.MaxLength, while the cells kept are 3 a row.
        string rows = string.Concat(Enumerable.Range(0, 32_768).Select(i => $"{i},a{i},b{i}\n"));

        VaeDataset data = Read("x,a,b\n" + rows, new CsvDatasetOptions { CategoricalColumnNames = ["a", "b"] });

        Assert.AreEqual(32_768, data.RowCount);
        Assert.AreEqual(65_537, data.FeatureCount);
        var row = new float[data.FeatureCount];
        row.AsSpan().Fill(7f);
        data.CopyRows([12_345], row);
        VaeCategoricalFeature a = data.CategoricalFeatures![0], b = data.CategoricalFeatures[1];
        var expected = new float[data.FeatureCount];
        expected[0] = 12_345;
        expected[a.FirstFeature + a.Categories.ToList().IndexOf("a12345")] = 1;
        expected[b.FirstFeature + b.Categories.ToList().IndexOf("b12345")] = 1;
        CollectionAssert.AreEqual(expected, row);
        var whole = Assert.ThrowsExactly<InvalidOperationException>(() => data.ToArray());
        StringAssert.Contains(whole.Message, "more than one array holds");
    }

    [TestMethod]
    public void CategoricalCellsMustNameACategory()
    {
        var empty = Assert.ThrowsExactly<VaeDataException>(() => Read("a,b\n1,x\n2, \n", new CsvDatasetOptions { CategoricalColumnNames = ["b"] }));

        StringAssert.Contains(empty.Message, "line 3, column 2 (\"b\"): the cell is empty; a categorical column needs a category in every row");
        var aligned = Assert.ThrowsExactly<VaeDataException>(() => Read("c n\n 1\n", new CsvDatasetOptions { Separator = ' ', CategoricalColumnNames = ["c"] }));
        StringAssert.EndsWith(aligned.Message, "such as \"?\", first). Runs of ' ', or one starting the line, make empty cells too: separate the file's cells by exactly one ' '.");
    }

    [TestMethod]
    public void CategoricalColumnsMustBeFeatureColumns()
    {
        var notFeature = Assert.ThrowsExactly<VaeDataException>(
            () => Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["sex"], FeatureColumnNames = ["age", "hours"] }));
        var label = Assert.ThrowsExactly<VaeDataException>(
            () => Read("a,b\n1,2\n", new CsvDatasetOptions { CategoricalColumnNames = ["b"], LabelColumnName = "b" }));
        var missing = Assert.ThrowsExactly<VaeDataException>(() => Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclas"] }));
        var twice = Assert.ThrowsExactly<VaeDataException>(() => Read(People, new CsvDatasetOptions { CategoricalColumnIndices = [1, 1], FeatureColumnIndices = [1] }));

        StringAssert.Contains(notFeature.Message, "column 4 (\"sex\") is listed as a categorical column but is not a feature column");
        StringAssert.Contains(label.Message, "column 2 (\"b\") is the label column, so it cannot also be a categorical feature column");
        StringAssert.Contains(missing.Message, "there is no column named \"workclas\" to read as categories; did you mean \"workclass\"?");
        StringAssert.Contains(twice.Message, "is listed twice as a categorical column");
    }

    [TestMethod]
    public void ContradictoryCategoricalOptionsAreRefusedBeforeReading()
    {
        VaeDataset training = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass"], FeatureColumnNames = ["age", "workclass", "hours"] });

        (CsvDatasetOptions Options, string Param)[] cases =
        [
            (new CsvDatasetOptions { CategoricalColumnNames = ["a"], CategoricalColumnIndices = [1] }, nameof(CsvDatasetOptions.CategoricalColumnIndices)),
            (new CsvDatasetOptions { HasHeader = false, CategoricalColumnNames = ["a"] }, nameof(CsvDatasetOptions.CategoricalColumnNames)),
            (new CsvDatasetOptions { CategoricalColumnNames = [] }, nameof(CsvDatasetOptions.CategoricalColumnNames)),
            (new CsvDatasetOptions { CategoricalColumnNames = [null!] }, nameof(CsvDatasetOptions.CategoricalColumnNames)),
            (new CsvDatasetOptions { CategoricalColumnIndices = [] }, nameof(CsvDatasetOptions.CategoricalColumnIndices)),
            (new CsvDatasetOptions { Categories = [null!] }, nameof(CsvDatasetOptions.Categories)),
            (new CsvDatasetOptions { Categories = training.CategoricalFeatures, CategoricalColumnIndices = [1, 2] }, nameof(CsvDatasetOptions.Categories)),
        ];

        foreach ((CsvDatasetOptions options, string param) in cases)
        {
            Assert.AreEqual(param, Assert.ThrowsExactly<ArgumentException>(() => Read(People, options)).ParamName);
        }

        Assert.AreEqual(
            nameof(CsvDatasetOptions.CategoricalColumnIndices),
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Read(People, new CsvDatasetOptions { CategoricalColumnIndices = [-1] })).ParamName);
    }

    [TestMethod]
    public void CategoryOfIsTheCategoryWhoseFeatureIsLargestTheFirstOnATie()
    {
        VaeCategoricalFeature workclass = Read(People, new CsvDatasetOptions { CategoricalColumnNames = ["workclass"], FeatureColumnNames = ["age", "workclass", "hours"] }).CategoricalFeatures![0];

        Assert.AreEqual("Private", workclass.CategoryOf([39f, 0.2f, 0.5f, 0.3f, 40f, 1f, 0f]));
        Assert.AreEqual("?", workclass.CategoryOf([0f, 0.4f, 0.4f, 0.2f]));
        Assert.AreEqual("State-gov", workclass.CategoryOf([0f, -3f, -2f, -1f]));
        var nan = Assert.ThrowsExactly<ArgumentException>(() => workclass.CategoryOf([0f, 0.1f, float.NaN, 0.2f]));
        var shortRow = Assert.ThrowsExactly<ArgumentException>(() => workclass.CategoryOf([0f, 0.1f, 0.2f]));

        StringAssert.Contains(nan.Message, "Feature 2 of the row, category \"Private\" of column \"workclass\", is NaN");
        StringAssert.Contains(shortRow.Message, "The row holds 3 features, but the categories of column \"workclass\" take features 1 to 3");
        Assert.AreEqual("row", shortRow.ParamName);
    }
}
