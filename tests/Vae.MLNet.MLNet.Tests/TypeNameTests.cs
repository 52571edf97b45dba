using System.Reflection;

namespace Vae.MLNet.MLNet.Tests;

/// <summary>
/// An application of the ML.NET face imports ML.NET's and ONNX Runtime's namespaces beside the library's: a public type
/// named as one of theirs would make every unqualified use of the name ambiguous (CS0104), and a catch of either
/// exception, with only its namespace imported, would let the other through.
/// </summary>
[TestClass]
public sealed class TypeNameTests
{
    [TestMethod]
    public void NoPublicTypeIsNamedAsOneOfMLNetsOrOnnxRuntimes()
    {
        HashSet<string> theirs = [.. Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
            .Select(file => Assembly.Load(AssemblyName.GetAssemblyName(file)))
            .SelectMany(TopLevelTypeNames)];
        string[] ours = [.. new[] { typeof(VaeModel).Assembly, typeof(VaeEstimator).Assembly }.SelectMany(TopLevelTypeNames)];

        Assert.IsGreaterThan(100, theirs.Count, "ML.NET's and ONNX Runtime's assemblies should be beside the tests");
        Assert.IsEmpty(ours.Where(theirs.Contains).ToArray(), string.Join(", ", ours.Where(theirs.Contains)));
    }

    private static IEnumerable<string> TopLevelTypeNames(Assembly assembly) =>
        assembly.GetExportedTypes().Where(type => !type.IsNested).Select(type => type.Name);
}
