namespace Vae.MLNet.Tests;

/// <summary>A fresh folder under the system temp folder, deleted with all it holds on dispose, for tests that need real files.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("vae-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="content"/> to a file named <paramref name="name"/> in the folder and returns its full path.</summary>
    public string Write(string name, byte[] content)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
