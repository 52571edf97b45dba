namespace Vae.MLNet.Numerics;

/// <summary>
/// Finite numbers beyond ±3.4e38, which a 32-bit float holds only as an infinity: the readers refuse them as such, with
/// a remedy of scale, rather than as the missing values an infinity written out stands for.
/// </summary>
internal static class FloatOverflow
{
    /// <summary>What a reader says of such a number, after naming it and its value.</summary>
    public const string Problem =
        " beyond the range of a 32-bit float (its largest is 3.4e38), so it would read as infinity; every feature must be a number a 32-bit float holds: "
        + "divide the feature by a power of ten that brings its values near 1 (take the logarithm of one that spans many powers of ten).";

    /// <summary>Whether converting the finite <paramref name="value"/> to float32 leaves an infinity.</summary>
    public static bool Loses(double value) => double.IsFinite(value) && float.IsInfinity((float)value);
}
