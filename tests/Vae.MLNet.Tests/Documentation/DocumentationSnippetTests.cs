namespace Vae.MLNet.Tests.Documentation;

[TestClass]
public sealed class DocumentationSnippetTests
{
    [TestMethod]
    public void TheLibrarysCSharpBlocksCompileAsPastedIntoOneProgram()
    {
        IReadOnlyList<string> problems = DocumentationSnippets.Problems(
            TestPaths.RepositoryRoot,
            new DocumentationSnippets("README.md", TakesBlock: IsLibraryBlock),
            new DocumentationSnippets("src/Vae.MLNet/README.md"));

        Assert.IsEmpty(problems, string.Join('\n', problems));
    }

    // The ML.NET face's blocks compile in its own tests, which reference Microsoft.ML.
    private static bool IsLibraryBlock(string block) => !block.Contains("mlContext", StringComparison.Ordinal);
}
