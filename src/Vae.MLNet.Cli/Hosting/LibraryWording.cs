using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// A library message in the command line's terms: the library's advice names its own API (a setting, a method, a
/// parameter) where the command line has an option or a command. Each of <see cref="Phrases"/> is replaced, in order, by
/// the command line's wording, and then each setting the message still names by the option in
/// <see cref="OptionBySetting"/>, so that a setting the phrases miss still reaches users as an option.
/// </summary>
/// <remarks>
/// A phrase the library no longer words so would pass its API's names on unnoticed; a test checks that every phrase of
/// every wording still occurs in the library's messages, as <see cref="Before"/> leaves them.
/// </remarks>
/// <param name="phrases">Each library phrase, with the command line's wording of it.</param>
internal sealed class LibraryWording(params (string Library, string CommandLine)[] phrases)
{
    /// <summary>Each library phrase, with the command line's wording of it, in the order they are replaced.</summary>
    public IReadOnlyList<(string Library, string CommandLine)> Phrases { get; } = phrases;

    /// <summary>The option that sets each library setting (a capitalized word such as MaxRows) a message may name.</summary>
    public IReadOnlyDictionary<string, string> OptionBySetting { get; init; } = new Dictionary<string, string>();

    /// <summary>A wording applied first, whose terms <see cref="Phrases"/> are then in; null when they are the library's.</summary>
    public LibraryWording? Before { get; init; }

    /// <summary><paramref name="message"/>, from the library, in the command line's terms.</summary>
    public string Apply(string message)
    {
        string worded = Before?.Apply(message) ?? message;
        foreach ((string library, string commandLine) in Phrases)
        {
            worded = worded.Replace(library, commandLine, StringComparison.Ordinal);
        }

        return ArgumentMessages.RenameSettings(worded, OptionBySetting);
    }
}
