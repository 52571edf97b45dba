using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>Turns an exception into the one-line message and exit code of a failed command.</summary>
internal static class ErrorReporter
{
    /// <summary>Exit code of a command that failed.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a command line the parser rejected, or a <see cref="CommandLineUsageException"/>.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code after Ctrl+C, as shells report SIGINT (128 + 2).</summary>
    public const int Cancelled = 130;

    /// <summary>Exit code once standard output's reader has gone, as shells report SIGPIPE (128 + 13).</summary>
    public const int OutputClosed = 141;

    /// <summary>
    /// Writes "vae: message" (and the stack trace when <paramref name="verbose"/>) and returns the exit code; a closed
    /// standard output is not told but for a file the command kept (see <see cref="StandardOutputClosedException"/>).
    /// </summary>
    public static int Report(Exception exception, bool verbose, TextWriter error)
    {
        if (exception is StandardOutputClosedException { TellsWhatWasKept: false })
        {
            return OutputClosed;
        }

        error.WriteLine($"vae: {TerminalText.Visible(Describe(exception))}");
        if (verbose)
        {
            foreach (string line in exception.ToString().Split('\n'))
            {
                error.WriteLine(TerminalText.Visible(line.TrimEnd('\r')));
            }
        }

        return exception switch
        {
            StandardOutputClosedException => OutputClosed,
            OperationCanceledException => Cancelled,
            CommandLineUsageException => UsageError,
            _ => Failure,
        };
    }

    /// <summary>The one-line message for <paramref name="exception"/>, without "vae: ".</summary>
    public static string Describe(Exception exception) => exception switch
    {
        CancelledCommandException cancelled => cancelled.Message,
        OperationCanceledException => "cancelled; no output file was written.",
        IOException when ProcessLimitFailure.UnloadedAssembly(exception) is { } assembly => ProcessLimitFailure.AssemblyNotLoaded(assembly),
        FileNotFoundException { FileName: { } file } => Path.GetFileName(file) == "-"
            ? $"{file}: no such file; '-' names a file here, not standard input: {PipedInput.ForDash}"
            : $"{file}: no such file.",
        OutOfMemoryException => "out of memory: read fewer rows (--max-rows) or train a smaller model (--hidden, --latent-dim).",
        ArgumentException argument => ArgumentMessages.Describe(argument),
        _ => ArgumentMessages.FirstLine(exception.Message),
    };
}
