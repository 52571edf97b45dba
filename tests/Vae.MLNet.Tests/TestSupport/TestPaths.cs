namespace Vae.MLNet.Tests;

/// <summary>
/// Locates the repository and the shared benchmark data. The CI layout puts the repository clone at <c>X</c> and the
/// data at <c>X/../shared/data</c>; tests that need the data call <see cref="RequireSharedData"/> and are reported
/// inconclusive, not failed, where it is absent.
/// </summary>
public static class TestPaths
{
    private const string SolutionFile = "Vae.MLNet.sln";

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    private static readonly Lazy<string?> Shared = new(() =>
    {
        string path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return Directory.Exists(path) ? path : null;
    });

    /// <summary>The folder holding Vae.MLNet.sln, found by walking up from the test assembly's folder.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The shared data folder (<c>RepositoryRoot/../shared/data</c>), or <see langword="null"/> when it does not exist.</summary>
    public static string? SharedData => Shared.Value;

    /// <summary>Returns the full path of a file or folder in the shared data, or ends the test as inconclusive when it is missing.</summary>
    /// <param name="relative">Path under the shared data folder, e.g. <c>mnist/t10k-images-idx3-ubyte.gz</c>.</param>
    public static string RequireSharedData(string relative)
    {
        if (SharedData is null)
        {
            Assert.Inconclusive($"Shared data folder not found at {Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"))}; this test needs {relative}.");
        }

        string path = Path.Combine(SharedData, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Inconclusive($"Shared data folder {SharedData} has no {relative}.");
        }

        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains {SolutionFile}; run the tests from a build inside the repository.");
    }
}
