using Vae.MLNet.Tests;

namespace Vae.MLNet.MLNet.Tests;

[TestClass]
public sealed class DocumentationSnippetTests
{
    [TestMethod]
    public void TheMLNetCSharpBlocksCompileAsPastedIntoOneProgram()
    {
        // The blocks use the context, data and scored rows the reader made; a context implies its namespace.
        string[] context = ["Microsoft.ML"];
        IReadOnlyList<string> problems = DocumentationSnippets.Problems(
            TestPaths.RepositoryRoot,
            new DocumentationSnippets("README.md", "MLContext mlContext", context, block => block.Contains("mlContext", StringComparison.Ordinal)),
            new DocumentationSnippets("src/Vae.MLNet.MLNet/README.md", "IDataView trainData", context),
            new DocumentationSnippets("docs/mlnet-guide.md", "IDataView trainData, IDataView scored", context));

        Assert.IsEmpty(problems, string.Join('\n', problems));
    }
}
