using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxSessionScoringTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(1000)]
    public void GemmReluMatchesReference(int rows)
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        float[] x = RuntimeTestModels.Inputs(rows * GemmReluReference.InputWidth, seed: rows);
        var y = new float[rows * GemmReluReference.OutputWidth];
        Array.Fill(y, float.NaN);

        session.Run(rows, [new OnnxInput("x", x)], [new OnnxOutput("y", y)]);

        GemmReluReference.AssertClose(GemmReluReference.Compute(x, rows), y);
    }

    [TestMethod]
    public void SpanOverloadWritesIntoTheGivenSlice()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        const int rows = 5;
        float[] x = RuntimeTestModels.Inputs(rows * GemmReluReference.InputWidth, seed: 3);
        var buffer = new float[(rows * GemmReluReference.OutputWidth) + 2];
        Array.Fill(buffer, -7f);

        session.Run(rows, "x", x, "y", buffer.AsSpan(1, rows * GemmReluReference.OutputWidth));

        GemmReluReference.AssertClose(GemmReluReference.Compute(x, rows), buffer[1..^1]);
        Assert.AreEqual(-7f, buffer[0]);
        Assert.AreEqual(-7f, buffer[^1]);
    }

    [TestMethod]
    public void TwoInputsTwoOutputsInAnyOrder()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.TwoInTwoOut);
        const int rows = 4;
        float[] a = RuntimeTestModels.Inputs(rows * 3, seed: 1);
        float[] b = RuntimeTestModels.Inputs(rows * 3, seed: 2);
        var sum = new float[rows * 3];
        var rowSum = new float[rows];

        session.Run(
            rows,
            [new OnnxInput("b", b), new OnnxInput("a", a)],
            [new OnnxOutput("rowsum", rowSum), new OnnxOutput("sum", sum)]);

        for (int i = 0; i < sum.Length; i++)
        {
            Assert.AreEqual(a[i] + b[i], sum[i], 1e-6f);
        }

        for (int r = 0; r < rows; r++)
        {
            Assert.AreEqual(a[3 * r] + a[(3 * r) + 1] + a[(3 * r) + 2], rowSum[r], 1e-5f);
        }
    }

    [TestMethod]
    public void SubsetOfOutputsLeavesOthersUncomputed()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.TwoInTwoOut);
        const int rows = 2;
        float[] a = [1, 2, 3, 4, 5, 6];
        float[] b = [10, 20, 30, 40, 50, 60];
        var rowSum = new float[rows];

        session.Run(rows, [new OnnxInput("a", a), new OnnxInput("b", b)], [new OnnxOutput("rowsum", rowSum)]);

        CollectionAssert.AreEqual(new float[] { 6, 15 }, rowSum);
    }

    [TestMethod]
    public void FixedBatchModelRunsWithItsOwnBatchSize()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.FixedBatch);
        float[] x = [1, -2, 3, -4, 5, -6];
        var y = new float[6];

        session.Run(2, "x", x, "y", y);

        CollectionAssert.AreEqual(new float[] { -1, 2, -3, 4, -5, 6 }, y);
    }

    [TestMethod]
    public void SessionWithDefaultThreadCountGivesSameResult()
    {
        using var session = new OnnxSession(RuntimeTestModels.Bytes(RuntimeTestModels.GemmRelu), intraOpThreads: 0);
        const int rows = 64;
        float[] x = RuntimeTestModels.Inputs(rows * GemmReluReference.InputWidth, seed: 64);
        var y = new float[rows * GemmReluReference.OutputWidth];

        session.Run(rows, "x", x, "y", y);

        GemmReluReference.AssertClose(GemmReluReference.Compute(x, rows), y);
    }
}
