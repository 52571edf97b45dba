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
    public void RowsAreWrittenSideBySideWithRoundTripFloatsAndCellsOfAnyLength()
    {
        float[] values = [float.MinValue, -1.17549435E-38f, 0.1f, float.Epsilon];
        string wide = new('w', 200);
        var writer = new StringWriter();

        CsvFormat.WriteRows(
            writer,
            2,
            CancellationToken.None,
            CsvBlock.RowNumbers(),
            (values, 2),
            CsvBlock.Integers([7, -2147483648, 9], first: 1),
            new CsvBlock(1, Wide));

        Assert.AreEqual($"0,-3.4028235E+38,-1.1754944E-38,-2147483648,{wide}\n1,0.1,1E-45,9,{wide}\n", writer.ToString());

        // Longer than the line buffer starts: the writer must grow it.
        bool Wide(int index, Span<char> destination, out int written)
        {
            bool fits = wide.TryCopyTo(destination);
            written = fits ? wide.Length : 0;
            return fits;
        }
    }

    [TestMethod]
    public void NoNamesAreNumbered()
    {
        CollectionAssert.AreEqual(new[] { "x_0", "x_1", "x_2" }, CsvFormat.FeatureHeader(null, 3).ToArray());
    }
}
