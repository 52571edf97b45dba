using System.Diagnostics;
using System.Text;
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

        var error = Assert.ThrowsExactly<VaeOnnxRuntimeException>(() => new OnnxSession(corrupt));

        Assert.AreEqual(OnnxRuntimeErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.Contains("protobuf", error.NativeMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(error.NativeMessage, error.Message);
    }

    [TestMethod]
    public void OnnxRuntimesLogGoesToTraceNotToStandardError()
    {
        // The output is declared [N, 3], but concatenating the input with itself along the rows gives [2N, 3]: ONNX
        // Runtime fails the run and logs the failure.
        var graph = new OnnxGraphBuilder("doubled", OnnxTensorNames.Default);
        string x = graph.AddInput("x", 3);
        graph.AddOutput(graph.AddNode("Concat", "rows_twice", [x, x], OnnxGraphBuilder.IntAttribute("axis", 0)), "y", 3);
        var model = new ModelProto { IrVersion = OnnxExporter.IrVersion, Graph = graph.Build() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxExporter.OpsetVersion });
        using var session = new OnnxSession(model.ToByteArray());
        using var log = new StringWriter();
        using var listener = new TextWriterTraceListener(log);
        Trace.Listeners.Add(listener);
        try
        {
            var error = Assert.ThrowsExactly<VaeOnnxRuntimeException>(() => session.Run(2, "x", new float[6], "y", new float[6]));
            listener.Flush();

            StringAssert.Contains(log.ToString(), "ONNX Runtime: error (");
            StringAssert.Contains(log.ToString(), "rows_twice");
            Assert.Contains("rows_twice", error.NativeMessage);
        }
        finally
        {
            Trace.Listeners.Remove(listener);
        }
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
    [DataRow("input", "in@", "in\\xFF")]
    [DataRow("output", "out@", "out\\xFF")]
    public void ANameThatIsNotValidUtf8IsRefusedRatherThanLoadedUnrunnable(string kind, string placeholder, string escaped)
    {
        // ONNX Runtime loads a model whose name is not valid UTF-8 and gives the name's bytes back; decoded, they became
        // U+FFFD, whose encoding ONNX Runtime then found no tensor by, so every run failed.
        var graph = new OnnxGraphBuilder("names", OnnxTensorNames.Default);
        graph.AddOutput(graph.AddNode("Identity", "copy", [graph.AddInput("in@", 3)]), "out@", 3);
        var model = new ModelProto { IrVersion = OnnxExporter.IrVersion, Graph = graph.Build() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxExporter.OpsetVersion });

        // Protobuf writes only valid UTF-8, so the placeholder's last byte becomes 0xFF, never UTF-8, in the serialized
        // model; Latin-1 maps each byte to one character and back.
        string serialized = Encoding.Latin1.GetString(model.ToByteArray());
        Assert.Contains(placeholder, serialized);
        byte[] bytes = Encoding.Latin1.GetBytes(serialized.Replace(placeholder, placeholder[..^1] + "\u00FF", StringComparison.Ordinal));

        var error = Assert.ThrowsExactly<ArgumentException>(() => new OnnxSession(bytes));

        Assert.AreEqual("model", error.ParamName);
        Assert.Contains($"{kind} '{escaped}'", error.Message);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [TestMethod]
    public void AnEmptyOutputBufferOverlapsNothingWhereverItPoints()
    {
        // A tensor of no elements takes no memory: an empty slice inside an input's buffer is no shared memory.
        var graph = new OnnxGraphBuilder("empty", OnnxTensorNames.Default);
        graph.AddOutput(graph.AddNode("Identity", "copy", [graph.AddInput("x", 3)]), "y", 3);
        graph.AddOutput(graph.AddNode("Identity", "copy_empty", [graph.AddInput("e", 0)]), "f", 0);
        var model = new ModelProto { IrVersion = OnnxExporter.IrVersion, Graph = graph.Build() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxExporter.OpsetVersion });
        using var session = new OnnxSession(model.ToByteArray());
        float[] x = [1, 2, 3];
        Memory<float> memory = x;
        var y = new float[3];

        session.Run(1, [new OnnxInput("x", memory), new OnnxInput("e", memory[3..])], [new OnnxOutput("y", y), new OnnxOutput("f", memory[1..1])]);

        CollectionAssert.AreEqual(x, y);
    }

    [TestMethod]
    public void AModelOfVeryHighRankRunsWithoutOverflowingTheStack()
    {
        // 50 000 dimensions per tensor are 800 KB of shapes for a run, more than the thread's 256 KB stack holds; a stack
        // overflow would end the process rather than fail the test.
        const int rank = 50_000;
        var graph = new GraphProto { Name = "deep" };
        long[] dimensions = [-1, .. Enumerable.Repeat(1L, rank - 1)];
        graph.Input.Add(RuntimeTestModels.Tensor("x", dimensions));
        graph.Output.Add(RuntimeTestModels.Tensor("y", dimensions));
        graph.Node.Add(new NodeProto { OpType = "Neg", Input = { "x" }, Output = { "y" } });
        using var session = new OnnxSession(RuntimeTestModels.Bytes(graph));
        var y = new float[3];
        Exception? failure = null;

        var thread = new Thread(
            () =>
            {
                try
                {
                    session.Run(3, "x", [1f, -2f, 3f], "y", y);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.IsNull(failure);
        CollectionAssert.AreEqual(new[] { -1f, 2f, -3f }, y);
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
