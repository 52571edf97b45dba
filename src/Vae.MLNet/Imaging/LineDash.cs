namespace Vae.MLNet.Imaging;

/// <summary>
/// The dash pattern of a chart's curve. Colour alone does not tell curves apart for a reader who cannot see it, so
/// each series has a pattern too, the legend's swatch showing it: solid, dashed, dotted, dash-dot, in turn.
/// </summary>
internal sealed class LineDash
{
    // Lengths in pixels along the line, drawn and skipped in turn; none for a solid line.
    private readonly int[] _pattern;
    private readonly int _period;

    private LineDash(string name, params int[] pattern)
    {
        Name = name;
        _pattern = pattern;
        _period = pattern.Sum();
    }

    /// <summary>An unbroken line.</summary>
    public static LineDash Solid { get; } = new("solid");

    private static readonly LineDash[] Dashes = [Solid, new("dashed", 7, 4), new("dotted", 2, 3), new("dash-dot", 7, 3, 2, 3)];

    /// <summary>The pattern's name, for test messages.</summary>
    public string Name { get; }

    /// <summary>The pattern of series <paramref name="index"/>, the one whose palette colour is <see cref="ChartPalette.Get"/>(index).</summary>
    public static LineDash Of(int index) => Cyclic.At(Dashes, index);

    /// <summary>Whether the line is drawn <paramref name="distance"/> pixels along it from where its pattern starts.</summary>
    public bool DrawsAt(double distance)
    {
        if (_period == 0)
        {
            return true;
        }

        double within = distance % _period;
        for (int part = 0; ; part++)
        {
            within -= _pattern[part];
            if (within < 0)
            {
                return part % 2 == 0;
            }
        }
    }

    public override string ToString() => Name;
}
