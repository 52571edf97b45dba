using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxRuntimeLibraryTests
{
    [TestMethod]
    public void ExplicitPathThatDoesNotExistNamesTheVariableAndTheFix()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-onnxruntime-{Guid.NewGuid():N}", "libonnxruntime.so.1");

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Load(missing, AppContext.BaseDirectory));

        Assert.Contains("VAE_MLNET_ONNXRUNTIME", error.Message);
        Assert.Contains(missing, error.Message);
        Assert.Contains("scripts/fetch-onnxruntime.sh", error.Message);
        Assert.IsInstanceOfType<DllNotFoundException>(error);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ALibraryThatIsNotOnnxRuntimeIsNamedWithWhereItWasLoadedFrom()
    {
        const string notOnnxRuntime = "libm.so.6";

        var error = Assert.ThrowsExactly<OnnxRuntimeNotFoundException>(
            () => OrtApi.FromLibrary(OnnxRuntimeLibrary.Load(notOnnxRuntime, AppContext.BaseDirectory)));

        Assert.Contains($"{notOnnxRuntime} (from VAE_MLNET_ONNXRUNTIME)", error.Message);
        Assert.Contains("does not export OrtGetApiBase", error.Message);
    }
}
