using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Vae.MLNet.Tests.Documentation;

/// <summary>
/// Every parameter a caller or subclass of the library can pass has a &lt;param&gt; tag in the documentation file the
/// build writes, so IntelliSense's parameter help is never blank, and every constructor a comment. The compiler warns only
/// of a parameter left out beside documented ones, not of a method that documents none, and not of the parameterless
/// constructor it declares for a class that declares none.
/// </summary>
[TestClass]
public sealed class ParameterDocumentationTests
{
    [TestMethod]
    public void EveryVisibleParameterAndConstructorOfTheLibraryIsDocumented()
    {
        string library = typeof(VaeModel).Assembly.Location;
        string documentationFile = Path.ChangeExtension(library, ".xml");
        Assert.IsTrue(File.Exists(documentationFile), $"The build wrote no documentation file beside {library}.");
        Dictionary<string, XElement> documentation = XDocument.Load(documentationFile).Descendants("member")
            .ToDictionary(member => (string)member.Attribute("name")!);
        IAssemblySymbol assembly = CSharpCompilation.Create("Probe", references: LoadedAssemblyReferences.All())
            .SourceModule.ReferencedAssemblySymbols.Single(referenced => referenced.Name == typeof(VaeModel).Assembly.GetName().Name);

        string[] undocumented =
        [
            .. VisibleTypes(assembly.GlobalNamespace)
                .SelectMany(type => type.GetMembers())
                .Where(member => IsVisible(member) && !IsCompilerGenerated(member))
                .SelectMany(member => UndocumentedParameters(member, documentation)),
        ];

        Assert.IsEmpty(undocumented, "Parameters without a <param> tag, or constructors without a comment:" + Environment.NewLine + string.Join(Environment.NewLine, undocumented));
    }

    private static IEnumerable<string> UndocumentedParameters(ISymbol member, Dictionary<string, XElement> documentation)
    {
        IEnumerable<IParameterSymbol> parameters = member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor or MethodKind.UserDefinedOperator or MethodKind.Conversion } method => method.Parameters,
            IPropertySymbol { IsIndexer: true } indexer => indexer.Parameters,
            _ => [],
        };
        // Roslyn adds the return type to every method's ID read from metadata; the documentation file, to conversions' alone.
        string id = DocumentationCommentId.CreateDeclarationId(member)!;
        id = member is IMethodSymbol { MethodKind: not MethodKind.Conversion } ? id.Split('~')[0] : id;
        XElement? comment = documentation.GetValueOrDefault(id);
        // The compiler warns of no other undocumented member, but declares a class's parameterless constructor without a
        // comment when the class declares none; a value type's, which every struct and enum has, takes none.
        if (comment is null && member is IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType.IsValueType: false })
        {
            yield return $"{id}: no comment, as a constructor the compiler declares has none; declare it with a summary";
        }

        if (comment?.Elements("inheritdoc").Any(inherited => inherited.Attribute("path") is null) == true)
        {
            // The whole comment of another member, parameters included, as IntelliSense shows it.
            yield break;
        }

        var documented = comment?.Elements("param").Select(param => (string?)param.Attribute("name")).ToHashSet() ?? [];
        foreach (IParameterSymbol parameter in parameters.Where(parameter => !documented.Contains(parameter.Name)))
        {
            yield return $"{id}: {parameter.Name}";
        }
    }

    private static IEnumerable<INamedTypeSymbol> VisibleTypes(INamespaceOrTypeSymbol container) =>
        container.GetMembers().SelectMany(member => member switch
        {
            INamespaceSymbol space => VisibleTypes(space),
            INamedTypeSymbol type when IsVisible(type) && type.TypeKind != TypeKind.Delegate => VisibleTypes(type).Prepend(type),
            _ => [],
        });

    /// <summary>Whether the compiler wrote <paramref name="member"/>, as a record's equality and Deconstruct, which have no comments to write.</summary>
    private static bool IsCompilerGenerated(ISymbol member) =>
        member.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute).FullName);

    /// <summary>Whether code outside the library can call or override <paramref name="symbol"/>, given its type is visible.</summary>
    private static bool IsVisible(ISymbol symbol) =>
        symbol.DeclaredAccessibility is Accessibility.Public
        || (symbol.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedOrInternal && symbol.ContainingType is { IsSealed: false });
}
