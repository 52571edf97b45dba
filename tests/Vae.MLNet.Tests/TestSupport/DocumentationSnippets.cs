using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Vae.MLNet.Tests;

/// <summary>
/// The C# blocks of a markdown document as a reader pastes them into one program: in order, as the body of one method
/// whose parameters stand for what the document leaves to the reader (data they loaded, a context they made).
/// </summary>
/// <param name="RelativePath">The document's path from the repository root.</param>
/// <param name="Parameters">The method's parameter list, e.g. <c>IDataView trainData</c>; empty for none.</param>
/// <param name="Usings">Namespaces the parameters' types and the reader's own code bring, as a project of theirs would have.</param>
/// <param name="TakesBlock">Which blocks belong here, by their text: a document may mix the library's blocks with ML.NET's.</param>
internal sealed record DocumentationSnippets(string RelativePath, string Parameters = "", string[]? Usings = null, Func<string, bool>? TakesBlock = null)
{
    // A new console project's implicit usings, which every snippet may take for granted.
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly Regex UsingDirective = new(@"^using\s+(static\s+)?[\w.]+\s*(=\s*[\w.<>]+\s*)?;\s*(//.*)?$", RegexOptions.CultureInvariant);

    private static readonly Regex TypeDeclaration = new(
        @"^((public|internal|sealed|static|abstract|partial|readonly|file)\s+)*(class|struct|record|interface|enum)\s+\w+", RegexOptions.CultureInvariant);

    /// <summary>
    /// Compiles the documents' blocks against every assembly the running tests load, with nullable checks on, and returns
    /// each error or warning as "document(line,column): message", the line being the markdown file's.
    /// </summary>
    public static IReadOnlyList<string> Problems(string repositoryRoot, params DocumentationSnippets[] documents)
    {
        var usings = new SortedSet<string>(ImplicitUsings, StringComparer.Ordinal);
        var methods = new StringBuilder();
        var types = new StringBuilder();
        for (int i = 0; i < documents.Length; i++)
        {
            DocumentationSnippets document = documents[i];
            usings.UnionWith(document.Usings ?? []);
            methods.AppendLine($"    internal static void Document{i}({document.Parameters})").AppendLine("    {");
            foreach ((int firstLine, string[] lines) in document.Blocks(repositoryRoot))
            {
                document.Split(firstLine, lines, usings, methods, types);
            }

            methods.AppendLine("#line default").AppendLine("    }");
        }

        string source = string.Concat(usings.Select(u => $"using {u};\n"))
            + "internal static class Snippets\n{\n" + methods + "}\n" + types;
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            // What the SDK suppresses too (assembly version unification), and helpers a document defines for the reader.
            specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
                ["CS8321"] = ReportDiagnostic.Suppress,
            });
        CSharpCompilation compilation = CSharpCompilation.Create(
            "DocumentationSnippets",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "snippets.cs")],
            LoadedAssemblyReferences.All(),
            options);
        return [.. compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
            .Select(diagnostic =>
            {
                FileLinePositionSpan where = diagnostic.Location.GetMappedLineSpan();
                return $"{where.Path}({where.StartLinePosition.Line + 1},{where.StartLinePosition.Character + 1}): {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            })];
    }

    /// <summary>Each C# block this document takes, with the markdown line of its first line (1-based).</summary>
    private IEnumerable<(int FirstLine, string[] Lines)> Blocks(string repositoryRoot)
    {
        string[] lines = File.ReadAllLines(Path.Combine(repositoryRoot, RelativePath));
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp")
            {
                continue;
            }

            int end = Array.FindIndex(lines, i + 1, line => line.StartsWith("```", StringComparison.Ordinal));
            string[] block = lines[(i + 1)..end];
            if (TakesBlock?.Invoke(string.Join('\n', block)) ?? true)
            {
                yield return (i + 2, block);
            }

            i = end;
        }
    }

    // Using directives go to the top and type declarations after the class of methods, as C# requires; every line keeps
    // its markdown line number through #line.
    private void Split(int firstLine, string[] lines, SortedSet<string> usings, StringBuilder methods, StringBuilder types)
    {
        string file = RelativePath.Replace('\\', '/');
        int depth = 0;
        bool inType = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (!inType && UsingDirective.IsMatch(line))
            {
                usings.Add(line["using".Length..line.IndexOf(';', StringComparison.Ordinal)].Trim());
                continue;
            }

            if (!inType && TypeDeclaration.IsMatch(line))
            {
                inType = true;
                depth = 0;
            }

            StringBuilder target = inType ? types : methods;
            target.AppendLine($"#line {firstLine + i} \"{file}\"").AppendLine(line);
            if (inType)
            {
                depth += line.Count(c => c == '{') - line.Count(c => c == '}');
                inType = depth > 0 || !(line.Contains('}', StringComparison.Ordinal) || line.TrimEnd().EndsWith(';'));
            }
        }
    }
}
