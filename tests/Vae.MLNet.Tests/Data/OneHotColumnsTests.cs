using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class OneHotColumnsTests
{
    // An ML.NET feature column's layout in small: one-hot ranges named by slot, without a column name of their own.
    private static readonly string[] SlotNames = ["Age", "WorkclassOH.Private", "WorkclassOH.State-gov", "WorkclassOH.?", "SexOH.Male", "SexOH.Female"];

    private static readonly VaeCategoricalFeature[] Unnamed =
    [
        new(null, 1, ["Private", "State-gov", "?"]),
        new(null, 4, ["Male", "Female"]),
    ];

    private static readonly CsvDatasetOptions BySlotNames = new() { FeatureColumnNames = SlotNames, Categories = Unnamed };

    private static VaeDataset Read(string text, CsvDatasetOptions options) => CsvDatasetReader.Read(new StringReader(text), options);

    [TestMethod]
    public void CategoriesWithoutAColumnNameAreReadFromTheOneHotColumnsTheFeatureNamesName()
    {
        const string File = "SexOH.Female,SexOH.Male,Age,WorkclassOH.?,WorkclassOH.State-gov,WorkclassOH.Private\n1,0,39,0,1,0\n0,1,50,0,0,0\n";

        VaeDataset data = Read(File, BySlotNames);

        CollectionAssert.AreEqual(new float[] { 39, 0, 1, 0, 0, 1, 50, 0, 0, 0, 1, 0 }, data.ToArray(), "a row of 0s is none of the categories");
        CollectionAssert.AreEqual(SlotNames, data.FeatureNames!.ToArray());
        CollectionAssert.AreEqual(Unnamed, data.CategoricalFeatures!.ToArray());
    }

    [TestMethod]
    public void ARowWhoseOneHotColumnsAreNotOneHotIsRefusedNamingItsLineAndColumns()
    {
        const string Header = "Age,WorkclassOH.Private,WorkclassOH.State-gov,WorkclassOH.?,SexOH.Male,SexOH.Female\n";

        var twoOnes = Assert.ThrowsExactly<VaeDataException>(() => Read($"{Header}39,1,0,0,0,1\n50,1,0,1,1,0\n", BySlotNames));
        var notZeroOrOne = Assert.ThrowsExactly<VaeDataException>(() => Read($"{Header}39,1,0,0,0.5,0.5\n", BySlotNames));

        StringAssert.Contains(
            twoOnes.Message,
            "line 3, column 4 (\"WorkclassOH.?\"): the cell holds a 1, as column 2 (\"WorkclassOH.Private\") does, but it is the one-hot column of category \"?\" of the categorical column at feature 1");
        StringAssert.Contains(twoOnes.Message, "so a row has at most one 1 among them");
        Assert.AreEqual(1L, twoOnes.Row);
        StringAssert.Contains(notZeroOrOne.Message, "line 2, column 5 (\"SexOH.Male\"): the cell holds 0.5, but it is the one-hot column of category \"Male\"");
        StringAssert.Contains(notZeroOrOne.Message, "write 0 or 1, or read a column of text categories instead by listing it in CategoricalColumnNames.");
    }

    [TestMethod]
    public void CategoriesWithoutAColumnNameAreStillReadFromTextColumnsTheOptionsChooseAsSuch()
    {
        const string File = "Age,Workclass,Sex\n39,State-gov,Female\n";
        var text = new[] { 39f, 0, 1, 0, 0, 1 };

        VaeDataset chosen = Read(File, new CsvDatasetOptions { FeatureColumnNames = ["Age", "Workclass", "Sex"], CategoricalColumnNames = ["Workclass", "Sex"], Categories = Unnamed });
        VaeDataset placed = Read(File, new CsvDatasetOptions { FeatureColumnNames = ["Age", "Workclass", "Sex"], Categories = Unnamed });

        CollectionAssert.AreEqual(text, chosen.ToArray());
        CollectionAssert.AreEqual(text, placed.ToArray(), "too few names for one-hot columns: the text columns where the categories' features start");
    }

    [TestMethod]
    public void OneHotColumnsCountOneFeatureColumnEachAgainstTheColumnsAskedFor()
    {
        const string File = "Age,WorkclassOH.Private,WorkclassOH.State-gov,WorkclassOH.?,SexOH.Male,SexOH.Female,Extra\n39,1,0,0,0,1,7\n";

        VaeDataset read = Read(File, new CsvDatasetOptions { FeatureColumnNames = SlotNames, Categories = Unnamed, FeatureColumnCount = 3 });
        var more = Assert.ThrowsExactly<VaeDataException>(
            () => Read(File, new CsvDatasetOptions { FeatureColumnNames = [.. SlotNames, "Extra"], Categories = Unnamed, FeatureColumnCount = 3 }));

        Assert.AreEqual(6, read.FeatureCount);
        Assert.AreEqual(7, more.FeatureColumnsChosen);
        Assert.AreEqual(6, more.FeatureColumnsWanted);
    }
}
