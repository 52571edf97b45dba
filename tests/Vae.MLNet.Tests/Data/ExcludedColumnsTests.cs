using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class ExcludedColumnsTests
{
    private const string Patients = "patient_id,radius,texture,target\nP1002,12.5,3,0\nP1003,20.25,4,1\n";

    private static VaeDataset Read(string text, CsvDatasetOptions options) => CsvDatasetReader.Read(new StringReader(text), options);

    [TestMethod]
    public void ExcludedColumnsAreLeftOutOfTheFeatures()
    {
        VaeDataset byName = Read(Patients, new CsvDatasetOptions { LabelColumnName = "target", ExcludedColumnNames = ["patient_id"] });
        VaeDataset byIndex = Read("P1002,12.5,3,0\nP1003,20.25,4,1\n", new CsvDatasetOptions { HasHeader = false, LabelColumnIndex = 3, ExcludedColumnIndices = [0] });
        var unexcluded = Assert.ThrowsExactly<VaeDataException>(() => Read(Patients, new CsvDatasetOptions { LabelColumnName = "target" }));

        CollectionAssert.AreEqual(new[] { "radius", "texture" }, byName.FeatureNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 12.5f, 3f, 20.25f, 4f }, byName.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1 }, byName.Labels!.ToArray());
        CollectionAssert.AreEqual(new[] { 12.5f, 3f, 20.25f, 4f }, byIndex.ToArray());
        StringAssert.Contains(unexcluded.Message, "the cell \"P1002\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, and leave text columns out of the features (ExcludedColumnNames)");
    }

    [TestMethod]
    public void TheFeatureNamesOfDataReadWithExclusionsReadANewFileThatHoldsTheExcludedColumn()
    {
        VaeDataset training = Read(Patients, new CsvDatasetOptions { LabelColumnName = "target", ExcludedColumnNames = ["patient_id"] });
        const string Shuffled = "texture,patient_id,radius\n5,P2001,7.5\n";

        VaeDataset byModelNames = Read(Shuffled, new CsvDatasetOptions { FeatureColumnNames = training.FeatureNames });
        VaeDataset alsoExcluded = Read(Shuffled, new CsvDatasetOptions { FeatureColumnNames = training.FeatureNames, ExcludedColumnNames = ["patient_id"] });

        CollectionAssert.AreEqual(new[] { 7.5f, 5f }, byModelNames.ToArray());
        CollectionAssert.AreEqual(new[] { 7.5f, 5f }, alsoExcluded.ToArray());
    }

    [TestMethod]
    public void ContradictoryExclusionsAreRefusedBeforeReading()
    {
        (CsvDatasetOptions Options, string Param, string Message)[] cases =
        [
            (new CsvDatasetOptions { ExcludedColumnNames = ["a"], ExcludedColumnIndices = [0] }, nameof(CsvDatasetOptions.ExcludedColumnIndices), "Set ExcludedColumnNames or ExcludedColumnIndices, not both."),
            (new CsvDatasetOptions { HasHeader = false, ExcludedColumnNames = ["a"] }, nameof(CsvDatasetOptions.ExcludedColumnNames), "without a header use ExcludedColumnIndices."),
            (new CsvDatasetOptions { ExcludedColumnNames = [] }, nameof(CsvDatasetOptions.ExcludedColumnNames), "ExcludedColumnNames is empty"),
            (new CsvDatasetOptions { ExcludedColumnNames = [null!] }, nameof(CsvDatasetOptions.ExcludedColumnNames), "ExcludedColumnNames entry 0 is null"),
            (new CsvDatasetOptions { ExcludedColumnNames = ["radius"], FeatureColumnNames = ["texture", "radius"] }, nameof(CsvDatasetOptions.ExcludedColumnNames),
                "Column \"radius\" is both excluded (ExcludedColumnNames) and a feature column (FeatureColumnNames); leave it out of one of them."),
            (new CsvDatasetOptions { ExcludedColumnNames = ["target"], LabelColumnName = "target" }, nameof(CsvDatasetOptions.ExcludedColumnNames),
                "Column \"target\" is both excluded (ExcludedColumnNames) and the label column (LabelColumnName)"),
            (new CsvDatasetOptions { ExcludedColumnNames = ["patient_id"], CategoricalColumnNames = ["patient_id"] }, nameof(CsvDatasetOptions.ExcludedColumnNames),
                "Column \"patient_id\" is both excluded (ExcludedColumnNames) and a categorical column (CategoricalColumnNames)"),
            (new CsvDatasetOptions { ExcludedColumnIndices = [1], FeatureColumnIndices = [1, 2] }, nameof(CsvDatasetOptions.ExcludedColumnIndices),
                "Column index 1 is both excluded (ExcludedColumnIndices) and a feature column (FeatureColumnIndices)"),
            (new CsvDatasetOptions { ExcludedColumnIndices = [3], LabelColumnIndex = 3 }, nameof(CsvDatasetOptions.ExcludedColumnIndices),
                "Column index 3 is both excluded (ExcludedColumnIndices) and the label column (LabelColumnIndex)"),
            (new CsvDatasetOptions { ExcludedColumnIndices = [0], CategoricalColumnIndices = [0] }, nameof(CsvDatasetOptions.ExcludedColumnIndices),
                "Column index 0 is both excluded (ExcludedColumnIndices) and a categorical column (CategoricalColumnIndices)"),
        ];

        foreach ((CsvDatasetOptions options, string param, string message) in cases)
        {
            var refused = Assert.ThrowsExactly<ArgumentException>(() => Read(Patients, options), param);
            Assert.AreEqual(param, refused.ParamName);
            StringAssert.Contains(refused.Message, message);
        }

        Assert.AreEqual(
            nameof(CsvDatasetOptions.ExcludedColumnIndices),
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Read(Patients, new CsvDatasetOptions { ExcludedColumnIndices = [-1] })).ParamName);
    }

    [TestMethod]
    public void ExclusionsTheHeaderContradictsAreRefusedNamingTheColumn()
    {
        string Refusal(CsvDatasetOptions options) => Assert.ThrowsExactly<VaeDataException>(() => Read(Patients, options)).Message;

        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { ExcludedColumnNames = ["patiend_id"] }),
            "line 1 (header): there is no column named \"patiend_id\" to exclude; did you mean \"patient_id\"?");
        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { ExcludedColumnIndices = [4] }),
            "the excluded column index 4 is out of range; the file has 4 columns");
        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { ExcludedColumnIndices = [0, 0] }),
            "column 1 (\"patient_id\") is listed twice as an excluded column (ExcludedColumnIndices)");
        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { ExcludedColumnIndices = [3], LabelColumnName = "target" }),
            "column 4 (\"target\") is the label column, so it cannot also be excluded (ExcludedColumnIndices)");
        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { ExcludedColumnIndices = [1], FeatureColumnNames = ["radius", "texture"] }),
            "column 2 (\"radius\") is excluded (ExcludedColumnIndices), so it cannot also be a feature column");
        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { ExcludedColumnIndices = [0], CategoricalColumnNames = ["patient_id"] }),
            "column 1 (\"patient_id\") is excluded (ExcludedColumnIndices), so it cannot also be a categorical feature column");
        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { ExcludedColumnNames = ["patient_id", "radius", "texture"], LabelColumnName = "target" }),
            "every column is excluded (ExcludedColumnNames) or the label column, so no feature columns remain");
    }
}
