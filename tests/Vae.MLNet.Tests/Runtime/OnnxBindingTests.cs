using System.Runtime.CompilerServices;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxBindingTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    public void EachRunScoresWhatTheBoundInputHoldsThen(int rows)
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        float[] first = RuntimeTestModels.Inputs(rows * GemmReluReference.InputWidth, seed: 1);
        float[] second = RuntimeTestModels.Inputs(rows * GemmReluReference.InputWidth, seed: 2);
        var x = new float[first.Length];
        var y = new float[rows * GemmReluReference.OutputWidth];
        using OnnxBinding binding = session.Bind(rows, [new OnnxInput("x", x)], [new OnnxOutput("y", y)]);

        first.CopyTo(x);
        binding.Run();
        float[] fromFirst = [.. y];
        second.CopyTo(x);
        binding.Run();

        GemmReluReference.AssertClose(GemmReluReference.Compute(first, rows), fromFirst);
        GemmReluReference.AssertClose(GemmReluReference.Compute(second, rows), y);
    }

    [TestMethod]
    public void OutputsBoundToSlicesOfOneBufferAreWrittenThereOnly()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.TwoInTwoOut);
        const int rows = 2;
        float[] a = RuntimeTestModels.Inputs(rows * 3, seed: 1);
        float[] b = RuntimeTestModels.Inputs(rows * 3, seed: 2);
        var outputs = new float[1 + (rows * 3) + rows + 1];
        Array.Fill(outputs, -7f);
        using OnnxBinding binding = session.Bind(
            rows,
            [new OnnxInput("a", a), new OnnxInput("b", b)],
            [new OnnxOutput("sum", outputs.AsMemory(1, rows * 3)), new OnnxOutput("rowsum", outputs.AsMemory(1 + (rows * 3), rows))]);

        binding.Run();

        CollectionAssert.AreEqual(a.Zip(b, (x, z) => x + z).ToArray(), outputs[1..(1 + (rows * 3))]);
        Assert.AreEqual(-7f, outputs[0]);
        Assert.AreEqual(-7f, outputs[^1]);
    }

    [TestMethod]
    public void BindRefusesWhatRunRefuses()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        var shared = new float[4];

        var unknown = Assert.ThrowsExactly<ArgumentException>(() => session.Bind(1, [new OnnxInput("z", new float[4])], [new OnnxOutput("y", new float[3])]));
        var wrongLength = Assert.ThrowsExactly<ArgumentException>(() => session.Bind(2, [new OnnxInput("x", new float[4])], [new OnnxOutput("y", new float[6])]));
        var overlap = Assert.ThrowsExactly<ArgumentException>(() => session.Bind(1, [new OnnxInput("x", shared)], [new OnnxOutput("y", shared.AsMemory(0, 3))]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => session.Bind(0, [new OnnxInput("x", Array.Empty<float>())], [new OnnxOutput("y", Array.Empty<float>())]));

        Assert.Contains("no input named 'z'", unknown.Message);
        Assert.Contains("'x' (shape [-1, 4]) needs 8 floats for 2 row(s)", wrongLength.Message);
        Assert.Contains("overlaps", overlap.Message);
    }

    [TestMethod]
    public void TheBuffersOfABindingNobodyDisposedCanBeCollected()
    {
        using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        WeakReference[] buffers = BindAndForget(session);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.IsFalse(buffers.Any(buffer => buffer.IsAlive), "A pin of the forgotten binding kept its buffer alive.");
    }

    [TestMethod]
    public void RunAfterTheBindingOrItsSessionIsDisposedThrows()
    {
        OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        OnnxBinding disposed = session.Bind(1, [new OnnxInput("x", new float[4])], [new OnnxOutput("y", new float[3])]);
        OnnxBinding ofTheSession = session.Bind(1, [new OnnxInput("x", new float[4])], [new OnnxOutput("y", new float[3])]);

        disposed.Dispose();
        disposed.Dispose();
        session.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(disposed.Run);
        Assert.ThrowsExactly<ObjectDisposedException>(ofTheSession.Run);
        Assert.ThrowsExactly<ObjectDisposedException>(() => session.Bind(1, [new OnnxInput("x", new float[4])], [new OnnxOutput("y", new float[3])]));
        ofTheSession.Dispose();
    }

    // Not inlined, so no local of the caller's frame still holds the binding or its buffers when it collects.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] BindAndForget(OnnxSession session)
    {
        var x = new float[GemmReluReference.InputWidth];
        var y = new float[GemmReluReference.OutputWidth];
        session.Bind(1, [new OnnxInput("x", x)], [new OnnxOutput("y", y)]).Run();
        return [new WeakReference(x), new WeakReference(y)];
    }
}
