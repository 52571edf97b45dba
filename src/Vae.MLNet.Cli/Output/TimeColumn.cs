using Spectre.Console;
using Spectre.Console.Rendering;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// A progress column of a task's elapsed or remaining time, written as <see cref="DurationText"/> writes durations:
/// Spectre's own time columns drop whole days, so 40 hours read as 16:00:00.
/// </summary>
internal sealed class TimeColumn(Func<ProgressTask, TimeSpan?> time) : ProgressColumn
{
    private static readonly Style TimeStyle = new(foreground: Color.Blue);

    /// <summary>The time the task has run.</summary>
    public static TimeColumn Elapsed() => new(task => task.ElapsedTime);

    /// <summary>The time the task is estimated to need still.</summary>
    public static TimeColumn Remaining() => new(task => task.RemainingTime);

    /// <inheritdoc/>
    protected override bool NoWrap => true;

    /// <inheritdoc/>
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Spectre.Console.Text(time(task) is { } span ? DurationText.Of(span.TotalSeconds) : "--:--:--", TimeStyle);
}
