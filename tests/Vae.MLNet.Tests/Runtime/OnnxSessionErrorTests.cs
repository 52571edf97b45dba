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
    [DataRow(-1)]
    [DataRow(VaeOptions.MaxNumberOfThreads + 1)]
    public void AThreadCountOutOfRangeIsRejected(int threads)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new OnnxSession(RuntimeTestModels.Bytes(RuntimeTestModels.GemmRelu), intraOpThreads: threads));
        Assert.AreEqual("intraOpThreads", error.ParamName);
    }
}
