using System.Numerics;

namespace Vae.MLNet.Numerics;

/// <summary>
/// log(1 + t) for t in [0, 1], vectorized without the runtime's logarithm. The logistic terms of training take
/// log(1 + e^−|x|), and once |x| passes about 10 the runtime's vector logarithm of 1 + e^−|x| runs more than ten times
/// slower (its intermediate values fall into the subnormal range), which made it the costliest part of the Bernoulli
/// loss on images, whose logits for background pixels sit there.
/// </summary>
internal static class LogOnePlus
{
    /// <summary>
    /// log(1 + t) = 2·atanh(s) with s = t / (2 + t) ≤ ⅓, from the odd power series of atanh up to s¹³: the first term
    /// left out is below 1.5e-8 of the result, under float rounding. Exact in the limit t → 0, where log(1 + t) → t.
    /// </summary>
    /// <param name="t">Values in [0, 1].</param>
    public static Vector<float> OfUnitInterval(Vector<float> t)
    {
        Vector<float> s = t / (new Vector<float>(2f) + t);
        Vector<float> s2 = s * s;
        Vector<float> series = new(1f / 13);
        series = HardwareMultiplyAdd.Of(series, s2, new Vector<float>(1f / 11));
        series = HardwareMultiplyAdd.Of(series, s2, new Vector<float>(1f / 9));
        series = HardwareMultiplyAdd.Of(series, s2, new Vector<float>(1f / 7));
        series = HardwareMultiplyAdd.Of(series, s2, new Vector<float>(1f / 5));
        series = HardwareMultiplyAdd.Of(series, s2, new Vector<float>(1f / 3));
        series = HardwareMultiplyAdd.Of(series, s2, Vector<float>.One);
        return 2f * s * series;
    }

    /// <summary>
    /// The scalar <see cref="OfUnitInterval(Vector{float})"/>, computed in a vector so that it is the same arithmetic
    /// lane for lane: a value's logarithm does not depend on whether it falls in a whole vector.
    /// </summary>
    /// <param name="t">A value in [0, 1].</param>
    public static float OfUnitInterval(float t) => OfUnitInterval(new Vector<float>(t))[0];
}
