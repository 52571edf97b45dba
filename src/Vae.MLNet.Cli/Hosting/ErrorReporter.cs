using System.Text.RegularExpressions;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>Turns an exception into the one-line message and exit code of a failed command.</summary>
internal static class ErrorReporter
{
    /// <summary>Exit code of a command that failed.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a command line the parser rejected.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code after Ctrl+C, as shells report SIGINT (128 + 2).</summary>
    public const int Cancelled = 130;

    /// <summary>Writes "vae: message" (and the stack trace when <paramref name="verbose"/>) and returns the exit code.</summary>
    public static int Report(Exception exception, bool verbose, TextWriter error)
    {
        error.WriteLine($"vae: {Describe(exception)}");
        if (verbose)
        {
            error.WriteLine(exception.ToString());
        }

        return exception is OperationCanceledException ? Cancelled : Failure;
    }

    /// <summary>
    /// The message of an <see cref="ArgumentException"/> without the "(Parameter 'x')" suffix and the "Actual value"
    /// line .NET appends, which name C# parameters the user never typed; the actual value is kept inline, before the
    /// closing full stop, unless the message already states it.
    /// </summary>
    public static string Describe(ArgumentException exception)
    {
        string message = exception.Message;
        if (exception.ParamName is { } name)
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        message = FirstLine(message);
        if (exception is not ArgumentOutOfRangeException { ActualValue: { } actual } || States(message, $"{actual}"))
        {
            return message;
        }

        return message.EndsWith('.') ? $"{message[..^1]} (got {actual})." : $"{message} (got {actual})";
    }

    // As a whole number: "must be in [0, 10]" does not state 1, nor "[0, 0.9]" 0.
    private static bool States(string message, string value) =>
        Regex.IsMatch(message, $@"(?<![\w.]){Regex.Escape(value)}(?!\w|\.\d)", RegexOptions.CultureInvariant);

    private static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => "cancelled; no output was written.",
        FileNotFoundException { FileName: { } file } => $"{file}: no such file.",
        ArgumentException argument => Describe(argument),
        _ => FirstLine(exception.Message),
    };

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
