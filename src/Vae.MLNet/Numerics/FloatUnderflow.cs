namespace Vae.MLNet.Numerics;

/// <summary>
/// Numbers, nonzero as given, that a 32-bit float holds only as 0: the readers refuse them rather than lose them.
/// Subnormal floats, from about 1.2e-38 down to 1.4e-45, are read: they keep a value to within float32's smallest step,
/// the library's own output (latent means, generated and reconstructed rows) can hold them and must read back, and a
/// feature that spreads so little is refused when it is scaled.
/// </summary>
internal static class FloatUnderflow
{
    /// <summary>What a reader says of such a number, after naming it and its value.</summary>
    public const string Problem =
        " nearer 0 than a 32-bit float holds (its smallest is 1.4e-45), so it would read as 0; every feature must be a number a 32-bit float holds: "
        + "write such a number as 0 where it stands for none, or multiply the feature by a power of ten that brings its values near 1 (take the logarithm of one that spans many powers of ten).";

    /// <summary>Whether converting the nonzero <paramref name="value"/> to float32 leaves 0.</summary>
    public static bool Loses(double value) => value != 0 && (float)value == 0;
}
