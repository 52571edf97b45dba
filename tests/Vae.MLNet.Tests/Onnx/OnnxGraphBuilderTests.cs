using Vae.MLNet.Onnx;

namespace Vae.MLNet.Tests.Onnx;

[TestClass]
public sealed class OnnxGraphBuilderTests
{
    [TestMethod]
    public void AGraphInputOrConstantIsNotPublishedUnderAnotherName()
    {
        // Publishing renames the value in every node; an input or a constant renamed there would leave the output
        // computed by nothing and the nodes reading a name no longer declared.
        var graph = new OnnxGraphBuilder("rename", OnnxTensorNames.Default);
        string input = graph.AddInput("x", 3);
        string constant = graph.AddInitializer("c", [1f, 2f, 3f], 3);
        graph.AddNode("Add", "sum", [input, constant]);

        var fromInput = Assert.ThrowsExactly<InvalidOperationException>(() => graph.AddOutput(input, "y", 3));
        var fromConstant = Assert.ThrowsExactly<InvalidOperationException>(() => graph.AddOutput(constant, "z", 3));

        Assert.AreEqual("'x' is a graph input or constant, not a computed value; it cannot be renamed to 'y'.", fromInput.Message);
        Assert.AreEqual("'c' is a graph input or constant, not a computed value; it cannot be renamed to 'z'.", fromConstant.Message);
    }
}
