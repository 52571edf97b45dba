using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class CsvLineSplitterTests
{
    [TestMethod]
    public void PaddingAroundAQuotedCellIsDroppedButOtherTextKeepsTheCellVerbatim()
    {
        var cells = new List<CsvCell>();
        const string line = " \"a,1\" ,\"b\"x, c";

        Assert.AreEqual(-1, CsvLineSplitter.Split(line, ',', cells));

        CollectionAssert.AreEqual(new[] { "a,1", "\"b\"x", " c" }, cells.Select(cell => cell.Text(line)).ToArray());
    }

    [TestMethod]
    public void WithASpaceSeparatorASpaceBeforeAQuoteEndsAnEmptyCellRatherThanPaddingTheQuotedOne()
    {
        var cells = new List<CsvCell>();
        const string line = "1  \"2\"";

        Assert.AreEqual(-1, CsvLineSplitter.Split(line, ' ', cells));

        CollectionAssert.AreEqual(new[] { "1", string.Empty, "2" }, cells.Select(cell => cell.Text(line)).ToArray());
    }
}
