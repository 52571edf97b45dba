namespace Vae.MLNet.Imaging;

/// <summary>One line of a training chart: a value per epoch, or none where the epoch did not record one.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Color">The line's colour.</param>
/// <param name="Dash">The line's pattern, which tells it from the others where its colour does not.</param>
/// <param name="Values">One entry per epoch of the chart, the first epoch's first; null where there is no value.</param>
internal sealed record EpochCurve(string Name, RgbColor Color, LineDash Dash, float?[] Values)
{
    /// <summary>Series <paramref name="index"/>'s curve, in its palette colour and its dash pattern.</summary>
    public static EpochCurve Of(int index, string name, float?[] values) => new(name, ChartPalette.Get(index), LineDash.Of(index), values);
}
