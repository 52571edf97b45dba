using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Runs a PyTorch peer script with Debian's Python, echoing its lines, and returns the JSON object it prints last.
/// </summary>
internal static class PeerProcess
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Whether the peer's Python can import each of <paramref name="modules"/> (Debian's python3-MODULE).</summary>
    public static bool IsAvailable(IEnumerable<string> modules, out string reason)
    {
        if (!File.Exists(Python))
        {
            reason = $"{Python} is missing; run scripts/setup.sh --peers";
            return false;
        }

        foreach (string module in modules)
        {
            var check = Process.Start(new ProcessStartInfo(Python, ["-c", $"import {module}"]) { RedirectStandardError = true })!;
            check.WaitForExit();
            if (check.ExitCode != 0)
            {
                reason = $"python3-{module} is not installed; run scripts/setup.sh --peers";
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>
    /// Runs <paramref name="script"/> with OpenBLAS limited to <paramref name="openBlasThreads"/> threads. Beside torch's
    /// own intra-op threads (torch.set_num_threads) that should be 1: OpenBLAS starting as many again inside each of them
    /// oversubscribes the cores and halves the peer's speed here, which would flatter our ratios. Every other OpenBLAS
    /// setting the environment holds is left out, so OpenBLAS runs the kernels it picks for this CPU: a machine's
    /// OPENBLAS_CORETYPE=Haswell (this one's) pins AVX2 kernels on an AVX-512 CPU and halves the peer's products, which
    /// would flatter them too.
    /// </summary>
    public static JsonObject Run(string script, int openBlasThreads, params string[] arguments)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "peers", script);
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string name in start.Environment.Keys.Where(IsOpenBlasSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["OPENBLAS_NUM_THREADS"] = openBlasThreads.ToString(CultureInfo.InvariantCulture);
        start.ArgumentList.Add(path);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string? last = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            Console.WriteLine($"  peer| {line}");
            last = line;
        }

        process.WaitForExit();
        if (process.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"The peer {script} failed with exit code {process.ExitCode}.");
        }

        JsonNode? result;
        try
        {
            result = JsonNode.Parse(last);
        }
        catch (JsonException)
        {
            // Python's json.dumps writes NaN for a NaN figure, which is not JSON.
            result = null;
        }

        return result as JsonObject ?? throw new InvalidOperationException($"The peer {script} did not end with a JSON object: {last}");
    }

    // GOTO_ is the prefix of GotoBLAS, whose settings OpenBLAS still reads.
    private static bool IsOpenBlasSetting(string name) =>
        name.StartsWith("OPENBLAS_", StringComparison.Ordinal) || name.StartsWith("GOTO_", StringComparison.Ordinal);
}
