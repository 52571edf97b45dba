using System.CommandLine.Parsing;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for an option of one value given more than once. The parser counts the values of all its occurrences
/// together ("expects a single argument but 2 were provided"), which reads as if one occurrence had two values.
/// </summary>
internal static class RepeatedOption
{
    /// <summary>The message for <paramref name="error"/> when a one-value option caused it by repeating; otherwise null.</summary>
    public static string? Message(ParseError error) =>
        (error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult) is { Option.Arity.MaximumNumberOfValues: 1, IdentifierTokenCount: > 1 } repeated
            ? $"{repeated.Option.Name} is given {repeated.IdentifierTokenCount} times; give it once."
            : null;
}
