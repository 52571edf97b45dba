namespace Vae.MLNet.Imaging;

/// <summary>
/// The shape of a scatter plot's points of one class. Colour alone does not tell classes apart for a reader who cannot
/// see it (red and green, orange and olive in a colour-vision deficiency; a grey print), so each class has a shape too,
/// ten in all as the palette has ten colours. Every shape covers its centre pixel, where the point lies.
/// </summary>
internal sealed class MarkerShape
{
    private readonly Func<long, long, long, bool> _covers;

    private MarkerShape(string name, Func<long, long, long, bool> covers)
    {
        Name = name;
        _covers = covers;
    }

    /// <summary>A disc, rounded outward a little at its rim so a small one stays round rather than diamond-shaped.</summary>
    public static MarkerShape Circle { get; } = new("circle", (dx, dy, r) => (dx * dx) + (dy * dy) <= (r * r) + r);

    private static readonly MarkerShape[] Shapes =
    [
        Circle,
        new("square", (dx, dy, r) => true),
        new("triangle up", (dx, dy, r) => 2 * Math.Abs(dx) <= dy + r),
        new("diamond", (dx, dy, r) => Math.Abs(dx) + Math.Abs(dy) <= r),
        new("plus", (dx, dy, r) => dx == 0 || dy == 0),
        new("cross", (dx, dy, r) => Math.Abs(dx) == Math.Abs(dy)),
        new("triangle down", (dx, dy, r) => 2 * Math.Abs(dx) <= r - dy),
        new("asterisk", (dx, dy, r) => dx == 0 || dy == 0 || Math.Abs(dx) == Math.Abs(dy)),
        new("triangle left", (dx, dy, r) => 2 * Math.Abs(dy) <= dx + r),
        new("triangle right", (dx, dy, r) => 2 * Math.Abs(dy) <= r - dx),
    ];

    /// <summary>The shape's name, for test messages.</summary>
    public string Name { get; }

    /// <summary>The shape of class <paramref name="label"/>'s points; labels ten apart share one, as they share a colour.</summary>
    public static MarkerShape Of(int label) => Cyclic.At(Shapes, label);

    /// <summary>Whether the pixel (<paramref name="dx"/>, <paramref name="dy"/>) from the centre, each within ±<paramref name="radius"/>, is painted.</summary>
    public bool Covers(long dx, long dy, long radius) => _covers(dx, dy, radius);

    public override string ToString() => Name;
}
