using static Vae.MLNet.Model.ScoringArguments;

namespace Vae.MLNet.Transforms;

/// <summary>The argument checks the transformers share beyond those of every scorer.</summary>
internal static class TransformArguments
{
    /// <summary>Refuses anything but one row of <paramref name="width"/> finite values.</summary>
    public static void RequireOneRow(ReadOnlySpan<float> row, int width, string noun, string name)
    {
        if (row.Length != width)
        {
            throw new ArgumentException($"{row.Length} values were passed; pass exactly one row of {width}.", name);
        }

        RequireFinite(row, width, noun, name);
    }

    /// <summary>Whether <paramref name="rows"/> rows of <paramref name="width"/> values fit in one array.</summary>
    public static bool FitInOneArray(int rows, int width) => (long)rows * width <= Array.MaxLength;
}
