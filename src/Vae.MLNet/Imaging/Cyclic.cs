namespace Vae.MLNet.Imaging;

/// <summary>Picks from a chart's short list of colours, shapes or dashes by a label or series index, cycling through it.</summary>
internal static class Cyclic
{
    /// <summary>The item at <paramref name="index"/> modulo the count, counted from the end for a negative index.</summary>
    public static T At<T>(T[] items, int index) => items[((index % items.Length) + items.Length) % items.Length];
}
