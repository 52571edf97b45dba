using Spectre.Console;
using Spectre.Console.Rendering;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// A table of numbers and option names, none of which may be split over lines: Spectre squeezes a table wider than the
/// console by wrapping and cutting its cells, so 357.8267 read as "357.826" over "7" and --latent-dim as "--latent-d"
/// over "im". Where every row fits whole it is a table; where it does not, each row becomes a line of headings and
/// values ("epoch 1, loss 487.0284, …") that wraps only between words.
/// </summary>
internal sealed class UnsplitTable : Renderable
{
    private readonly Table _table = new() { Border = HeaderRuleBorder.Instance };
    private readonly string[] _headings;
    private readonly List<string[]> _rows = [];

    /// <summary>A table with the columns <paramref name="headings"/>, in Spectre markup.</summary>
    public UnsplitTable(params string[] headings)
    {
        _headings = headings;
        foreach (string heading in headings)
        {
            _table.AddColumn(new TableColumn(heading).NoWrap());
        }
    }

    /// <summary>Adds a row of <paramref name="cells"/>, in Spectre markup, one for each heading.</summary>
    public UnsplitTable AddRow(params string[] cells)
    {
        _table.AddRow(cells);
        _rows.Add(cells);
        return this;
    }

    protected override Measurement Measure(RenderOptions options, int maxWidth) => Layout(options, maxWidth).Measure(options, maxWidth);

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => Layout(options, maxWidth).Render(options, maxWidth);

    private IRenderable Layout(RenderOptions options, int maxWidth) =>
        ((IRenderable)_table).Measure(options, PipedWidth.Unlimited).Max <= maxWidth
            ? _table
            : new Rows(_rows.Select(row => new Markup(string.Join(", ", _headings.Zip(row, (heading, cell) => $"{heading} {cell}")))));
}
