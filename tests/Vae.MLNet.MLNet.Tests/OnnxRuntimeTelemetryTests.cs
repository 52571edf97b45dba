using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.MLNet.Tests;

[TestClass]
public sealed partial class OnnxRuntimeTelemetryTests
{
    // An application of the ML.NET face alone never creates the library's own ONNX Runtime environment, which turned the
    // telemetry off; ML.NET's, created as the transformer is fitted, wrote a device id, an event cache and this log.
    [TestMethod]
    public void FittingTheEstimatorStartsMLNetsOnnxRuntimeWithoutTelemetry()
    {
        var mlContext = new MLContext(seed: 1);
        using OnnxTransformer transformer = mlContext.Transforms.Vae(TestData.SmallOptions()).Fit(TestData.Clusters(mlContext));

        string debugLog = Path.Combine(Path.GetTempPath(), $"mat-debug-{Environment.ProcessId}.log");
        Assert.IsNotNull(Marshal.PtrToStringUTF8(NativeEnvironmentVariable(OnnxRuntimeTelemetry.DisableVariable)), "the variable ONNX Runtime reads should be set");
        Assert.IsFalse(File.Exists(debugLog), $"ONNX Runtime's telemetry started and wrote {debugLog}.");
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeEnvironmentVariable(string name);
}
