using System.Text;
using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class CsvDatasetReaderTests
{
    private const string Iris = "a,b,c,target\n1.5,2,-3e-1,0\n4,5.25,6,2\n";

    private static VaeDataset Read(string text, CsvDatasetOptions? options = null) =>
        CsvDatasetReader.Read(new StringReader(text), options);

    [TestMethod]
    public void IntegerCellsReadToTheSameBitsAsFloatParsing()
    {
        var random = new Random(11);
        string[] cells =
        [
            "0", "-0", "007", "-007", "16777217", "-16777219", "999999999", "-999999999", "1000000000", "123456789", "+5", "5.", "1e3", " 7",
            .. Enumerable.Range(0, 2000).Select(_ => (random.Next(2) == 0 ? "-" : string.Empty) + random.NextInt64(0, 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];

        float[] read = Read("a\n" + string.Join("\n", cells) + "\n").ToArray();

        for (int i = 0; i < cells.Length; i++)
        {
            float parsed = float.Parse(cells[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(parsed), BitConverter.SingleToInt32Bits(read[i]), $"'{cells[i]}'");
        }
    }

    /// <summary>The token came as a new optional parameter, which took the old signatures away from code already built against them.</summary>
    [TestMethod]
    public void TheSignaturesWithoutATokenStayForCodeBuiltAgainstThem()
    {
        Assert.IsNotNull(typeof(CsvDatasetReader).GetMethod(nameof(CsvDatasetReader.Read), [typeof(string), typeof(CsvDatasetOptions)]));
        Assert.IsNotNull(typeof(CsvDatasetReader).GetMethod(nameof(CsvDatasetReader.Read), [typeof(TextReader), typeof(CsvDatasetOptions), typeof(string)]));
    }

    [TestMethod]
    public void ATokenCancelledWhileRowsAreReadStopsTheReadingSoonAfter()
    {
        using var cancellation = new CancellationTokenSource();
        using var rows = new RowsCancellingAfter(cancellation, cancelAfterRows: 10_000, totalRows: 1_000_000);

        Assert.ThrowsExactly<OperationCanceledException>(() => CsvDatasetReader.Read(rows, options: null, sourceName: null, cancellation.Token));

        // The reader buffers some rows ahead of the one it parses, but not a meaningful share of the file.
        Assert.IsLessThan(20_000, rows.RowsGiven);
    }

    [TestMethod]
    public void IntegersOfTenDigitsOrMoreReadAsTheirValue()
    {
        // Beyond nine digits an int can overflow: 4294967296 would wrap to 0.
        float[] read = Read("a\n2147483648\n4294967296\n-9999999999\n12345678901\n").ToArray();

        CollectionAssert.AreEqual(new[] { 2147483648f, 4294967296f, -9999999999f, 12345678901f }, read);
    }

    [TestMethod]
    public void SkippedLinesAreNotReadAndMessagesStillCountFromTheTop()
    {
        // UCI Adult's test file opens with a line that is neither a header nor a row.
        VaeDataset data = Read("|1x3 Cross validator\n\"unclosed\n" + Iris, new CsvDatasetOptions { SkipLines = 2, LabelColumnName = "target" });

        Assert.AreEqual(2, data.RowCount);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, data.FeatureNames!.ToArray());
        var bad = Assert.ThrowsExactly<VaeDataException>(() => Read("title\na,b\n1,x\n", new CsvDatasetOptions { SkipLines = 1 }));
        StringAssert.Contains(bad.Message, "line 3");
        var nothing = Assert.ThrowsExactly<VaeDataException>(() => Read("title\n", new CsvDatasetOptions { SkipLines = 1 }));
        StringAssert.Contains(nothing.Message, "has 1 line, which is passed over with SkipLines = 1; it must hold a header line and at least one row of numbers.");
        Assert.AreEqual("SkipLines", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Read(Iris, new CsvDatasetOptions { SkipLines = -1 })).ParamName);
    }

    [TestMethod]
    [DataRow("title\na,b\n1,2\n3,4\n", 5, "has 4 lines, all of them passed over with SkipLines = 5")]
    [DataRow("title\na,b\n1,2\n3,4", int.MaxValue, "has 4 lines, all of them passed over with SkipLines = 2147483647")]
    [DataRow("title\nnote\n", 2, "has 2 lines, all of them passed over with SkipLines = 2")]
    [DataRow("title\n\n\n", 1, "holds nothing but blank lines after the 1 line skipped (SkipLines)")]
    public void SkippingEveryLineIsToldHowManyLinesTheFileHas(string text, int skipLines, string told)
    {
        var error = Assert.ThrowsExactly<VaeDataException>(() => CsvDatasetReader.Read(new StringReader(text), new CsvDatasetOptions { SkipLines = skipLines }, "pq.csv"));

        Assert.AreEqual($"pq.csv {told}; it must hold a header line and at least one row of numbers.", error.Message);
    }

    [TestMethod]
    public void AnUnnamedFirstColumnNumberingTheRowsIsRefusedAsARowIndex()
    {
        // What DataFrame.to_csv() writes by default, after a shuffle, and after reading such a file and writing it again.
        var index = Assert.ThrowsExactly<VaeDataException>(() => Read(",a,b\n0,1.5,2\n1,3,4\n2,5,6\n"));
        var shuffled = Assert.ThrowsExactly<VaeDataException>(() => Read(",a,b\n7,1.5,2\n2,3,4\n40,5,6\n"));
        var rewritten = Assert.ThrowsExactly<VaeDataException>(() => Read("Unnamed: 0,a,b\n1,1.5,2\n0,3,4\n"));

        StringAssert.Contains(index.Message, "column 1 (index 0): the column has no name in the header (or pandas' \"Unnamed: 0\") and holds a different whole number in every row");
        Assert.AreEqual(0, index.Column);
        Assert.AreEqual(0, shuffled.Column);
        Assert.AreEqual(0, rewritten.Column);
        Assert.AreEqual(3, Read(",a,b\n0,1.5,2\n1,3,4\n", new CsvDatasetOptions { FeatureColumnIndices = [1, 2, 0] }).FeatureCount, "chosen on purpose");
        Assert.AreEqual(3, Read(",a,b\n0,1.5,2\n0,3,4\n").FeatureCount, "a repeated number");
        Assert.AreEqual(3, Read(",a,b\n0.5,1.5,2\n1,3,4\n").FeatureCount, "a fraction");
        Assert.AreEqual(3, Read(",a,b\n-1,1.5,2\n1,3,4\n").FeatureCount, "a negative number");
        Assert.AreEqual(3, Read("i,a,b\n0,1.5,2\n1,3,4\n").FeatureCount, "a named column");
        Assert.AreEqual(3, Read(",a,b\n0,1.5,2\n").FeatureCount, "one row counts nothing");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    public void ARowIndexCountingItsFirstThousandRowsInOrderIsRefusedThereThoughFramesConcatenatedCountAgain(int first)
    {
        IEnumerable<string> frame = Enumerable.Range(first, 1000).Select(i => $"{i},{i % 7}");
        string text = string.Join("\n", [",a", .. frame, .. frame]) + "\n";

        var index = Assert.ThrowsExactly<VaeDataException>(() => Read(text));

        StringAssert.Contains(index.Message, "column 1 (index 0): the column has no name in the header (or pandas' \"Unnamed: 0\") and counts its first 1000 rows in order, from 0 or 1, as the row index pandas writes");
        Assert.AreEqual(2, Read(string.Join("\n", [",a", .. frame.Skip(1), .. frame.Take(2)]) + "\n").FeatureCount, "out of order, a repeat reads the column as a feature");
    }

    [TestMethod]
    public void ARowIndexIsAdvisedOutByTheNameItHasAndThatNameLeavesItOut()
    {
        var unnamed = Assert.ThrowsExactly<VaeDataException>(() => Read(",a,b\n0,1.5,2\n1,3,4\n"));
        var rewritten = Assert.ThrowsExactly<VaeDataException>(() => Read("Unnamed: 0,a,b\n0,1.5,2\n1,3,4\n"));
        VaeDataset excluded = Read(",a,b\n0,1.5,2\n1,3,4\n", new CsvDatasetOptions { ExcludedColumnNames = [""] });

        StringAssert.Contains(unnamed.Message, "Leave it out of the features with the empty name in ExcludedColumnNames, choose the other columns with");
        StringAssert.Contains(rewritten.Message, "Leave it out of the features by its name in ExcludedColumnNames, choose the other columns with");
        CollectionAssert.AreEqual(new[] { "a", "b" }, excluded.FeatureNames!.ToArray());
    }

    [TestMethod]
    public void LabelColumnByNameIsLeftOutOfTheFeatures()
    {
        VaeDataset data = Read(Iris, new CsvDatasetOptions { LabelColumnName = "target" });

        Assert.AreEqual(2, data.RowCount);
        Assert.AreEqual(3, data.FeatureCount);
        CollectionAssert.AreEqual(new[] { 1.5f, 2f, -0.3f, 4f, 5.25f, 6f }, data.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 2 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void DefaultsReadEveryColumnAsAFeatureWithoutLabels()
    {
        VaeDataset data = Read(Iris);

        Assert.AreEqual(4, data.FeatureCount);
        Assert.IsNull(data.Labels);
    }

    [TestMethod]
    public void FeatureNamesChooseColumnsInTheGivenOrder()
    {
        VaeDataset data = Read(Iris, new CsvDatasetOptions { FeatureColumnNames = ["c", "a"], LabelColumnName = "target" });
        CollectionAssert.AreEqual(new[] { -0.3f, 1.5f, 6f, 4f }, data.ToArray());
    }

    [TestMethod]
    public void IndicesWorkWithoutAHeader()
    {
        VaeDataset data = Read("9,1,2\n8,3,4\n", new CsvDatasetOptions { HasHeader = false, FeatureColumnIndices = [2, 1], LabelColumnIndex = 0 });

        CollectionAssert.AreEqual(new[] { 2f, 1f, 4f, 3f }, data.ToArray());
        CollectionAssert.AreEqual(new[] { 9, 8 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void CrLfTrailingBlankLinesAndSemicolonsAreHandled()
    {
        VaeDataset data = Read("x;y\r\n1;2\r\n3;4\r\n\r\n\r\n", new CsvDatasetOptions { Separator = ';' });
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f }, data.ToArray());
    }

    [TestMethod]
    public void Utf8ByteOrderMarkInAFileDoesNotBecomePartOfTheFirstName()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("bom.csv", [.. Encoding.UTF8.GetPreamble(), .. "x,target\n1,0\n"u8]);

        VaeDataset data = CsvDatasetReader.Read(path, new CsvDatasetOptions { FeatureColumnNames = ["x"], LabelColumnName = "target" });

        Assert.AreEqual(1, data.FeatureCount);
    }

    [TestMethod]
    public void ByteOrderMarkLeftInTextIsIgnored()
    {
        VaeDataset data = Read("\uFEFFx,y\n1,2\n", new CsvDatasetOptions { FeatureColumnNames = ["x"] });
        CollectionAssert.AreEqual(new[] { 1f }, data.ToArray());

        // A file saved twice with a mark: the reader of its bytes takes one, and the text still starts with the other.
        byte[] twice = [.. System.Text.Encoding.UTF8.Preamble, .. System.Text.Encoding.UTF8.Preamble, .. "x,y\n1,2\n"u8];
        VaeDataset fromBytes = CsvDatasetReader.ReadDescribingFeatures(new MemoryStream(twice), new CsvDatasetOptions(), "twice.csv").Data;
        CollectionAssert.AreEqual(new[] { "x", "y" }, fromBytes.FeatureNames!.ToArray());
        CollectionAssert.AreEqual(new[] { "x", "y" }, Read("\uFEFF\uFEFFx,y\n1,2\n", new CsvDatasetOptions()).FeatureNames!.ToArray());
    }

    [TestMethod]
    public void QuotedNumbersAndNamesAreUnwrapped()
    {
        VaeDataset data = Read("\"width, cm\", \"say \"\"hi\"\"\"\n\"1.5\", \"2\"\n", new CsvDatasetOptions { FeatureColumnNames = ["width, cm", "say \"hi\""] });
        CollectionAssert.AreEqual(new[] { 1.5f, 2f }, data.ToArray());
    }

    [TestMethod]
    public void IntegralFloatingPointLabelsAreClassIds()
    {
        VaeDataset data = Read("x,y\n1,2.0\n3,-1\n", new CsvDatasetOptions { LabelColumnName = "y" });
        CollectionAssert.AreEqual(new[] { 2, -1 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void PaddedCellsParse()
    {
        VaeDataset data = Read("x,y\n 1 ,\t2\n");
        CollectionAssert.AreEqual(new[] { 1f, 2f }, data.ToArray());
    }

    [TestMethod]
    public void MaxRowsStopsReadingThere()
    {
        // The fourth line would fail to parse: reading it at all would throw.
        VaeDataset data = Read("x,y\n1,2\n3,4\nnot,numbers\n", new CsvDatasetOptions { MaxRows = 2 });

        Assert.AreEqual(2, data.RowCount);
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f }, data.ToArray());
    }

    [TestMethod]
    [DataRow("0.5,1,2\n3,4,5\n", true)]
    [DataRow("1e3,-2,.5\n3,4,5\n", true)]
    [DataRow("0,1,2\n3,4,5\n", false)]
    [DataRow("1,2,3\n3,4,5\n", false)]
    [DataRow("a,1,2\n3,4,5\n", false)]
    public void AHeaderOfNumbersOtherThanANumberingLooksLikeData(string text, bool looksLikeData)
    {
        using var temp = new TempDirectory();
        string path = temp.Write("header.csv", Encoding.UTF8.GetBytes(text));

        CsvReading reading = CsvDatasetReader.ReadDescribingFeatures(path, new CsvDatasetOptions());

        Assert.AreEqual(looksLikeData, reading.HeaderLooksLikeData);
        Assert.AreEqual(1, reading.Data.RowCount);
    }

    /// <summary>CSV text of two columns, made row by row as it is read, that cancels a token once some rows are given.</summary>
    private sealed class RowsCancellingAfter(CancellationTokenSource cancellation, int cancelAfterRows, int totalRows) : TextReader
    {
        private string _pending = "a,b\n";

        public int RowsGiven { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            if (_pending.Length == 0 && RowsGiven < totalRows)
            {
                _pending = "1.5,2\n";
                if (++RowsGiven == cancelAfterRows)
                {
                    cancellation.Cancel();
                }
            }

            int given = Math.Min(count, _pending.Length);
            _pending.CopyTo(0, buffer, index, given);
            _pending = _pending[given..];
            return given;
        }
    }
}
