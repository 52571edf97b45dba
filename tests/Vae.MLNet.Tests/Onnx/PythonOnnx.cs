using System.Diagnostics;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// Runs the Python scripts under TestData/Onnx with Debian's python3 and its onnx package, which judge our files
/// independently of the C# code that wrote them.
/// </summary>
internal static class PythonOnnx
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(() => File.Exists(Python) && Run(["-c", "import onnx, numpy"]).ExitCode == 0);

    /// <summary>Marks the test inconclusive when python3 with onnx and numpy is missing.</summary>
    public static void RequireAvailable()
    {
        if (!Available.Value)
        {
            Assert.Inconclusive($"{Python} with the onnx and numpy packages is needed; run scripts/setup.sh.");
        }
    }

    /// <summary>Runs a script from TestData/Onnx and returns its exit code and combined output.</summary>
    public static (int ExitCode, string Output) RunScript(string script, params string[] arguments) =>
        Run([Path.Combine(AppContext.BaseDirectory, "TestData", "Onnx", script), .. arguments]);

    private static (int ExitCode, string Output) Run(string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            Assert.Fail($"{Python} {string.Join(' ', arguments)} did not finish within 2 minutes.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
