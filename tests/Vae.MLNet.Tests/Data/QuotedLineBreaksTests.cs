using Vae.MLNet.Data;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class QuotedLineBreaksTests
{
    private const string Source = "notes.csv";

    private static VaeDataException ReadFails(string text, CsvDatasetOptions? options = null) =>
        Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.Read(new StringReader(text), options, Source));

    [TestMethod]
    [DataRow("\n")]
    [DataRow("\r\n")]
    public void ACategoryHoldingALineBreakIsReadAsWrittenAndTrainedOn(string lineBreak)
    {
        // As a spreadsheet exports a free-text column, the file's own line endings being "\n" whatever the cell holds.
        string text = $"size,note,weight\n1,\"free{lineBreak}text\",2\n2,plain,3\n3,\"free{lineBreak}text\",4\n4,plain,5\n";
        var options = new CsvDatasetOptions { CategoricalColumnNames = ["note"] };

        VaeDataset data = CsvDatasetReader.Read(new StringReader(text), options);
        VaeModel model = ModelZip.Load(ModelZip.Save(TinyGaussianTraining.Fit(data)));
        VaeDataset again = CsvDatasetReader.Read(new StringReader(text), new CsvDatasetOptions { CategoricalColumnNames = ["note"], Categories = model.CategoricalFeatures });

        Assert.AreEqual(4, data.RowCount);
        CollectionAssert.AreEqual(new[] { $"free{lineBreak}text", "plain" }, model.CategoricalFeatures!.Single().Categories.ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 1f, 0f, 2f }, data.ToArray()[..4]);
        Assert.AreEqual(4, model.Evaluate(again).RowCount);
    }

    [TestMethod]
    public void LinesAfterARowOverSeveralLinesAreCountedAsTheFileHasThem()
    {
        var error = ReadFails("a,b\n1,\"x\ny\r\nz\"\nbad,w\n", new CsvDatasetOptions { CategoricalColumnNames = ["b"] });

        StringAssert.StartsWith(error.Message, $"{Source}, line 5, column 1 (\"a\"): the cell \"bad\" is not a number");
        Assert.AreEqual(1, error.Row);
    }

    [TestMethod]
    public void AnErrorInARowOverSeveralLinesNamesTheLineItStartsOn()
    {
        var numberWithALineBreak = ReadFails("a,b\n3,4\n\"1\n\",2\n");
        var ragged = ReadFails("a,b\n1,\"x\ny\",3\n", new CsvDatasetOptions { CategoricalColumnNames = ["b"] });

        StringAssert.StartsWith(numberWithALineBreak.Message, $"{Source}, line 3, column 1 (\"a\"): the cell \"1\\u000A\" is not a number");
        StringAssert.StartsWith(ragged.Message, $"{Source}, line 2: expected 2 columns");
        StringAssert.EndsWith(ragged.Message, " The row runs on to line 3, as a quoted cell holds the line breaks up to there; if no cell should hold one, a quote on line 2 or below lacks its closing quote.");
    }

    [TestMethod]
    public void AQuoteNeverClosedNamesTheLineItOpensOn()
    {
        var onItsRowsLine = ReadFails("a,b\n1,x\n2,\"y\n3,z\n", new CsvDatasetOptions { CategoricalColumnNames = ["b"] });
        var belowItsRowsLine = ReadFails("a,b,c\n1,\"x\ny\",\"z\n", new CsvDatasetOptions { CategoricalColumnNames = ["b", "c"] });

        Assert.AreEqual(
            $"{Source}, line 3, column 2 (\"b\"): the quote opened on line 3 is never closed, so its cell runs on to the end of the file; close it where the cell ends.",
            onItsRowsLine.Message);
        Assert.AreEqual((1, 1), (onItsRowsLine.Row, onItsRowsLine.Column));
        StringAssert.StartsWith(belowItsRowsLine.Message, $"{Source}, line 2, column 3 (\"c\"): the quote opened on line 3 is never closed");
    }

    [TestMethod]
    public void SkippedLinesOpenNoQuotedCell()
    {
        VaeDataset data = CsvDatasetReader.Read(new StringReader("\"Report of May\nnote\na,b\n1,2\n"), new CsvDatasetOptions { SkipLines = 2 });

        CollectionAssert.AreEqual(new[] { 1f, 2f }, data.ToArray());
    }

    [TestMethod]
    public void TheRowsLinesAreThoseTheyStartOn()
    {
        CsvReading reading = CsvDatasetReader.ReadDescribingFeatures(
            new MemoryStream("skipped\n\"a\nb\",c\n1,2\n\"3\",\"x\r\ny\nz\"\n5,w\n6,v\n"u8.ToArray()),
            new CsvDatasetOptions { SkipLines = 1, CategoricalColumnNames = ["c"] },
            Source);

        CollectionAssert.AreEqual(new[] { 4, 5, 8, 9 }, Enumerable.Range(0, 4).Select(reading.RowLines.LineOf).ToArray());
    }

    [TestMethod]
    public void TheQuoteStateFollowsTheSplittersRules()
    {
        // Every text of a few characters of those that matter: whether the splitter finds an unclosed quote in it is
        // whether the reader reads on at the next line.
        var cells = new List<CsvCell>();
        char[] alphabet = ['a', ',', '"', ' '];
        foreach (char separator in ", ")
        {
            for (int length = 0; length <= 6; length++)
            {
                for (int code = 0; code < (int)Math.Pow(alphabet.Length, length); code++)
                {
                    string text = string.Concat(Enumerable.Range(0, length).Select(at => alphabet[code / (int)Math.Pow(alphabet.Length, at) % alphabet.Length]));
                    var quotes = new CsvQuoteState(separator);
                    quotes.Follow(text, 1);

                    Assert.AreEqual(CsvLineSplitter.Split(text, separator, cells) >= 0, quotes.IsOpen, $"'{text}' split by '{separator}'");
                }
            }
        }
    }
}
