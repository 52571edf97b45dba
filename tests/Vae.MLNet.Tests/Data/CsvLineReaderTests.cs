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

        StringAssert.StartsWith(error.Message, $"zeros.csv, line 3: the line is longer than {CsvLineReader.MaxLineLength} characters, so this is most likely not CSV text");
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
