using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class RowRangesTests
{
    /// <summary>
    /// Ranges of 8184 rows, as a batch split across concurrent ONNX Runtime runs takes, cover every row of a batch
    /// within a range of <see cref="int.MaxValue"/> exactly once, where a count of ranges rounded up in int wrapped
    /// negative and none was scored.
    /// </summary>
    [TestMethod]
    [DataRow(int.MaxValue, 8184, 262_401, 2047)]
    [DataRow(2_147_475_465, 8184, 262_400, 2049)]
    [DataRow(1000, 72, 14, 64)]
    [DataRow(12, 3, 4, 3)]
    public void TheRangesCoverEveryRowOnceEvenNearIntMaxValue(int rows, int rangeRows, int ranges, int lastRows)
    {
        var cut = new RowRanges(rows, rangeRows);

        Assert.AreEqual(ranges, cut.Count);
        long next = 0;
        for (int range = 0; range < cut.Count; range++)
        {
            (int start, int count) = cut[range];
            Assert.AreEqual(next, start, $"range {range}");
            Assert.AreEqual(range < cut.Count - 1 ? rangeRows : lastRows, count, $"range {range}");
            next += count;
        }

        Assert.AreEqual(rows, next);
    }

    /// <summary>
    /// A loop over a batch a chunk at a time takes its ranges in a <c>foreach</c>, which ends at the last range where a
    /// start stepped on in int past a row count near <see cref="int.MaxValue"/> wrapped to a negative row and went on.
    /// </summary>
    [TestMethod]
    [DataRow(int.MaxValue, 8192)]
    [DataRow(2_147_475_457, 8192)]
    [DataRow(2_147_483_591, 256)]
    [DataRow(5, 8192)]
    public void ForeachTakesEveryRowOnceAndStopsAtTheLastRangeEvenNearIntMaxValue(int rows, int rangeRows)
    {
        long next = 0;
        int ranges = 0;
        foreach ((int start, int count) in new RowRanges(rows, rangeRows))
        {
            if (start != next || count <= 0 || count > rangeRows)
            {
                Assert.Fail($"range {ranges} is {count} rows from row {start}, after rows [0, {next}) of {rows}");
            }

            next += count;
            ranges++;
        }

        Assert.AreEqual(rows, next);
        Assert.AreEqual(new RowRanges(rows, rangeRows).Count, ranges);
    }
}
