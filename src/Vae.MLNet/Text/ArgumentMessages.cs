using System.Globalization;
using System.Text.RegularExpressions;

namespace Vae.MLNet.Text;

/// <summary>
/// The message of an <see cref="ArgumentException"/> as a sentence for people who never saw the C# call: without the
/// "(Parameter 'x')" suffix and the "Actual value" line .NET appends, with the actual value kept inline before the
/// closing full stop unless the message already states it.
/// </summary>
internal static partial class ArgumentMessages
{
    /// <summary><paramref name="message"/> up to its first line break.</summary>
    public static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>
    /// The first line of <paramref name="exception"/>'s message without what .NET appends to it: the parameter's name and,
    /// on the next line, an out-of-range value.
    /// </summary>
    public static string WithoutAppendix(ArgumentException exception) =>
        FirstLine(exception.ParamName is { } name ? exception.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : exception.Message);

    /// <summary>
    /// <paramref name="message"/> with each setting it names (a capitalized word such as LearningRate) replaced by the
    /// name a caller knows it by, where <paramref name="nameBySetting"/> has one: a command-line option, a parameter.
    /// A word beside a double quote is the data's own, a feature's or a column's name (feature 0 ("Epochs")), and stays
    /// as it is: told by its neighbours, not by pairing quotes, which a name holding a quote of its own would throw off.
    /// </summary>
    public static string RenameSettings(string message, IReadOnlyDictionary<string, string> nameBySetting) =>
        SettingName().Replace(message, match => nameBySetting.GetValueOrDefault(match.Value, match.Value));

    /// <summary>The message of <paramref name="exception"/>, reworded as the summary says.</summary>
    public static string Describe(ArgumentException exception)
    {
        string message = WithoutAppendix(exception);
        if (exception is not ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            return message;
        }

        string value = Convert.ToString(actual, CultureInfo.InvariantCulture) ?? string.Empty;
        if (States(message, value))
        {
            return message;
        }

        return message.EndsWith('.') ? $"{message[..^1]} (got {value})." : $"{message} (got {value})";
    }

    // As a whole number: "must be in [0, 10]" does not state 1, "[0, 0.9]" not 0, and "from -5" or "1E-05" not 5.
    private static bool States(string message, string value) =>
        Regex.IsMatch(message, $@"(?<![\w.+\-]){Regex.Escape(value)}(?!\w|\.\d)", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"(?<!"")\b[A-Z][A-Za-z0-9]+\b(?!"")")]
    private static partial Regex SettingName();
}
