using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

/// <summary>Each reason a tensor cannot be bound reads as one sentence after its name and says what to change in the model.</summary>
[TestClass]
public sealed class OnnxTensorInfoTests
{
    [TestMethod]
    public void AValueThatIsNotATensorSaysSo()
    {
        var sequence = new OnnxTensorInfo("s", OnnxElementType.Undefined, []);

        Assert.AreEqual(
            "The output 's' (shape [], Undefined) cannot be bound: it is not a tensor, and OnnxSession binds float tensors only. "
            + "Export the model with float inputs and outputs, with a Cast inside the graph where its nodes take or give another type.",
            sequence.DescribeUnbindable("output"));
    }

    [TestMethod]
    public void ASymbolicDimensionAfterTheFirstIsNamedByItsPosition()
    {
        var tensor = new OnnxTensorInfo("x", OnnxElementType.Float, [-1, 4, -1]);

        Assert.IsFalse(tensor.IsBindable);
        Assert.AreEqual(
            "The input 'x' (shape [-1, 4, -1], Float) cannot be bound: its dimension at position 2 is symbolic, and OnnxSession takes "
            + "only the first (batch) dimension from the row count. Export the model with the other dimensions fixed.",
            tensor.DescribeUnbindable("input"));
    }

    [TestMethod]
    public void AFirstDimensionBeyondABuffersReachSaysToMakeItSymbolic()
    {
        var tensor = new OnnxTensorInfo("x", OnnxElementType.Float, [1L << 31, 4]);

        Assert.AreEqual(
            "The input 'x' (shape [2147483648, 4], Float) cannot be bound: its first dimension is more rows than a buffer can hold. "
            + "Export the model with a symbolic (batch) first dimension, which takes the row count given to Run.",
            tensor.DescribeUnbindable("input"));
    }

    [TestMethod]
    public void ARowBeyondABuffersReachSaysToMakeTheTensorsSmaller()
    {
        var tensor = new OnnxTensorInfo("y", OnnxElementType.Float, [-1, 1L << 16, 1L << 16]);

        Assert.AreEqual(
            "The output 'y' (shape [-1, 65536, 65536], Float) cannot be bound: one row of it is more floats than a buffer can hold. "
            + "Export the model with smaller tensors.",
            tensor.DescribeUnbindable("output"));
    }
}
