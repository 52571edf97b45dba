using Spectre.Console;
using Spectre.Console.Rendering;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// A table under its title. Spectre wraps a table's own title to the table's width, which the cells set, so a title
/// wider than the cells was split over lines even on a pipe, where tables have no width limit, and <c>grep</c> did not
/// find its phrases. On a terminal a title that fits is centred over the table, as Spectre places it; a wider one starts
/// a line of its own above it and wraps only where the console's width ends, as the cells do. Elsewhere a title starts
/// its line: a table there is as wide as its widest cell, and centring put hundreds of spaces before a title.
/// </summary>
/// <param name="title">The title, in Spectre markup.</param>
/// <param name="table">The table, without a title of its own.</param>
internal sealed class TitledTable(string title, IRenderable table) : Renderable
{
    // Bold in the terminal's own colour: Spectre's silver is barely visible on a light background.
    private static readonly Style TitleStyle = new(decoration: Decoration.Bold);

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        IRenderable rows = table;
        int tableWidth = Math.Min(rows.Measure(options, maxWidth).Max, maxWidth);
        var heading = new Markup(title, TitleStyle);
        bool centred = options.Capabilities.Interactive && ((IRenderable)heading).Measure(options, PipedWidth.Unlimited).Max <= tableWidth;
        IRenderable placed = centred ? heading.Centered() : heading;
        return [.. placed.Render(options, centred ? tableWidth : maxWidth), Segment.LineBreak, .. rows.Render(options, maxWidth)];
    }
}
