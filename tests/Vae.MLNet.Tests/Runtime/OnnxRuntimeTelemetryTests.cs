using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxRuntimeTelemetryTests
{
    // ONNX Runtime 1.30's telemetry writes this log (beside its cache in ~/.cache) whenever it starts, in any
    // environment not recognized as a CI build.
    [TestMethod]
    public void CreatingTheEnvironmentStartsNoTelemetry()
    {
        _ = OrtEnvironment.Instance;

        string debugLog = Path.Combine(Path.GetTempPath(), $"mat-debug-{Environment.ProcessId}.log");
        Assert.IsFalse(File.Exists(debugLog), $"ONNX Runtime's telemetry started and wrote {debugLog}.");
    }

    [TestMethod]
    public unsafe void DisableTelemetryEventsIsBoundToTheRightFunction()
    {
        OrtEnvironment environment = OrtEnvironment.Instance;

        // A wrong index would call another function, which fails on this argument or kills the process.
        environment.Api.ThrowIfFailed(environment.Api.DisableTelemetryEvents(environment.Env.DangerousGetHandle()));
    }
}
