using Google.Protobuf;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxSessionErrorTests
{
    [TestMethod]
    public void CorruptModelCarriesOnnxRuntimesCodeAndMessage()
    {
        byte[] model = RuntimeTestModels.Bytes(RuntimeTestModels.GemmRelu);
        byte[] corrupt = [.. model.AsSpan(0, model.Length / 2), 0xFF, 0xFF, 0xFF];

        var error = Assert.ThrowsExactly<OnnxRuntimeException>(() => new OnnxSession(corrupt));

        Assert.AreEqual(OnnxRuntimeErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.Contains("protobuf", error.NativeMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(error.NativeMessage, error.Message);
    }

    [TestMethod]
    public void EmptyModelIsArgumentException()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new OnnxSession([]));
    }

    [TestMethod]
    public void AnOutputThatIsAlsoAnInputIsRefusedRatherThanLeftUnwritten()
    {
        // ONNX Runtime accepts a graph that passes its input straight out, but never writes a pre-bound output buffer
        // for it: Run would return with the caller's old values.
        var graph = new OnnxGraphBuilder("passthrough", OnnxTensorNames.Default);
        graph.AddOutput(graph.AddInput("x", 3), "x", 3);
        var model = new ModelProto { IrVersion = OnnxExporter.IrVersion, Graph = graph.Build() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxExporter.OpsetVersion });

        var error = Assert.ThrowsExactly<ArgumentException>(() => new OnnxSession(model.ToByteArray()));

        Assert.AreEqual("model", error.ParamName);
        Assert.Contains("output 'x' is also one of its inputs", error.Message);
        Assert.Contains("Identity", error.Message);
    }

    [TestMethod]
    [DataRow(-1)]
    [DataRow(VaeOptions.MaxNumberOfThreads + 1)]
    public void AThreadCountOutOfRangeIsRejected(int threads)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new OnnxSession(RuntimeTestModels.Bytes(RuntimeTestModels.GemmRelu), intraOpThreads: threads));
        Assert.AreEqual("intraOpThreads", error.ParamName);
    }
}
