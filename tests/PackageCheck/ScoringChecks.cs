/// <summary>What the package checks measure of a run: how far two scorings differ, and which ONNX Runtime was loaded.</summary>
internal static class ScoringChecks
{
    /// <summary>The largest absolute difference between corresponding values.</summary>
    public static float MaxAbsoluteDifference(IEnumerable<float> expected, IEnumerable<float> actual) =>
        expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();

    /// <summary>The files of every ONNX Runtime library mapped into this process.</summary>
    public static string[] LoadedOnnxRuntimes() => File.ReadLines("/proc/self/maps")
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(fields => fields.Length == 6 && Path.GetFileName(fields[5]).StartsWith("libonnxruntime", StringComparison.Ordinal))
        .Select(fields => fields[5])
        .Distinct()
        .ToArray();
}
