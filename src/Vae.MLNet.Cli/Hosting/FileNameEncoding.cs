using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Cli.Input;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Refuses a file name that was not valid UTF-8. .NET decodes the command line as UTF-8, putting U+FFFD in place of
/// the bytes that are not, so such a name would be read as "no such file" when the file exists, or written as a file
/// of another name.
/// </summary>
internal static class FileNameEncoding
{
    // How --help shows what names a file or directory: an option's value name, or an argument's own name.
    private static readonly string[] PathNames = ["FILE", "DIR", ModelFile.HelpName, DataInput.Name, LatentInput.Name];

    /// <summary>Whether <paramref name="symbol"/> takes the name of a file or directory.</summary>
    public static bool NamesAPath(Symbol symbol) => symbol switch
    {
        Option option => PathNames.Contains(option.HelpName),
        Argument argument => PathNames.Contains(argument.HelpName ?? argument.Name),
        _ => false,
    };

    /// <summary>Adds an error naming <paramref name="name"/> when a value of <paramref name="result"/> was not valid UTF-8.</summary>
    public static void RefuseInvalidUtf8(SymbolResult result, string name)
    {
        if (result.Tokens.FirstOrDefault(token => token.Value.Contains('\uFFFD', StringComparison.Ordinal)) is { } token)
        {
            result.AddError(
                $"{name} {token.Value} is not a valid UTF-8 name (each \uFFFD stands for bytes that are not): vae reads file names as UTF-8, so it would "
                + "use another file; give a UTF-8 name, renaming the file or linking to it under one.");
        }
    }
}
