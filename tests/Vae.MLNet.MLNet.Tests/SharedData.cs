namespace Vae.MLNet.MLNet.Tests;

/// <summary>
/// Finds the shared benchmark data at <c>X/../shared/data</c> for a repository at <c>X</c>; tests that need a file
/// missing there end inconclusive, not failed.
/// </summary>
internal static class SharedData
{
    private const string SolutionFile = "Vae.MLNet.sln";

    /// <summary>Returns the full path of a file under the shared data folder, or ends the test as inconclusive.</summary>
    public static string Require(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", relative));
                if (!File.Exists(path))
                {
                    Assert.Inconclusive($"Shared data file {path} not found.");
                }

                return path;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains {SolutionFile}.");
    }
}
