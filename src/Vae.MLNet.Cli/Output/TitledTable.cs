using Spectre.Console;
using Spectre.Console.Rendering;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// A table under its title. Spectre wraps a table's own title to the table's width, which the cells set, so a title
/// wider than the cells was split over lines even on a pipe, where tables have no width limit, and <c>grep</c> did not
/// find its phrases. A title that fits is centred over the table, as Spectre places it; a wider one starts a line of its
/// own above it and wraps only where the console's width ends, as the cells do.
/// </summary>
/// <param name="title">The title, in Spectre markup.</param>
/// <param name="table">The table, without a title of its own.</param>
internal sealed class TitledTable(string title, Table table) : Renderable
{
    // The colour Spectre gives a table's title.
    private static readonly Style TitleStyle = new(Color.Silver);

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        IRenderable rows = table;
        int tableWidth = Math.Min(rows.Measure(options, maxWidth).Max, maxWidth);
        var heading = new Markup(title, TitleStyle);
        bool fits = ((IRenderable)heading).Measure(options, PipedWidth.Unlimited).Max <= tableWidth;
        IRenderable placed = fits ? heading.Centered() : heading;
        return [.. placed.Render(options, fits ? tableWidth : maxWidth), Segment.LineBreak, .. rows.Render(options, maxWidth)];
    }
}
