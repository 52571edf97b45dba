using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxSessionValidationTests
{
    private static OnnxSession gemm = null!;
    private static OnnxSession twoInTwoOut = null!;

    [ClassInitialize]
    public static void Open(TestContext context)
    {
        gemm = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        twoInTwoOut = RuntimeTestModels.Open(RuntimeTestModels.TwoInTwoOut);
    }

    [ClassCleanup]
    public static void Close()
    {
        gemm.Dispose();
        twoInTwoOut.Dispose();
    }

    [TestMethod]
    [DataRow(7, 3)]
    [DataRow(8, 2)]
    [DataRow(0, 3)]
    public void WrongSpanLengthIsArgumentException(int inputLength, int outputLength)
    {
        var x = new float[inputLength];
        var y = new float[outputLength];

        var error = Assert.ThrowsExactly<ArgumentException>(() => gemm.Run(1, "x", x, "y", y));

        Assert.Contains("needs", error.Message);
    }

    [TestMethod]
    public void WrongMemoryLengthIsArgumentException()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(
            () => gemm.Run(2, [new OnnxInput("x", new float[8])], [new OnnxOutput("y", new float[5])]));

        Assert.AreEqual("outputs", error.ParamName);
    }

    [TestMethod]
    public void UnknownNameListsTheModelsNames()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(
            () => gemm.Run(1, "x", new float[4], "z", new float[3]));

        Assert.Contains("'y'", error.Message);
    }

    [TestMethod]
    public void ANullNameIsArgumentNullExceptionNamingItsParameterAndListingTheModelsNames()
    {
        var input = Assert.ThrowsExactly<ArgumentNullException>(() => gemm.Run(1, null!, new float[4], "y", new float[3]));
        var output = Assert.ThrowsExactly<ArgumentNullException>(() => gemm.Run(1, "x", new float[4], null!, new float[3]));
        var unnamed = Assert.ThrowsExactly<ArgumentNullException>(() => gemm.Run(1, [new OnnxInput("x", new float[4])], [default(OnnxOutput)]));

        Assert.AreEqual("inputName", input.ParamName);
        Assert.Contains("'x'", input.Message);
        Assert.AreEqual("outputName", output.ParamName);
        Assert.Contains("'y'", output.Message);
        Assert.AreEqual("outputs", unnamed.ParamName);
        Assert.AreEqual("name", Assert.ThrowsExactly<ArgumentNullException>(() => new OnnxInput(null!, new float[4])).ParamName);
        Assert.AreEqual("name", Assert.ThrowsExactly<ArgumentNullException>(() => new OnnxOutput(null!, new float[3])).ParamName);
    }

    [TestMethod]
    public void RepeatedOutputIsRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => twoInTwoOut.Run(
            1,
            [new OnnxInput("a", new float[3]), new OnnxInput("b", new float[3])],
            [new OnnxOutput("sum", new float[3]), new OnnxOutput("sum", new float[3])]));
    }

    [TestMethod]
    public void MissingInputIsRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(
            () => twoInTwoOut.Run(1, [new OnnxInput("a", new float[3])], [new OnnxOutput("sum", new float[3])]));
    }

    [TestMethod]
    public void NoOutputsIsRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(
            () => gemm.Run(1, [new OnnxInput("x", new float[4])], ReadOnlySpan<OnnxOutput>.Empty));
    }

    [TestMethod]
    public void SpanOverloadNeedsASingleInputModel()
    {
        Assert.ThrowsExactly<ArgumentException>(() => twoInTwoOut.Run(1, "a", new float[3], "sum", new float[3]));
    }

    [TestMethod]
    public void NonPositiveRowCountIsRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => gemm.Run(0, "x", [], "y", []));
    }

    [TestMethod]
    public void FixedBatchDimensionIsNotOverriddenByRowCount()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.FixedBatch);

        Assert.ThrowsExactly<ArgumentException>(() => session.Run(3, "x", new float[9], "y", new float[9]));
    }

    [TestMethod]
    public void NonFloatInputIsRejectedBeforeNativeCode()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.Int64Input);

        var error = Assert.ThrowsExactly<ArgumentException>(() => session.Run(1, "x", new float[2], "y", new float[2]));

        Assert.AreEqual("input", error.ParamName);
        StringAssert.StartsWith(
            error.Message,
            "The input 'x' (shape [-1, 2], Int64) cannot be bound: it holds Int64 values, and OnnxSession binds float tensors only. "
            + "Export the model with float inputs and outputs, with a Cast inside the graph where its nodes take or give another type.");
    }

    /// <summary>An output the session cannot bind does not keep the model from loading and computing its other outputs.</summary>
    [TestMethod]
    public void NonFloatOutputIsRejectedOnlyWhenAskedFor()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.Int64Output);
        var copied = new float[2];

        session.Run(1, "x", [1.5f, -2f], "y", copied);
        var error = Assert.ThrowsExactly<ArgumentException>(() => session.Run(1, "x", [1.5f, -2f], "i", new float[2]));

        CollectionAssert.AreEqual(new[] { 1.5f, -2f }, copied);
        Assert.AreEqual("output", error.ParamName);
        StringAssert.StartsWith(error.Message, "The output 'i' (shape [-1, 2], Int64) cannot be bound: it holds Int64 values");
    }

    [TestMethod]
    public void OutputOverlappingInputIsRejected()
    {
        var shared = new float[12];
        Memory<float> memory = shared;

        var error = Assert.ThrowsExactly<ArgumentException>(() => twoInTwoOut.Run(
            1,
            [new OnnxInput("a", memory[..3]), new OnnxInput("b", memory[3..6])],
            [new OnnxOutput("sum", memory[5..8])]));

        Assert.AreEqual("outputs", error.ParamName);
        StringAssert.Contains(error.Message, "The buffer for output 'sum' overlaps the buffer for 'b'");
    }

    [TestMethod]
    public void BuffersThatOnlyTouchDoNotOverlap()
    {
        // Consecutive slices of one array share an end address but no float; runs on them must go ahead.
        float[] shared = new float[3 + 3 + 3 + 1];
        float[] a = [1, 2, 3];
        float[] b = [10, 20, 30];
        a.CopyTo(shared, 0);
        b.CopyTo(shared, 3);
        Memory<float> memory = shared;

        twoInTwoOut.Run(
            1,
            [new OnnxInput("a", memory[..3]), new OnnxInput("b", memory[3..6])],
            [new OnnxOutput("sum", memory[6..9]), new OnnxOutput("rowsum", memory[9..])]);

        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 10, 20, 30, 11, 22, 33, 6 }, shared);
    }

    [TestMethod]
    public void OutputsOverlappingEachOtherAreRejected()
    {
        var outputs = new float[3];
        Memory<float> memory = outputs;

        var error = Assert.ThrowsExactly<ArgumentException>(() => twoInTwoOut.Run(
            1,
            [new OnnxInput("a", new float[3]), new OnnxInput("b", new float[3])],
            [new OnnxOutput("sum", memory), new OnnxOutput("rowsum", memory[2..])]));

        Assert.AreEqual("outputs", error.ParamName);
        StringAssert.Contains(error.Message, "The buffer for output 'rowsum' overlaps the buffer for 'sum'");
    }

    [TestMethod]
    public void MoreOutputsThanTheModelHasAreRefusedByTheirCount()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => twoInTwoOut.Run(
            1,
            [new OnnxInput("a", new float[3]), new OnnxInput("b", new float[3])],
            [new OnnxOutput("sum", new float[3]), new OnnxOutput("rowsum", new float[1]), new OnnxOutput("sum", new float[3])]));

        Assert.AreEqual("outputs", error.ParamName);
        StringAssert.StartsWith(error.Message, "Request between 1 and 2 of the model's outputs ('sum', 'rowsum'); 3 were requested.");
    }
}
