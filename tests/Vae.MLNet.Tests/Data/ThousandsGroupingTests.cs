using System.Text;
using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class ThousandsGroupingTests
{
    private static readonly CsvDatasetOptions Semicolons = new() { Separator = ';', ExcludedColumnNames = ["Gemeinde"] };

    private static CsvReading Read(string text, CsvDatasetOptions options) =>
        CsvDatasetReader.ReadDescribingFeatures(new MemoryStream(Encoding.UTF8.GetBytes(text)), options, "gemeinden.csv");

    [TestMethod]
    public void NumbersOfASemicolonFileThatLookGroupedIntoThousandsByAPointAreWarnedOfAndStillReadAsWritten()
    {
        CsvReading reading = Read("Gemeinde;Einwohner;Fläche_ha\nG0;221.560;6.361\nG1;987;850\nG2;12.345;1.204\n", Semicolons);

        Assert.AreEqual(
            "column 2 (\"Einwohner\"): \"221.560\" is read as 221.56, but the column's numbers look like digits grouped into thousands by '.', "
            + "as spreadsheet programs that write decimal commas save them: every cell of it holding a '.' has one to three digits before it and three after, "
            + "beside whole numbers such as \"987\". If '.' groups thousands there, such cells are read a thousand times smaller than meant: remove the grouping (write 221560).",
            reading.GroupedThousands);
        CollectionAssert.AreEqual(new[] { 221.56f, 6.361f, 987f, 850f, 12.345f, 1.204f }, reading.Data.ToArray());
    }

    [TestMethod]
    public void AWholeNumberOfFourDigitsIsEvidenceTooAndEveryColumnToldIsNamed()
    {
        CsvReading reading = Read("a;b\n-1.234;2.500\n1500;7\n", new CsvDatasetOptions { Separator = ';' });

        StringAssert.StartsWith(reading.GroupedThousands, "column 1 (\"a\"): \"-1.234\" is read as -1.234, but");
        StringAssert.EndsWith(reading.GroupedThousands, "remove the grouping (write -1234). The numbers of column 2 (\"b\") look grouped too.");
    }

    [TestMethod]
    [DataRow("a;b\n6.361;1\n7;2\n2.125;3\n", DisplayName = "three decimals beside a whole number, no trailing 0, no long whole number")]
    [DataRow("a;b\n6.360;1\n7;2\n0.125;3\n", DisplayName = "a cell starting with 0.")]
    [DataRow("a;b\n6.360;1\n7;2\n12.5;3\n", DisplayName = "a cell of one decimal")]
    [DataRow("a;b\n6.360;1\n7.000;2\n1.500;3\n", DisplayName = "no whole number")]
    [DataRow("a;b\n6.360;1\n7;2\n1.5e3;3\n", DisplayName = "an exponent")]
    [DataRow("a;b\n1234.560;1\n7;2\n", DisplayName = "four digits before the point")]
    [DataRow("a;b\n6.360;1\n1e4;2\n", DisplayName = "a whole number with an exponent")]
    public void OrdinaryDecimalsAreNotTaken(string text) =>
        Assert.IsNull(Read(text, new CsvDatasetOptions { Separator = ';' }).GroupedThousands);

    [TestMethod]
    public void OnlyASemicolonFilesNumbersAreWatched()
    {
        Assert.IsNull(Read("a,b\n221.560,1\n987,2\n", new CsvDatasetOptions()).GroupedThousands);
        Assert.IsNull(Read("a\tb\n221.560\t1\n987\t2\n", new CsvDatasetOptions { Separator = '\t' }).GroupedThousands);
    }
}
