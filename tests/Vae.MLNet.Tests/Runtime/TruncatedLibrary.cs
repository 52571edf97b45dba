using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

/// <summary>The start of the real ONNX Runtime library, as an interrupted download or copy leaves it.</summary>
internal static class TruncatedLibrary
{
    public const int Length = 1_000_000;

    /// <summary>
    /// The intact library the tests score with: the one <see cref="OnnxRuntimeLibrary.PathVariable"/> names, which set-up
    /// then leaves unfetched, or the one the build copies next to the test assembly.
    /// </summary>
    public static string IntactPath { get; } =
        Environment.GetEnvironmentVariable(OnnxRuntimeLibrary.PathVariable) is { Length: > 0 } chosen
            ? chosen
            : Path.Combine(AppContext.BaseDirectory, OnnxRuntimeLibrary.FileName);

    public static string WriteTo(TempDirectory temp)
    {
        var start = new byte[Length];
        using (FileStream intact = File.OpenRead(IntactPath))
        {
            intact.ReadExactly(start);
        }

        return temp.Write(OnnxRuntimeLibrary.FileName, start);
    }
}
