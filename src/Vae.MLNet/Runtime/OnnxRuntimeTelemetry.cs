using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Runtime;

/// <summary>
/// Turns ONNX Runtime's telemetry off. Its official 1.30 build collects it on Linux too (measured): creating an
/// environment reads <c>/etc/machine-id</c>, writes a device id and an event cache under
/// <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c> (<c>deviceid</c>, <c>onnxruntime.db</c> with its
/// <c>-journal</c>, <c>-wal</c> and <c>-shm</c>) and a debug log <c>mat-debug-&lt;pid&gt;.log</c> in the temporary
/// directory, to upload later. A library scoring models has no business doing that on its users' behalf.
/// </summary>
internal static partial class OnnxRuntimeTelemetry
{
    /// <summary>
    /// The environment variable ONNX Runtime reads when an environment is created, off Windows; any value but empty or
    /// <c>0</c> stops its telemetry before anything is collected, written or sent.
    /// </summary>
    public const string DisableVariable = "ORT_DISABLE_TELEMETRY";

    /// <summary>
    /// Sets <see cref="DisableVariable"/> in the process's native environment, where ONNX Runtime looks (.NET's
    /// <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only its own copy there), unless it is
    /// set already: a value of the user's own, such as 0, is their choice. Called before the environment is created,
    /// which is too late for <c>DisableTelemetryEvents</c>: by then the files are written.
    /// </summary>
    /// <exception cref="Win32Exception">The C library could not set the variable.</exception>
    public static void DisableBeforeCreatingTheEnvironment()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows builds send ETW events instead, which DisableTelemetryEvents on the environment stops.
        }

        if (SetNativeEnvironmentVariable(DisableVariable, "1", overwrite: 0) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"Could not set {DisableVariable} to turn ONNX Runtime's telemetry off.");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetNativeEnvironmentVariable(string name, string value, int overwrite);
}
