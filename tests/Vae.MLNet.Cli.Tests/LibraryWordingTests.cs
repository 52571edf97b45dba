using System.Reflection;
using System.Text.RegularExpressions;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed partial class LibraryWordingTests
{
    [TestMethod]
    public void EveryPhraseTheCommandLineRewordsStillOccursInALibraryMessage()
    {
        string messages = LibraryMessages();
        IReadOnlyList<(string Name, LibraryWording Wording)> wordings = Wordings();

        Assert.IsGreaterThanOrEqualTo(6, wordings.Count, "the wordings are found");
        foreach ((string name, LibraryWording wording) in wordings)
        {
            string worded = wording.Before?.Apply(messages) ?? messages;
            foreach ((string library, _) in wording.Phrases)
            {
                // Not Assert.Contains, whose failure would print the library's whole source.
                Assert.IsTrue(worded.Contains(library, StringComparison.Ordinal), $"{name} rewords \"{library}\", which no library message holds; word it as the library now does.");
            }
        }
    }

    [TestMethod]
    public void SettingsThePhrasesMissAreNamedAsTheirOptions()
    {
        string message = DataInput.CsvWording.Apply("leave it out of the features (ExcludedColumnIndices) or cap the rows read with MaxRows.");

        Assert.AreEqual("leave it out of the features (--exclude-columns) or cap the rows read with --max-rows.", message);
    }

    private static List<(string Name, LibraryWording Wording)> Wordings() =>
    [
        .. typeof(LibraryWording).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(field => field.FieldType == typeof(LibraryWording))
            .Select(field => ($"{field.DeclaringType!.Name}.{field.Name}", (LibraryWording)field.GetValue(null)!)),
    ];

    // The library's source with each message's parts joined as it builds them: a nameof as the name it gives, and a
    // string continued on the next line as one. Comments are left out, so that a phrase only a comment keeps is missed.
    private static string LibraryMessages()
    {
        IEnumerable<string> code = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "src", "Vae.MLNet"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal));
        string source = Nameof().Replace(string.Join('\n', code), "$1");
        return Continuation().Replace(source, string.Empty);
    }

    [GeneratedRegex(@"\{nameof\((?:\w+\.)*(\w+)\)\}")]
    private static partial Regex Nameof();

    [GeneratedRegex("\"\\s*\\+\\s*\\$?@?\"")]
    private static partial Regex Continuation();
}
