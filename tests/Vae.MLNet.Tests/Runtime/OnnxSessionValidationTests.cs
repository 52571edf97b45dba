using Vae.MLNet.Onnx.Protos;
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

        var error = Assert.ThrowsExactly<ArgumentException>(() => session.Run(3, "x", new float[9], "y", new float[9]));

        Assert.AreEqual("rows", error.ParamName);
        StringAssert.StartsWith(error.Message, "The graph's batch dimension is fixed at 2: none of its inputs and outputs has a symbolic first dimension, "
            + "and all start with 2 (as 'x', shape [2, 3]), so a run scores 2 row(s), not 3. Pass rows 2, or export the graph with a symbolic first dimension");
    }

    /// <summary>ONNX Runtime scores the rows a graph fixes: a row count that differs, given buffers of those rows, would have scored them silently.</summary>
    [TestMethod]
    public void ARowCountOtherThanTheFixedBatchIsRefusedWhateverTheBuffersHold()
    {
        var graph = new GraphProto { Name = "fixed_identity" };
        graph.Input.Add(RuntimeTestModels.Tensor("x", 1, 3));
        graph.Output.Add(RuntimeTestModels.Tensor("y", 1, 3));
        graph.Node.Add(new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "y" } });
        using var session = new OnnxSession(RuntimeTestModels.Bytes(graph));
        var y = new float[3];

        foreach (int floats in new[] { 3, 6 })
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => session.Run(2, "x", new float[floats], "y", new float[floats]));
            Assert.AreEqual("rows", error.ParamName);
            StringAssert.StartsWith(error.Message, "The graph's batch dimension is fixed at 1:");
            StringAssert.Contains(error.Message, "so a run scores 1 row(s), not 2. Pass rows 1,");
        }

        var bound = Assert.ThrowsExactly<ArgumentException>(() => session.Bind(2, [new OnnxInput("x", new float[3])], [new OnnxOutput("y", new float[3])]));
        Assert.AreEqual("rows", bound.ParamName);
        session.Run(1, "x", [1f, 2f, 3f], "y", y);
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f }, y);
    }

    [TestMethod]
    public void AGraphWhoseFixedFirstDimensionsDifferScoresOnceARun()
    {
        var graph = new GraphProto { Name = "no_batch" };
        graph.Input.Add(RuntimeTestModels.Tensor("x", 1, 3));
        graph.Input.Add(RuntimeTestModels.Tensor("s", 3));
        graph.Output.Add(RuntimeTestModels.Tensor("y", 1, 3));
        graph.Node.Add(new NodeProto { OpType = "Add", Input = { "x", "s" }, Output = { "y" } });
        using var session = new OnnxSession(RuntimeTestModels.Bytes(graph));
        var y = new float[3];

        var error = Assert.ThrowsExactly<ArgumentException>(
            () => session.Run(3, [new OnnxInput("x", new float[3]), new OnnxInput("s", new float[3])], [new OnnxOutput("y", y)]));
        session.Run(1, [new OnnxInput("x", new float[] { 1, 2, 3 }), new OnnxInput("s", new float[] { 10, 20, 30 })], [new OnnxOutput("y", y)]);

        Assert.AreEqual("rows", error.ParamName);
        StringAssert.StartsWith(error.Message, "The graph has no batch dimension: none of its inputs and outputs has a symbolic first dimension, nor do they share one, "
            + "so a run scores it once, not 3 times; pass rows 1.");
        CollectionAssert.AreEqual(new[] { 11f, 22f, 33f }, y);
    }

    /// <summary>A tensor of fixed shape beside batched ones holds its own floats whatever the rows, and a buffer of another length is told so.</summary>
    [TestMethod]
    public void AFixedTensorBesideBatchedOnesIsSizedByItsShapeNotByTheRows()
    {
        var graph = new GraphProto { Name = "shifted" };
        graph.Input.Add(RuntimeTestModels.Tensor("x", -1, 3));
        graph.Input.Add(RuntimeTestModels.Tensor("s", 3));
        graph.Output.Add(RuntimeTestModels.Tensor("y", -1, 3));
        graph.Node.Add(new NodeProto { OpType = "Add", Input = { "x", "s" }, Output = { "y" } });
        using var session = new OnnxSession(RuntimeTestModels.Bytes(graph));
        var y = new float[6];

        session.Run(2, [new OnnxInput("x", new float[] { 1, 2, 3, 4, 5, 6 }), new OnnxInput("s", new float[] { 10, 20, 30 })], [new OnnxOutput("y", y)]);
        var error = Assert.ThrowsExactly<ArgumentException>(
            () => session.Run(2, [new OnnxInput("x", new float[6]), new OnnxInput("s", new float[6])], [new OnnxOutput("y", y)]));

        CollectionAssert.AreEqual(new[] { 11f, 22f, 33f, 14f, 25f, 36f }, y);
        Assert.AreEqual("inputs", error.ParamName);
        StringAssert.StartsWith(error.Message, "'s' (shape [3]) needs 3 floats for its fixed shape, but its buffer holds 6.");
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
