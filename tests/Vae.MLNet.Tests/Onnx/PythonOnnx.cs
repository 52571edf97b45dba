namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// Runs the Python scripts under TestData/Onnx with Debian's python3 and its onnx package, which judge our files
/// independently of the C# code that wrote them.
/// </summary>
internal static class PythonOnnx
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<bool> Available = new(() => Python3.IsInstalled && Python3.Run(["-c", "import onnx, numpy"], Timeout).ExitCode == 0);

    /// <summary>Marks the test inconclusive when python3 with onnx and numpy is missing.</summary>
    public static void RequireAvailable()
    {
        if (!Available.Value)
        {
            Assert.Inconclusive($"{Python3.Path} with the onnx and numpy packages is needed; run scripts/setup.sh.");
        }
    }

    /// <summary>Runs a script from TestData/Onnx and returns its exit code and combined output.</summary>
    public static (int ExitCode, string Output) RunScript(string script, params string[] arguments)
    {
        ChildProcess.Result result = Python3.Run([Path.Combine(AppContext.BaseDirectory, "TestData", "Onnx", script), .. arguments], Timeout);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
