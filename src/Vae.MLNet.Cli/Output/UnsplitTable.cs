using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// A table of numbers and option names, none of which may be split over lines: Spectre squeezes a table wider than the
/// console by wrapping and cutting its cells, so 357.8267 read as "357.826" over "7" and --latent-dim as "--latent-d"
/// over "im". Where every row fits whole it is a table; where it does not, each row becomes a record of headings and
/// values ("epoch 1, loss 487.0284, …"), set apart by blank lines as the table's borders set it apart, that wraps only between one heading's value and the next
/// heading, its further lines indented.
/// </summary>
internal sealed class UnsplitTable : Renderable
{
    private const string ContinuationIndent = "    ";

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
            : new Rows([Spectre.Console.Text.Empty, .. _rows.Select(row => new Markup(Record(options, row, maxWidth))), Spectre.Console.Text.Empty]);

    // Wrapped between words, a heading could end one line and its value start the next ("recon." over "7.6492"), and
    // records ran together: so a heading and its value go whole onto a line, and a record's further lines are indented
    // so that each record's first line stands out. Only a heading and value too wide for a line of their own wrap within.
    private string Record(RenderOptions options, string[] cells, int maxWidth)
    {
        var record = new StringBuilder();
        int lineWidth = 0;
        int last = cells.Length - 1;
        foreach ((int index, (string heading, string cell)) in _headings.Zip(cells).Index())
        {
            string pair = $"{heading} {cell}";
            int width = ((IRenderable)new Markup(pair)).Measure(options, PipedWidth.Unlimited).Max;

            // A pair before another ends its line with the comma that parts them; the last has none to make room for.
            int comma = index < last ? ",".Length : 0;
            if (lineWidth == 0)
            {
                lineWidth = width;
            }
            else if (lineWidth + ", ".Length + width + comma <= maxWidth)
            {
                record.Append(", ");
                lineWidth += ", ".Length + width;
            }
            else
            {
                record.Append(',').Append('\n').Append(ContinuationIndent);
                lineWidth = ContinuationIndent.Length + width;
            }

            record.Append(pair);
        }

        return record.ToString();
    }
}
