using Spectre.Console;

namespace Vae.MLNet.Cli.Output;

/// <summary>The live progress display of long commands, used only when the output is a terminal.</summary>
internal static class ProgressBars
{
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
