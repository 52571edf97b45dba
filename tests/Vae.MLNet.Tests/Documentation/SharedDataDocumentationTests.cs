using System.Text.RegularExpressions;

namespace Vae.MLNet.Tests.Documentation;

/// <summary>
/// The examples read datasets from ../shared/data, which a fresh clone lacks, so the README says where each comes from
/// and every guide whose commands read one links there.
/// </summary>
[TestClass]
public sealed partial class SharedDataDocumentationTests
{
    private const string Section = "### Data for the examples";
    private const string SectionLink = "../README.md#data-for-the-examples";

    [TestMethod]
    public void TheReadmeSaysWhereEachDatasetTheDocumentsReadComesFrom()
    {
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        int start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, $"README.md has no section '{Section}'.");
        int end = readme.IndexOf("\n#", start + Section.Length, StringComparison.Ordinal);
        string section = readme[start..(end < 0 ? readme.Length : end)];

        string[] folders = [.. Documents().SelectMany(document => SharedDataFolder().Matches(document.Text)).Select(match => match.Groups[1].Value).Distinct()];

        CollectionAssert.IsSubsetOf(new[] { "mnist", "adult", "tabular" }, folders, "the documents' commands read these");
        foreach (string folder in folders)
        {
            StringAssert.Contains(section, $"`{folder}/`", $"the README does not say where ../shared/data/{folder} comes from");
        }
    }

    [TestMethod]
    public void EveryGuideReadingSharedDataLinksToWhereItComesFrom()
    {
        foreach ((string name, string text) in Documents().Where(document => document.Name != "README.md" && SharedData().IsMatch(document.Text)))
        {
            StringAssert.Contains(text, SectionLink, $"{name} reads ../shared/data without linking to where its data comes from");
        }
    }

    private static IEnumerable<(string Name, string Text)> Documents() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "docs"), "*.md")
            .Append(Path.Combine(TestPaths.RepositoryRoot, "README.md"))
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path)));

    [GeneratedRegex(@"\.\./shared/data\b")]
    private static partial Regex SharedData();

    [GeneratedRegex(@"\.\./shared/data/([a-z_-]+)/")]
    private static partial Regex SharedDataFolder();
}
