using System.Text;
using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class IdColumnTests
{
    private const string Patients = "radius,patient_id,texture,target\n12.5,P1002,3,0\n20.25,\"Doe, J \",4,1\n7,,5,0\n";

    private static CsvReading Read(string text, CsvDatasetOptions options) =>
        CsvDatasetReader.ReadDescribingFeatures(new MemoryStream(Encoding.UTF8.GetBytes(text)), options, "patients.csv");

    [TestMethod]
    public void TheIdColumnIsKeptAsWrittenAndIsNoFeature()
    {
        CsvReading byName = Read(Patients, new CsvDatasetOptions { LabelColumnName = "target", IdColumnName = "patient_id" });
        CsvReading byIndex = Read("12.5,P1002,3\n20.25,P1003,4\n", new CsvDatasetOptions { HasHeader = false, IdColumnIndex = 1, MaxRows = 1 });
        CsvReading withoutIds = Read(Patients, new CsvDatasetOptions { LabelColumnName = "target", ExcludedColumnNames = ["patient_id"] });

        CollectionAssert.AreEqual(new[] { "P1002", "Doe, J ", string.Empty }, byName.Ids!.ToArray());
        CollectionAssert.AreEqual(new[] { "radius", "texture" }, byName.Data.FeatureNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 12.5f, 3f, 20.25f, 4f, 7f, 5f }, byName.Data.ToArray());
        CollectionAssert.AreEqual(new[] { "P1002" }, byIndex.Ids!.ToArray());
        CollectionAssert.AreEqual(new[] { 12.5f, 3f }, byIndex.Data.ToArray());
        Assert.IsNull(withoutIds.Ids);
    }

    [TestMethod]
    public void AnIdColumnAlsoChosenAsAFeatureOrMissingIsRefused()
    {
        string Refusal(CsvDatasetOptions options) => Assert.ThrowsExactly<VaeDataException>(() => Read(Patients, options)).Message;

        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { IdColumnName = "patient_id", FeatureColumnNames = ["radius", "patient_id"] }),
            "column 2 (\"patient_id\") is the id column, so it cannot also be a feature column; leave it out of the features.");
        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { IdColumnName = "patient_id", CategoricalColumnNames = ["patient_id"] }),
            "column 2 (\"patient_id\") is the id column, so it cannot also be a categorical feature column");
        StringAssert.Contains(Refusal(new CsvDatasetOptions { IdColumnName = "patient" }), "there is no column named \"patient\" to use as the id");
        StringAssert.Contains(Refusal(new CsvDatasetOptions { IdColumnIndex = 4 }), "the id column index 4 is out of range");
        StringAssert.Contains(
            Refusal(new CsvDatasetOptions { IdColumnName = "patient_id", LabelColumnName = "target", ExcludedColumnNames = ["radius", "texture"] }),
            "every column is excluded (ExcludedColumnNames), the id column or the label column, so no feature columns remain");
    }
}
