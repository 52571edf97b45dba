using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class CsvFormatTests
{
    [TestMethod]
    public void CellsAreQuotedWhereTheyHoldACommaAQuoteOrALineBreak()
    {
        CollectionAssert.AreEqual(
            new[] { "age", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"x\ny\"", "\"x\r\ny\"", "\"x\ry\"" },
            new[] { "age", "a,b", "say \"hi\"", "x\ny", "x\r\ny", "x\ry" }.Select(CsvFormat.Quoted).ToArray());
    }

    [TestMethod]
    [DataRow("age ")]
    [DataRow(" age")]
    [DataRow("age\n")]
    public void NamesTheReaderTrimsDoNotReadBack(string awkward)
    {
        Assert.IsTrue(CsvFormat.AreReadBackAsWritten(["age", "a,b", "line\nbreak", "carriage\rreturn"]));
        Assert.IsFalse(CsvFormat.AreReadBackAsWritten(["age", awkward]));
    }

    [TestMethod]
    public void ANumberedHeaderNamesNoFeatureAndNoColumnTwice()
    {
        // Features x_1, x_0 and label: the numbered header's x_0, x_1 and label are other columns than those features.
        string[] header = CsvFormat.NamedUnlessClashing(
            named => named ? ["x_1", "x_0", "label", "label"] : ["x_0", "x_1", "x_2", "label", "x_0_"],
            ["x_1", "x_0", "label"]);

        CollectionAssert.AreEqual(new[] { "x_0_", "x_1_", "x_2", "label_", "x_0__" }, header);
        CollectionAssert.AreEqual(new[] { "a", "label" }, CsvFormat.NamedUnlessClashing(named => named ? ["a", "label"] : ["x_0", "label"], ["a"]), "names that do not clash are kept");
    }

    [TestMethod]
    public void AnEmptyFirstCellIsFollowedByItsSeparator()
    {
        var writer = new StringWriter();
        var empty = new CsvBlock(1, (int index, Span<char> destination, out int written) =>
        {
            written = 0;
            return true;
        });

        CsvFormat.WriteRows(writer, 1, CancellationToken.None, empty, CsvBlock.RowNumbers(), empty);

        Assert.AreEqual(",0,\n", writer.ToString());
    }

    [TestMethod]
    public void AHeaderIsNumberedWhenItsNamesWouldClash()
    {
        static IEnumerable<string> Header(string second, bool named) => named ? ["a", second] : ["x_0", "x_1"];

        CollectionAssert.AreEqual(new[] { "a", "b" }, CsvFormat.NamedUnlessClashing(named => Header("b", named)));
        CollectionAssert.AreEqual(new[] { "x_0", "x_1" }, CsvFormat.NamedUnlessClashing(named => Header("a", named)));
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
}
