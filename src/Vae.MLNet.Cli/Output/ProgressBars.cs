using System.CommandLine;
using Spectre.Console;

namespace Vae.MLNet.Cli.Output;

/// <summary>The live progress display of long commands, used only when the output is a terminal that can show it.</summary>
internal static class ProgressBars
{
    /// <summary>
    /// The narrowest terminal the display is shown on: narrower, its line breaks in two, and each of its several redraws
    /// a second leaves a line behind.
    /// </summary>
    public const int MinimumWidth = 50;

    /// <summary>The option that turns the display off, for a terminal that shows it poorly (a screen reader, a recording, a log).</summary>
    /// <param name="instead">What the command shows in its place, as a sentence.</param>
    public static Option<bool> NoProgressOption(string instead) => new("--no-progress")
    {
        Description = $"Show no live progress display on a terminal (nor on one narrower than {MinimumWidth} columns, where it is never shown). {instead}",
    };

    /// <summary>
    /// Whether <paramref name="console"/> shows the display: a terminal that takes ANSI escape codes (not TERM=dumb), at
    /// least <see cref="MinimumWidth"/> columns wide, unless --no-progress (<paramref name="noProgress"/>) was given.
    /// </summary>
    public static bool Shown(IAnsiConsole console, bool noProgress) =>
        !noProgress && console.Profile.Capabilities is { Interactive: true, Ansi: true } && console.Profile.Width >= MinimumWidth;

    /// <summary>A progress display with description, bar, percentage, elapsed and remaining time that stays on screen when done.</summary>
    public static Progress Create(IAnsiConsole console) => console.Progress()
        .AutoClear(false)
        .Columns(
            new TaskDescriptionColumn { Alignment = Justify.Left },
            new ProgressBarColumn(),
            new PercentageColumn(),
            TimeColumn.Elapsed(),
            TimeColumn.Remaining(),
            new SpinnerColumn());
}
