using Microsoft.CodeAnalysis;

namespace Vae.MLNet.Tests;

/// <summary>What code the tests compile may use: every assembly the running tests may load, the framework's and the library's.</summary>
internal static class LoadedAssemblyReferences
{
    public static IEnumerable<MetadataReference> All()
    {
        string platform = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? throw new InvalidOperationException("The runtime lists no trusted assemblies.");
        return platform.Split(Path.PathSeparator).Select(path => MetadataReference.CreateFromFile(path));
    }
}
