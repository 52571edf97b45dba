using System.Numerics;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Numerics;

/// <summary>Sums of float32 values accumulated in double, for totals that may exceed float32's range when their terms do not.</summary>
internal static class WideSums
{
    /// <summary>Σ x, which overflows float32 for many large terms, such as a batch's row losses, each finite.</summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float value in values)
        {
            sum += value;
        }

        return sum;
    }

    /// <summary>Σ x², which overflows float32 once the L2 norm passes about 1.8e19 although every x is finite.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> values)
    {
        ReadOnlySpan<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        Vector<double> low = Vector<double>.Zero;
        Vector<double> high = Vector<double>.Zero;
        foreach (Vector<float> vector in vectors)
        {
            Vector.Widen(vector, out Vector<double> first, out Vector<double> second);
            low += first * first;
            high += second * second;
        }

        double sum = Vector.Sum(low + high);
        foreach (float value in values[(vectors.Length * Vector<float>.Count)..])
        {
            sum += (double)value * value;
        }

        return sum;
    }
}
