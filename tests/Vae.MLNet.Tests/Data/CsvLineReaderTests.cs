using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class CsvLineReaderTests
{
    [TestMethod]
    public void LinesAreThoseOfTextReaderReadLineForEveryLineEndingAndBlockBoundary()
    {
        // Lines around the 65 536-character block, so that endings, and the two halves of "\r\n", fall across its edge.
        var random = new Random(5);
        string[] endings = ["\n", "\r\n", "\r"];
        for (int trial = 0; trial < 200; trial++)
        {
            var text = new System.Text.StringBuilder();
            while (text.Length < 200_000)
            {
                int length = random.Next(4) == 0 ? random.Next(65_530, 65_540) : random.Next(0, 40);
                text.Append('x', length).Append(endings[random.Next(endings.Length)]);
            }

            if (trial % 2 == 0)
            {
                text.Append("last line without an ending");
            }

            var expected = new StringReader(text.ToString());
            var actual = new CsvLineReader(new StringReader(text.ToString()), "test");
            CollectionAssert.AreEqual(Lines(expected.ReadLine), Lines(actual.ReadLine), $"trial {trial}");
        }
    }

    [TestMethod]
    public void ALineLongerThanTheLimitIsRefusedNamingItsLine()
    {
        string text = "a,b\n1,2\n" + new string('0', CsvLineReader.MaxLineLength + 1) + "\n3,4\n";
        var lines = new CsvLineReader(new StringReader(text), "zeros.csv");
        Assert.AreEqual("a,b", lines.ReadLine());
        Assert.AreEqual("1,2", lines.ReadLine());
        Assert.AreEqual(2, lines.LineNumber);

        var error = Assert.ThrowsExactly<VaeDataException>(() => lines.ReadLine());

        Assert.AreEqual(
            $"zeros.csv, line 3: the line is longer than {CsvLineReader.MaxLineLength} characters, the most a line (a row) may hold, so this is most likely not CSV text "
            + "(a binary file, or one without line breaks): give a CSV file with one row per line. Were it a row of more columns than fit in that, "
            + "write the file with fewer columns per row (fewer features); the limit cannot be raised.",
            error.Message);
    }

    [TestMethod]
    public void ARowOfMoreColumnsThanTheLimitHoldsIsToldSoByItsSeparators()
    {
        // As wide a CSV file as the reader refuses: cells like 0.1234, of more columns than 16 777 216 characters hold.
        int columns = (CsvLineReader.MaxLineLength / 7) + 1;
        string row = string.Join(';', Enumerable.Repeat("0.1234", columns));
        var lines = new CsvLineReader(new StringReader("a;b\n" + row + "\n"), "wide.csv");
        Assert.AreEqual("a;b", lines.ReadRow(';'));

        var error = Assert.ThrowsExactly<VaeDataException>(() => lines.ReadRow(';'));

        StringAssert.StartsWith(error.Message, $"wide.csv, line 2: the line is longer than {CsvLineReader.MaxLineLength} characters, the most a line (a row) may hold; the ");
        StringAssert.EndsWith(
            error.Message,
            "';' separators, so it is most likely a row of more columns than fit in that: write the file with fewer columns per row (fewer features); the limit cannot be raised.");
    }

    [TestMethod]
    public void ALineOfTheLimitIsRead()
    {
        string longest = new('7', CsvLineReader.MaxLineLength);

        var lines = new CsvLineReader(new StringReader(longest + "\r\n8"), "wide.csv");

        Assert.AreEqual(longest, lines.ReadLine());
        Assert.AreEqual("8", lines.ReadLine());
        Assert.IsNull(lines.ReadLine());
    }

    [TestMethod]
    public void ARowKeepsTheLineBreaksItsQuotedCellsHoldAsWrittenAcrossBlocks()
    {
        // The first row's quoted cell ends past the 65 536-character block, its "\r\n" split by the block's edge.
        string cell = new string('x', 65_532) + "\r\ny\rz\n\"\"w";
        string first = $"a,\"{cell}\",b";
        string text = $"{first}\r\n\"c\nd\",e\n\"f\"\"\",g";
        var lines = new CsvLineReader(new StringReader(text), "notes.csv");

        Assert.AreEqual(first, lines.ReadRow(','));
        Assert.AreEqual((1, 4), (lines.StartLineNumber, lines.LineNumber));
        Assert.AreEqual("\"c\nd\",e", lines.ReadRow(','));
        Assert.AreEqual((5, 6), (lines.StartLineNumber, lines.LineNumber));
        Assert.AreEqual("\"f\"\"\",g", lines.ReadRow(','));
        Assert.AreEqual(0, lines.UnclosedQuoteLineNumber);
        Assert.IsNull(lines.ReadRow(','));
    }

    [TestMethod]
    public void ARowOverSeveralLinesLongerThanTheLimitIsRefusedNamingTheLinesItStartsAndOpensItsQuoteOn()
    {
        // No line is long, but a quote never closed would gather the rest of the file into one cell.
        string line = new('0', 1023);
        string text = "a,b\n1,\"2\n" + string.Concat(Enumerable.Repeat(line + "\n", (CsvLineReader.MaxLineLength / 1024) + 1));
        var lines = new CsvLineReader(new StringReader(text), "zeros.csv");
        Assert.AreEqual("a,b", lines.ReadRow(','));

        var error = Assert.ThrowsExactly<VaeDataException>(() => lines.ReadRow(','));

        Assert.AreEqual(
            $"zeros.csv, line 2: the row that starts on this line runs on over the line breaks a quoted cell holds to line {(CsvLineReader.MaxLineLength / 1024) + 2}, "
            + $"where it is longer than {CsvLineReader.MaxLineLength} characters; most likely the quote opened on line 2 is never closed: close it where its cell ends.",
            error.Message);
    }

    [TestMethod]
    public void AQuoteLeftOpenEndsTheRowAtTheEndOfTheText()
    {
        var lines = new CsvLineReader(new StringReader("a,b\n1,\"x\ny\n"), "notes.csv");
        Assert.AreEqual("a,b", lines.ReadRow(','));

        Assert.AreEqual("1,\"x\ny", lines.ReadRow(','));
        Assert.AreEqual((2, 2, 3), (lines.StartLineNumber, lines.UnclosedQuoteLineNumber, lines.LineNumber));
    }

    private static List<string> Lines(Func<string?> readLine)
    {
        var lines = new List<string>();
        while (readLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
