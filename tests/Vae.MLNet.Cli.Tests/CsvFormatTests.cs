using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class CsvFormatTests
{
    [TestMethod]
    public void FeatureNamesAreQuotedWhereTheyHoldACommaOrAQuote()
    {
        CollectionAssert.AreEqual(
            new[] { "age", "\"a,b\"", "\"say \"\"hi\"\"\"" },
            CsvFormat.FeatureHeader(["age", "a,b", "say \"hi\""], 3).ToArray());
    }

    [TestMethod]
    [DataRow("age ")]
    [DataRow(" age")]
    [DataRow("line\nbreak")]
    [DataRow("carriage\rreturn")]
    public void NamesTheReaderCouldNotGiveBackAsWrittenFallBackToNumbers(string awkward)
    {
        CollectionAssert.AreEqual(new[] { "x_0", "x_1" }, CsvFormat.FeatureHeader(["age", awkward], 2).ToArray());
    }

    [TestMethod]
    public void NoNamesAreNumbered()
    {
        CollectionAssert.AreEqual(new[] { "x_0", "x_1", "x_2" }, CsvFormat.FeatureHeader(null, 3).ToArray());
    }
}
