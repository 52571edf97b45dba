using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests;

/// <summary>
/// A console program the test writes as C# and runs as a process of its own against the library under test, for what
/// only a whole process shows: how it exits, what it prints on its way out.
/// </summary>
internal static class CompiledProgram
{
    /// <summary>
    /// Compiles <paramref name="source"/> (top-level statements) into <paramref name="directory"/> and runs it with
    /// <paramref name="arguments"/>; <paramref name="environment"/> sets variables for the run over the defaults, a
    /// <see langword="null"/> value removing one.
    /// </summary>
    public static ChildProcess.Result Run(
        string directory, string source, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Child",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            LoadedAssemblyReferences.All(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        string program = Path.Combine(directory, "Child.dll");
        EmitResult emitted = compilation.Emit(program);
        Assert.IsTrue(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

        // The child finds the library beside it, and ONNX Runtime where the tests found it.
        string library = typeof(VaeModel).Assembly.Location;
        File.Copy(library, Path.Combine(directory, Path.GetFileName(library)));
        string runtimeConfig = Path.Combine(AppContext.BaseDirectory, "Vae.MLNet.Tests.runtimeconfig.json");
        var variables = new Dictionary<string, string?>
        {
            [OnnxRuntimeLibrary.PathVariable] = Environment.GetEnvironmentVariable(OnnxRuntimeLibrary.PathVariable)
                ?? Path.Combine(AppContext.BaseDirectory, OnnxRuntimeLibrary.FileName),
        };
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return ChildProcess.Run(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            ["exec", "--runtimeconfig", runtimeConfig, program, .. arguments],
            timeout,
            variables);
    }
}
